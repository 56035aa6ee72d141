package dev.seclens.rules.taint;

import dev.seclens.rules.model.TypeRef;
import java.util.List;
import java.util.Map;

/**
 * A class of the scanned code as calls from other files see it.
 *
 * @param name       its fully qualified name ({@code p.Outer.Inner}, {@code p.Outer$Local})
 * @param supertypes the classes and interfaces it extends, as {@linkplain TypeRef#encoded() encoded
 *                   references} resolved against the workspace when asked
 * @param test       whether it is test code, which production code never calls into
 * @param staticWrites the real sources its methods store in static fields, by {@code owner#field}
 *                   (the owner's fully qualified name), so a read of that field in another file sees them
 */
public record ClassSummary(String name, String file, List<String> supertypes, boolean isInterface, boolean test,
                           List<MethodSummary> methods, Map<String, Value> staticWrites) {
    public ClassSummary {
        supertypes = List.copyOf(supertypes);
        methods = List.copyOf(methods);
        staticWrites = staticWrites == null ? Map.of() : Map.copyOf(staticWrites); // null: cached before they were kept
    }

    /** A class whose methods write no static field of the workspace with untrusted data. */
    public ClassSummary(String name, String file, List<String> supertypes, boolean isInterface, boolean test,
                        List<MethodSummary> methods) {
        this(name, file, supertypes, isInterface, test, methods, Map.of());
    }

    public String simpleName() {
        return TypeRef.simpleName(name);
    }
}
