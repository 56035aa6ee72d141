package dev.seclens.tests.lsp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code actions ask the analysis the document's diagnostics came from: the workspace's own taint
 * specifications still apply when the document's syntax tree was let go and it is analysed again.
 */
class ConfiguredCodeActionRoundTripTest {
    private static final String QUERY = """
            package demo;

            class Query {
                java.sql.ResultSet run(Inbox inbox, java.sql.Connection conn) throws java.sql.SQLException {
                    String name = inbox.next();
                    java.sql.Statement st = conn.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT id FROM t WHERE n = '" + name + "'");
                    return rs;
                }
            }
            """;

    @TempDir
    Path root;

    @Test
    void aQuickFixForAFlowFromAProjectSourceOutlivesTheSyntaxTree() throws Exception {
        Files.writeString(root.resolve("specs.json"), """
                {"sources": [{"method": "demo.Inbox#next()", "label": "inbox message", "confidence": "high"}]}
                """);
        Files.writeString(root.resolve(".seclens.json"), "{\"taintSpecs\": [\"specs.json\"]}");
        Path sources = Files.createDirectories(root.resolve("src/main/java/demo"));
        Path queryFile = sources.resolve("Query.java");
        Files.writeString(queryFile, QUERY);
        String query = queryFile.toUri().toString();

        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            InitializeParams params = new InitializeParams();
            params.setCapabilities(new ClientCapabilities());
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "demo")));
            lsp.initialize(params);
            lsp.open(query, 1, QUERY);
            Diagnostic injection = lsp.awaitDiagnostics(query, p -> p.getDiagnostics().stream()
                    .anyMatch(d -> d.getCode().getLeft().equals("java/sql-injection"))).getDiagnostics().stream()
                    .filter(d -> d.getCode().getLeft().equals("java/sql-injection")).findFirst().orElseThrow();

            // more documents than the server keeps syntax trees for: Query.java's tree is let go
            for (int i = 0; i < 12; i++) {
                Path other = sources.resolve("Other" + i + ".java");
                String text = "package demo;\nclass Other" + i + " {\n}\n";
                Files.writeString(other, text);
                lsp.open(other.toUri().toString(), 1, text);
                lsp.awaitVersion(other.toUri().toString(), 1);
            }

            List<Either<Command, CodeAction>> actions = lsp.server.getTextDocumentService()
                    .codeAction(new CodeActionParams(new TextDocumentIdentifier(query), injection.getRange(),
                            new CodeActionContext(List.of(injection))))
                    .get(InProcessServer.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(actions.stream().map(Either::getRight).anyMatch(a -> a.getTitle().contains("PreparedStatement")),
                    actions.toString());
        }
    }
}
