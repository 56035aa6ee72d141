package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user does around the analysis shows without any other action: a finding accepted in a
 * client that cannot create files (ALE) disappears, open and closed files follow a changed
 * {@code .seclens.json}, whether the client watches files or only saves, and an ignore file at the
 * project root is not shadowed by one further down.
 */
class ChangesShowAtOnceRoundTripTest {
    private static final String WEAK = """
            package demo;
            class Weak {
                byte[] h(byte[] d) throws Exception {
                    return java.security.MessageDigest.getInstance("MD5").digest(d);
                }
            }
            """;

    @TempDir
    Path workspace;

    private InProcessServer start(ClientCapabilities capabilities) throws Exception {
        return start(capabilities, null);
    }

    private InProcessServer start(ClientCapabilities capabilities, Object initializationOptions) throws Exception {
        InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules());
        InitializeParams params = new InitializeParams();
        params.setCapabilities(capabilities);
        params.setInitializationOptions(initializationOptions);
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "w")));
        lsp.initialize(params);
        return lsp;
    }

    private Path source(String name) throws Exception {
        Path file = workspace.resolve("src/main/java/demo/" + name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, WEAK.replace("Weak", name.replace(".java", "")));
        return file;
    }

    private static boolean hasWeakHash(PublishDiagnosticsParams params) {
        return params.getDiagnostics().stream().anyMatch(d -> "java/weak-hash".equals(d.getCode().getLeft()));
    }

    @Test
    void acceptingInAClientWithoutWorkspaceEditsWritesTheRootIgnoreFileAndWithdrawsTheFinding() throws Exception {
        Path file = source("A.java");
        // An ignore file in the package folder must not hide the root's.
        Files.createDirectories(file.getParent().resolve(".seclens"));
        Files.writeString(file.getParent().resolve(".seclens/ignored.json"), "{\"version\": 1, \"ignored\": []}\n");
        try (InProcessServer lsp = start(new ClientCapabilities())) {
            String uri = file.toUri().toString();
            lsp.open(uri, 1, Files.readString(file));
            PublishDiagnosticsParams published = lsp.awaitVersion(uri, 1);
            assertTrue(hasWeakHash(published), published.toString());
            var weak = published.getDiagnostics().stream()
                    .filter(d -> "java/weak-hash".equals(d.getCode().getLeft())).findFirst().orElseThrow();
            var accept = lsp.server.getTextDocumentService().codeAction(new org.eclipse.lsp4j.CodeActionParams(
                            new TextDocumentIdentifier(uri), weak.getRange(),
                            new org.eclipse.lsp4j.CodeActionContext(List.of(weak))))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .map(e -> e.getRight()).filter(a -> a.getCommand() != null).findFirst().orElseThrow();
            lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams(
                    accept.getCommand().getCommand(), accept.getCommand().getArguments()))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of(), lsp.client.editsRequested, "the client declared no workspace edits");
            String written = Files.readString(workspace.resolve(".seclens/ignored.json"));
            assertTrue(written.contains("\"path\": \"src/main/java/demo/A.java\""), written);
            assertNotNull(lsp.awaitDiagnostics(uri, p -> !hasWeakHash(p)), "the accepted finding stays");
            assertTrue(lsp.client.shown.stream().anyMatch(m -> m.getType() == MessageType.Info
                    && m.getMessage().contains("recorded java/weak-hash in")), lsp.client.shown.toString());
        }
    }

    @Test
    void aChangedConfigurationFileUpdatesOpenAndClosedFilesAtOnce() throws Exception {
        Path open = source("Open.java");
        Path closed = source("Closed.java");
        try (InProcessServer lsp = start(new ClientCapabilities())) {
            String openUri = open.toUri().toString();
            String closedUri = closed.toUri().toString();
            lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("seclens.scanWorkspace", List.of()))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(lsp.awaitDiagnostics(closedUri, ChangesShowAtOnceRoundTripTest::hasWeakHash));
            lsp.open(openUri, 1, Files.readString(open));
            assertTrue(hasWeakHash(lsp.awaitVersion(openUri, 1)));

            Files.writeString(workspace.resolve(".seclens.json"), "{\"rules\": {\"java/weak-hash\": false}}");
            lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                    new FileEvent(workspace.resolve(".seclens.json").toUri().toString(), FileChangeType.Created))));
            // the open file follows, and so does the closed one, in either order
            lsp.awaitEach(Map.of(openUri, p -> !hasWeakHash(p), closedUri, p -> !hasWeakHash(p)));
        }
    }

    @Test
    void withoutAFileWatcherASaveRereadsWhatChangedOnDisk() throws Exception {
        Path open = source("Open.java");
        try (InProcessServer lsp = start(new ClientCapabilities())) {
            String uri = open.toUri().toString();
            lsp.open(uri, 1, Files.readString(open));
            assertTrue(hasWeakHash(lsp.awaitVersion(uri, 1)));
            Files.writeString(workspace.resolve(".seclens.json"), "{\"rules\": {\"java/weak-hash\": false}}");
            lsp.server.getTextDocumentService().didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(uri)));
            assertNotNull(lsp.awaitDiagnostics(uri, p -> !hasWeakHash(p)), "saving re-read .seclens.json");
            Files.delete(workspace.resolve(".seclens.json"));
            lsp.server.getTextDocumentService().didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(uri)));
            assertNotNull(lsp.awaitDiagnostics(uri, ChangesShowAtOnceRoundTripTest::hasWeakHash), "and its removal");
        }
    }

    @Test
    void aPullClientIsAskedToPullAgainWhenTheIgnoreFileChanges() throws Exception {
        ClientCapabilities capabilities = new ClientCapabilities();
        org.eclipse.lsp4j.TextDocumentClientCapabilities text = new org.eclipse.lsp4j.TextDocumentClientCapabilities();
        text.setDiagnostic(new org.eclipse.lsp4j.DiagnosticCapabilities());
        capabilities.setTextDocument(text);
        org.eclipse.lsp4j.WorkspaceClientCapabilities workspaceCapabilities = new org.eclipse.lsp4j.WorkspaceClientCapabilities();
        workspaceCapabilities.setDiagnostics(new org.eclipse.lsp4j.DiagnosticWorkspaceCapabilities(true));
        capabilities.setWorkspace(workspaceCapabilities);
        // No workspace scan: its own refresh at the end would make the count depend on timing.
        com.google.gson.JsonObject options = com.google.gson.JsonParser.parseString(
                "{\"seclens\": {\"workspaceScan\": false}}").getAsJsonObject();
        try (InProcessServer lsp = start(capabilities, options)) {
            int before = lsp.client.diagnosticRefreshes.get();
            Files.createDirectories(workspace.resolve(".seclens"));
            Files.writeString(workspace.resolve(".seclens/ignored.json"), "{\"version\": 1, \"ignored\": []}\n");
            lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(new FileEvent(
                    workspace.resolve(".seclens/ignored.json").toUri().toString(), FileChangeType.Created))));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (lsp.client.diagnosticRefreshes.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(10); // waits for the request to arrive; the deadline only bounds a failure
            }
            assertEquals(before + 1, lsp.client.diagnosticRefreshes.get(), "workspace/diagnostic/refresh sent");
        }
    }
}
