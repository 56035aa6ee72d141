package dev.seclens.rules.taint;

import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.Expression;
import dev.seclens.rules.ast.Types;
import java.util.Map;
import java.util.Set;

/**
 * Publish/subscribe by event class: Guava's {@code EventBus.post(event)} to {@code @Subscribe}
 * methods, Spring's {@code ApplicationEventPublisher.publishEvent(event)} to {@code @EventListener}
 * methods. What is posted is kept as a global store keyed by the event's class
 * ({@link FileTaint#storeValue}), so a subscriber sees only events of the class it takes.
 */
final class EventBuses {
    /** The store's owner and field: no class of the scanned code is named so. */
    static final String STORE_OWNER = "seclens.events.EventBus";
    static final String STORE_FIELD = "events";
    /** Publishing methods, by the simple names of the types that declare them. */
    private static final Map<String, Set<String>> PUBLISHERS = Map.of(
            "post", Set.of("EventBus", "AsyncEventBus"),
            "publishEvent", Set.of("ApplicationEventPublisher", "ApplicationContext", "ConfigurableApplicationContext",
                    "WebApplicationContext", "GenericApplicationContext"));
    private static final Set<String> SUBSCRIBE = Set.of("com.google.common.eventbus.Subscribe",
            "org.springframework.context.event.EventListener",
            "org.springframework.transaction.event.TransactionalEventListener");

    private EventBuses() {
    }

    /** {@code bus.post(event)} on a variable or field declared as an event bus or publisher. */
    static boolean isPublish(Expression scope, String name) {
        Set<String> types = PUBLISHERS.get(name);
        return types != null && Types.isKind(scope, types::contains, written -> false);
    }

    /** A method the bus calls with each event of its parameter's class. */
    static boolean isSubscriber(CallableDeclaration<?> method) {
        return method.getAnnotations().stream()
                .anyMatch(a -> SUBSCRIBE.stream().anyMatch(q -> Types.denotes(method, a.getNameAsString(), q)));
    }
}
