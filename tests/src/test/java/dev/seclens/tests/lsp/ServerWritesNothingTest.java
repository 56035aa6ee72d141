package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server touches no file but the ignore file it was asked to record a finding in: not
 * in the workspace, not next to it. With a client that creates files itself, everything it can be
 * made to do (open, edit, save, close, scan the workspace, accept a finding) leaves the tree exactly
 * as it was; with one that cannot, accepting writes {@code .seclens/ignored.json} and nothing else.
 */
class ServerWritesNothingTest {
    @TempDir
    Path root;

    @Test
    void nothingTheServerDoesWritesAFile() throws Exception {
        Map<String, String> before = exercise(SuppressionRoundTripTest.clientCreatingFiles());
        assertEquals(before, snapshot());
    }

    @Test
    void forAClientThatCannotCreateFilesOnlyTheIgnoreFileIsWritten() throws Exception {
        Map<String, String> before = exercise(new ClientCapabilities());
        Map<String, String> after = snapshot();
        String ignoreFile = Path.of("workspace", ".seclens", "ignored.json").toString();
        assertTrue(after.containsKey(ignoreFile), after.toString());
        after.remove(ignoreFile);
        assertEquals(before, after);
    }

    /** Drives every command and document event; returns the tree as it was before. */
    private Map<String, String> exercise(ClientCapabilities capabilities) throws Exception {
        Path workspace = Files.createDirectories(root.resolve("workspace"));
        Path sources = Files.createDirectories(workspace.resolve("src/main/java/demo"));
        Files.writeString(sources.resolve("A.java"), "package demo;\nclass A { String password = \"correct-horse-9\"; }\n");
        Files.writeString(sources.resolve("B.java"), "package demo;\nclass B {}\n");
        Files.writeString(workspace.resolve(".seclens.json"), "{\"analysisTimeoutMs\": 4000}");
        Files.createDirectories(workspace.resolve(".seclens"));
        Map<String, String> before = snapshot();
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.client.applyEdit = edit -> true; // the client says it applied the edit; it writes nothing either
            InitializeParams params = new InitializeParams();
            params.setCapabilities(capabilities);
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "w")));
            lsp.initialize(params);
            String uri = sources.resolve("A.java").toUri().toString();
            lsp.open(uri, 1, Files.readString(sources.resolve("A.java")));
            PublishDiagnosticsParams published = lsp.awaitVersion(uri, 1);
            lsp.change(uri, 2, InProcessServer.edit(1, 0, 1, 0, "// x\n"));
            lsp.awaitVersion(uri, 2);
            lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("seclens.scanWorkspace", List.of()))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertFalse(published.getDiagnostics().isEmpty(), "the hard-coded password is a finding to accept");
            lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("seclens.acceptFinding",
                    List.of(uri, published.getDiagnostics().get(0).getCode().getLeft(), "0123456789abcdef")))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            lsp.close(uri);
            lsp.server.shutdown().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return before;
    }

    /** Every path under the temporary folder with its size and modification time. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                files.put(root.relativize(p).toString(), Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                        : Files.size(p) + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
            }
        }
        return files;
    }
}
