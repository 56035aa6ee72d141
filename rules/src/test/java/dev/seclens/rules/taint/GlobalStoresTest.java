package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.checks.BuiltInRules;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A static map many classes put to and read from, or an event bus, connects only the same key (the
 * event's class); an unknown key connects at low confidence.
 */
class GlobalStoresTest {
    @Test
    void aStoreConnectsTheSameConstantKeyAndAnUnknownKeyOnlyAtLowConfidence() {
        Map<String, String> texts = new TreeMap<>();
        texts.put("p/Keys.java", """
                package p;
                public final class Keys {
                    public static final String QUERY = "query";
                    public static final java.util.Map<String, String> STORE = new java.util.HashMap<>();
                }
                """);
        texts.put("p/Publisher.java", """
                package p;
                class Publisher {
                    void publish(javax.servlet.http.HttpServletRequest request) {
                        Keys.STORE.put(Keys.QUERY, request.getParameter("q"));
                        Keys.STORE.put("title", "Report");
                    }
                }
                """);
        String reader = """
                package p;
                class Reader {
                    java.sql.Statement statement;
                    void read(String key) throws Exception {
                        statement.execute(Keys.STORE.get("query"));
                        statement.execute(Keys.STORE.get("title"));
                        statement.execute(Keys.STORE.get(key));
                    }
                }
                """;
        texts.put("p/Reader.java", reader);
        WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());
        summaries.addAll(texts);
        Map<Integer, Confidence> sql = new Analyzer(BuiltInRules.all()).withTaint(TaintEngine.builtIn(), summaries)
                .analyze(new SourceFile("p/Reader.java", reader)).findings().stream()
                .filter(f -> f.rule().id().equals("java/sql-injection"))
                .collect(Collectors.toMap(f -> f.range().startLine(), Finding::confidence, (a, b) -> a, TreeMap::new));
        assertEquals(Map.of(5, Confidence.HIGH, 7, Confidence.LOW), sql);
    }

    @Test
    void anEventReachesTheSubscribersOfItsClassAndThoseOfAnyEventOnlyAtLowConfidence() {
        Map<String, String> texts = new TreeMap<>();
        texts.put("p/Placed.java", "package p; public record Placed(String note) {}");
        texts.put("p/Shipped.java", "package p; public record Shipped(String note) {}");
        texts.put("p/Poster.java", """
                package p;
                class Poster {
                    com.google.common.eventbus.EventBus bus;
                    void post(javax.servlet.http.HttpServletRequest request) {
                        bus.post(new Placed(request.getParameter("note")));
                    }
                }
                """);
        String listener = """
                package p;
                import com.google.common.eventbus.Subscribe;
                class Listener {
                    java.sql.Statement statement;
                    @Subscribe void placed(Placed e) throws Exception { statement.execute(e.note()); }
                    @Subscribe void shipped(Shipped e) throws Exception { statement.execute(e.note()); }
                    @Subscribe void any(Object e) throws Exception { statement.execute(e.toString()); }
                }
                """;
        texts.put("p/Listener.java", listener);
        WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());
        summaries.addAll(texts);
        Map<Integer, Confidence> sql = new Analyzer(BuiltInRules.all()).withTaint(TaintEngine.builtIn(), summaries)
                .analyze(new SourceFile("p/Listener.java", listener)).findings().stream()
                .filter(f -> f.rule().id().equals("java/sql-injection"))
                .collect(Collectors.toMap(f -> f.range().startLine(), Finding::confidence, (a, b) -> a, TreeMap::new));
        assertEquals(Map.of(5, Confidence.HIGH, 7, Confidence.LOW), sql);
    }
}
