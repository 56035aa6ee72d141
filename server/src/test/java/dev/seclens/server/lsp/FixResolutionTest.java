package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

/** When a quick fix's edit is deferred to codeAction/resolve, and what resolve answers. */
class FixResolutionTest {
    private static final String URI = "file:///p/src/main/java/Users.java";
    private static final String TEXT = """
            import java.security.MessageDigest;
            import java.sql.*;

            class Users {
                ResultSet byName(Connection conn, javax.servlet.http.HttpServletRequest request) throws Exception {
                    String name = request.getParameter("name");
                    Statement st = conn.createStatement();
                    MessageDigest.getInstance("MD5");
                    return st.executeQuery("SELECT id FROM users WHERE name = '" + name + "'");
                }
            }
            """;
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();

    private final DocumentStore store = new DocumentStore();
    private final FixResolution resolution = new FixResolution(store, document -> ANALYZER, Runnable::run);

    @Test
    void onlyStructuralFixesAreDeferredAndOnlyForClientsThatResolveEdits() {
        TextDocument doc = store.open(URI, "java", 1, TEXT);
        Analysis analysis = ANALYZER.analyze(doc.file());
        assertNotNull(action(doc, analysis, "java/sql-injection").getEdit());
        resolution.clientResolvesEdits(true);
        CodeAction sql = action(doc, analysis, "java/sql-injection");
        assertNull(sql.getEdit());
        JsonObject data = (JsonObject) sql.getData();
        assertEquals(URI, data.get("uri").getAsString());
        assertEquals("java/sql-injection", data.get("rule").getAsString());
        assertEquals(1, data.get("version").getAsInt());
        assertNotNull(action(doc, analysis, "java/weak-hash").getEdit());
    }

    @Test
    void resolveComputesTheEditOnTheSameRevisionAndNothingOnceTheTextChanged() throws Exception {
        resolution.clientResolvesEdits(true);
        TextDocument doc = store.open(URI, "java", 1, TEXT);
        Analysis analysis = ANALYZER.analyze(doc.file());
        CodeAction resolved = resolution.resolve(action(doc, analysis, "java/sql-injection")).get();
        assertEquals(4, resolved.getEdit().getChanges().get(URI).size(), resolved.toString());

        CodeAction unresolved = action(doc, analysis, "java/sql-injection");
        store.change(URI, 2, List.of(new TextDocumentContentChangeEvent("// edited\n" + TEXT)));
        assertNull(resolution.resolve(unresolved).get().getEdit());
        store.close(URI);
        assertNull(resolution.resolve(action(doc, analysis, "java/sql-injection")).get().getEdit());
    }

    private CodeAction action(TextDocument doc, Analysis analysis, String rule) {
        Finding finding = analysis.findings().stream().filter(f -> f.ruleId().equals(rule)).findFirst().orElseThrow();
        CodeAction action = new CodeAction(finding.fix().orElseThrow().title());
        resolution.complete(action, doc, finding, analysis);
        return action;
    }
}
