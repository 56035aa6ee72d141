package dev.seclens.tests.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow that crosses files in the editor: request data in a servlet reaches a query built in a
 * repository class of another file. Editing the repository changes the servlet's diagnostics
 * without the servlet being touched.
 */
class CrossFileRoundTripTest {
    private static final String SERVLET = """
            package demo;

            import javax.servlet.http.HttpServletRequest;

            class SearchServlet {
                private final UserRepository users = new UserRepository();

                Object doGet(HttpServletRequest request) throws Exception {
                    String name = request.getParameter("name");
                    return users.findByName(name);
                }
            }
            """;
    private static final String VULNERABLE_REPOSITORY = """
            package demo;

            import java.sql.Connection;
            import java.sql.ResultSet;

            class UserRepository {
                private Connection connection;

                ResultSet findByName(String name) throws Exception {
                    return connection.createStatement().executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
                }
            }
            """;
    private static final String SAFE_QUERY = "connection.createStatement().executeQuery(\"SELECT * FROM users WHERE id = \" + Integer.parseInt(name));";

    @TempDir
    Path root;

    @Test
    void anEditInAHelperFileUpdatesTheDiagnosticsOfTheOpenFileThatCallsIt() throws Exception {
        Path sources = Files.createDirectories(root.resolve("src/main/java/demo"));
        Path servletFile = sources.resolve("SearchServlet.java");
        Path repositoryFile = sources.resolve("UserRepository.java");
        Files.writeString(servletFile, SERVLET);
        Files.writeString(repositoryFile, VULNERABLE_REPOSITORY);
        String servlet = servletFile.toUri().toString();
        String repository = repositoryFile.toUri().toString();

        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            InitializeParams params = new InitializeParams();
            params.setCapabilities(new ClientCapabilities());
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "demo")));
            lsp.initialize(params);
            lsp.open(servlet, 1, SERVLET);

            PublishDiagnosticsParams found = lsp.awaitDiagnostics(servlet, p -> !p.getDiagnostics().isEmpty());
            Diagnostic injection = found.getDiagnostics().get(0);
            assertEquals("java/sql-injection", injection.getCode().getLeft());
            assertEquals(9, injection.getRange().getStart().getLine(), "at the argument that carries the data");
            String message = injection.getMessage().getLeft();
            assertTrue(message.startsWith("`request.getParameter(\"name\")` (line 9) reaches"
                    + " `Statement.executeQuery` in `UserRepository.findByName` (UserRepository.java:10)"), message);
            List<DiagnosticRelatedInformation> related = injection.getRelatedInformation();
            assertTrue(related.stream().anyMatch(r -> r.getLocation().getUri().equals(repository)
                    && r.getLocation().getRange().getStart().getLine() == 9), related.toString());

            // The repository is fixed in the editor: the servlet's finding goes away.
            String safe = VULNERABLE_REPOSITORY.replace(
                    "connection.createStatement().executeQuery(\"SELECT * FROM users WHERE name = '\" + name + \"'\");",
                    SAFE_QUERY);
            lsp.open(repository, 1, VULNERABLE_REPOSITORY);
            lsp.change(repository, 2, new org.eclipse.lsp4j.TextDocumentContentChangeEvent(safe));
            lsp.awaitDiagnostics(servlet, p -> p.getDiagnostics().isEmpty());

            // And back: the finding returns.
            lsp.change(repository, 3, new org.eclipse.lsp4j.TextDocumentContentChangeEvent(VULNERABLE_REPOSITORY));
            PublishDiagnosticsParams again = lsp.awaitDiagnostics(servlet, p -> !p.getDiagnostics().isEmpty());
            assertEquals("java/sql-injection", again.getDiagnostics().get(0).getCode().getLeft());
        }
    }

    /**
     * A workspace with its own taint specifications: editing another setting of its
     * {@code .seclens.json} reloads the configuration, and the flow through the other file is still
     * reported (the summaries are kept by the specifications' content, not by the engine object).
     */
    @Test
    void aConfigurationEditKeepsDiagnosticsThatCrossFiles() throws Exception {
        Path sources = Files.createDirectories(root.resolve("src/main/java/demo"));
        Path servletFile = sources.resolve("SearchServlet.java");
        Files.writeString(servletFile, SERVLET);
        Files.writeString(sources.resolve("UserRepository.java"), VULNERABLE_REPOSITORY);
        Files.writeString(root.resolve("specs.json"), """
                {"sanitizers": [{"method": "demo.Text#strip(java.lang.String)", "kinds": ["sql"]}]}
                """);
        Path config = root.resolve(".seclens.json");
        Files.writeString(config, "{\"taintSpecs\": [\"specs.json\"]}");
        String servlet = servletFile.toUri().toString();

        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            InitializeParams params = new InitializeParams();
            params.setCapabilities(new ClientCapabilities());
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "demo")));
            lsp.initialize(params);
            lsp.open(servlet, 1, SERVLET);
            lsp.awaitDiagnostics(servlet, p -> p.getDiagnostics().stream().anyMatch(
                    d -> d.getCode().getLeft().equals("java/sql-injection")
                            && d.getSeverity() == org.eclipse.lsp4j.DiagnosticSeverity.Error));

            Files.writeString(config, "{\"taintSpecs\": [\"specs.json\"], \"rules\": {\"java/sql-injection\": \"low\"}}");
            lsp.server.getWorkspaceService().didChangeWatchedFiles(new org.eclipse.lsp4j.DidChangeWatchedFilesParams(
                    List.of(new org.eclipse.lsp4j.FileEvent(config.toUri().toString(),
                            org.eclipse.lsp4j.FileChangeType.Changed))));
            // the next publication after the reload still has the flow through UserRepository, now at low (Information)
            PublishDiagnosticsParams after = lsp.awaitDiagnostics(servlet, p -> p.getDiagnostics().isEmpty()
                    || p.getDiagnostics().stream().anyMatch(
                            d -> d.getSeverity() == org.eclipse.lsp4j.DiagnosticSeverity.Information));
            assertTrue(after.getDiagnostics().stream().anyMatch(d -> d.getCode().getLeft().equals("java/sql-injection")
                    && d.getSeverity() == org.eclipse.lsp4j.DiagnosticSeverity.Information), after.toString());
        }
    }
}
