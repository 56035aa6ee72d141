package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;

/**
 * codeAction/resolve over the wire: a client that can resolve {@code edit} gets the SQL rewrite
 * without its edit and resolves it (not once the document changed); a client that cannot gets the
 * edit at once. Small fixes come with their edit either way.
 */
class CodeActionResolveRoundTripTest {
    private static final String URI = "file:///work/demo/src/main/java/demo/Users.java";
    private static final String TEXT = """
            package demo;

            import java.security.MessageDigest;
            import java.sql.Connection;
            import java.sql.ResultSet;
            import java.sql.SQLException;
            import java.sql.Statement;

            class Users {
                ResultSet byName(Connection conn, javax.servlet.http.HttpServletRequest request) throws SQLException {
                    String name = request.getParameter("name");
                    Statement st = conn.createStatement();
                    return st.executeQuery("SELECT id FROM users WHERE name = '" + name + "'");
                }

                byte[] hash(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;
    private static final String PREPARED = "PreparedStatement st = conn.prepareStatement("
            + "\"SELECT id FROM users WHERE name = ?\");\n        st.setString(1, name);\n"
            + "        return st.executeQuery();";

    @Test
    void aClientThatResolvesEditsGetsTheSqlRewriteOnlyWhenItAsks() throws Exception {
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            assertTrue(lsp.initialize(resolvingEdits()).getCapabilities().getCodeActionProvider().getRight()
                    .getResolveProvider());
            lsp.open(URI, 1, TEXT);
            PublishDiagnosticsParams opened = lsp.awaitVersion(URI, 1);

            CodeAction sql = onlyAction(lsp, diagnostic(opened, "java/sql-injection"));
            assertNull(sql.getEdit());
            assertNotNull(sql.getData());
            CodeAction hash = onlyAction(lsp, diagnostic(opened, "java/weak-hash"));
            assertNotNull(hash.getEdit(), "a one-expression fix needs no resolve");

            CodeAction resolved = lsp.server.getTextDocumentService().resolveCodeAction(sql)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String fixed = QuickFixRoundTripTest.apply(TEXT, resolved.getEdit().getChanges().get(URI));
            assertTrue(fixed.contains(PREPARED) && fixed.contains("import java.sql.PreparedStatement;"), fixed);
            lsp.change(URI, 2, new TextDocumentContentChangeEvent(fixed));
            PublishDiagnosticsParams after = lsp.awaitVersion(URI, 2);
            assertEquals(List.of("java/weak-hash"), after.getDiagnostics().stream()
                    .map(d -> d.getCode().getLeft()).toList());

            CodeAction stale = lsp.server.getTextDocumentService().resolveCodeAction(sql)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertNull(stale.getEdit(), "an action for an older version resolves to no edit");
        }
    }

    @Test
    void aClientWithoutResolveSupportGetsTheEditAtOnce() throws Exception {
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.initialize();
            lsp.open(URI, 1, TEXT);
            PublishDiagnosticsParams opened = lsp.awaitVersion(URI, 1);
            CodeAction sql = onlyAction(lsp, diagnostic(opened, "java/sql-injection"));
            assertNull(sql.getData());
            String fixed = QuickFixRoundTripTest.apply(TEXT, sql.getEdit().getChanges().get(URI));
            assertTrue(fixed.contains(PREPARED), fixed);
        }
    }

    private static ClientCapabilities resolvingEdits() {
        CodeActionCapabilities codeAction = new CodeActionCapabilities();
        codeAction.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
        TextDocumentClientCapabilities textDocument = new TextDocumentClientCapabilities();
        textDocument.setCodeAction(codeAction);
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setTextDocument(textDocument);
        return capabilities;
    }

    private static Diagnostic diagnostic(PublishDiagnosticsParams published, String rule) {
        return published.getDiagnostics().stream().filter(d -> d.getCode().getLeft().equals(rule))
                .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " in " + published));
    }

    private static CodeAction onlyAction(InProcessServer lsp, Diagnostic diagnostic) throws Exception {
        List<Either<org.eclipse.lsp4j.Command, CodeAction>> actions = lsp.server.getTextDocumentService()
                .codeAction(new CodeActionParams(new TextDocumentIdentifier(URI), diagnostic.getRange(),
                        new CodeActionContext(List.of(diagnostic))))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<CodeAction> fixes = actions.stream().map(Either::getRight)
                .filter(a -> Boolean.TRUE.equals(a.getIsPreferred())).toList();
        assertEquals(1, fixes.size(), actions.toString());
        return fixes.get(0);
    }
}
