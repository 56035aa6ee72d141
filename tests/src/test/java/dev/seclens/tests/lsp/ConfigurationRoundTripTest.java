package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static dev.seclens.tests.lsp.InProcessServer.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeConfigurationCapabilities;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration over JSON-RPC: {@code .seclens.json} in a workspace folder, the client's
 * {@code seclens} settings pulled with workspace/configuration, and changes to either.
 */
class ConfigurationRoundTripTest {
    private static final String VULNERABLE = """
            package demo;

            class Hashes {
                byte[] digest(byte[] data) throws Exception {
                    return java.security.MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;

    /** Answers workspace/configuration with {@link #settings} and records registrations. */
    static final class SettingsClient extends RecordingClient {
        volatile String settings = "{}";
        final List<ConfigurationParams> configurationRequests = new CopyOnWriteArrayList<>();
        final List<Registration> registrations = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
            configurationRequests.add(params);
            return CompletableFuture.completedFuture(List.of(JsonParser.parseString(settings)));
        }

        @Override
        public CompletableFuture<Void> registerCapability(RegistrationParams params) {
            registrations.addAll(params.getRegistrations());
            return CompletableFuture.completedFuture(null);
        }
    }

    @TempDir
    Path workspace;

    private final SettingsClient client = new SettingsClient();

    @Test
    void settingsArePulledAfterInitializedAndAgainOnDidChangeConfiguration() throws Exception {
        client.settings = "{\"rules\": {\"java/test-md5\": \"low\"}}";
        try (InProcessServer lsp = start("{\"rules\": {\"java/test-md5\": \"medium\"}}")) {
            String uri = open(lsp);
            awaitSeverity(lsp, uri, DiagnosticSeverity.Information); // the settings' low beats the file's medium
            assertEquals("seclens", client.configurationRequests.get(0).getItems().get(0).getSection());

            int requestsBefore = client.configurationRequests.size(); // the workspace scan asks once too
            client.settings = "{\"rules\": {\"java/test-md5\": {\"enabled\": true}}, \"minimumConfidence\": \"low\"}";
            lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(new JsonObject()));
            awaitSeverity(lsp, uri, DiagnosticSeverity.Warning); // the file's medium again
            assertEquals(requestsBefore + 1, client.configurationRequests.size());

            client.settings = "{\"enable\": false}";
            lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(new JsonObject()));
            lsp.awaitDiagnostics(uri, p -> p.getDiagnostics().isEmpty());
            lsp.change(uri, 2, edit(0, 0, 0, 0, "// still disabled\n"));
            client.settings = "{\"rules\": {\"java/nope\": false}}";
            lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(new JsonObject()));
            MessageParams error = awaitShown(MessageType.Error);
            assertTrue(error.getMessage().contains("seclens settings: $.rules: unknown rule \"java/nope\""),
                    error.getMessage());
            assertTrue(client.allDiagnostics.stream().noneMatch(p -> uri.equals(p.getUri())
                    && Integer.valueOf(2).equals(p.getVersion())), "disabled: the edit was not analysed");

            client.settings = "{\"enable\": true}";
            lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(new JsonObject()));
            PublishDiagnosticsParams back = lsp.awaitVersion(uri, 2);
            assertEquals(DiagnosticSeverity.Warning, back.getDiagnostics().get(0).getSeverity());
        }
    }

    @Test
    void aWatchedFileChangeReconfiguresAndAnInvalidFileKeepsTheLastGoodOne() throws Exception {
        try (InProcessServer lsp = start("{}")) {
            String uri = open(lsp);
            awaitSeverity(lsp, uri, DiagnosticSeverity.Error); // the rule's own high
            Registration watch = awaitRegistration("workspace/didChangeWatchedFiles");
            assertTrue(new Gson().toJson(watch.getRegisterOptions()).contains("**/.seclens.json"),
                    watch.toString());

            rewrite(lsp, "{\"rules\": {\"java/test-md5\": false}}");
            lsp.awaitDiagnostics(uri, p -> p.getDiagnostics().isEmpty());

            rewrite(lsp, "{\n  \"rules\": {\"java/nope\": false}\n}");
            MessageParams error = awaitShown(MessageType.Error);
            assertTrue(error.getMessage().contains(".seclens.json:2:13 (at $.rules): unknown rule \"java/nope\""),
                    error.getMessage());
            assertTrue(error.getMessage().contains("the previous configuration stays in force"), error.getMessage());
            lsp.change(uri, 2, edit(0, 0, 0, 0, "// edited\n"));
            assertTrue(lsp.awaitVersion(uri, 2).getDiagnostics().isEmpty(), "the rule is still off");

            rewrite(lsp, "{\"rules\": {\"java/test-md5\": \"info\"}, \"exclude\": [\"src/generated\"]}");
            awaitSeverity(lsp, uri, DiagnosticSeverity.Hint);
        }
    }

    @Test
    void excludedDocumentsGetNoDiagnostics() throws Exception {
        try (InProcessServer lsp = start("{\"exclude\": [\"src/main/java/demo\"]}")) {
            String uri = open(lsp);
            assertTrue(lsp.awaitVersion(uri, 1).getDiagnostics().isEmpty());
        }
    }

    private InProcessServer start(String seclensJson) throws Exception {
        Files.writeString(workspace.resolve(".seclens.json"), seclensJson);
        InProcessServer lsp = new InProcessServer(new Analyzer(List.of(new Md5TestRule())), client);
        WorkspaceClientCapabilities capabilities = new WorkspaceClientCapabilities();
        capabilities.setConfiguration(true);
        capabilities.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(true));
        capabilities.setDidChangeConfiguration(new DidChangeConfigurationCapabilities(true));
        ClientCapabilities clientCapabilities = new ClientCapabilities();
        clientCapabilities.setWorkspace(capabilities);
        InitializeParams params = new InitializeParams();
        params.setCapabilities(clientCapabilities);
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "demo")));
        lsp.initialize(params);
        return lsp;
    }

    private String open(InProcessServer lsp) throws Exception {
        Path file = workspace.resolve("src/main/java/demo/Hashes.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, VULNERABLE);
        String uri = file.toUri().toString();
        lsp.open(uri, 1, VULNERABLE);
        return uri;
    }

    /** Rewrites the file and says so, as an editor does once the watcher it registered fires. */
    private void rewrite(InProcessServer lsp, String seclensJson) throws Exception {
        Path file = workspace.resolve(".seclens.json");
        Files.writeString(file, seclensJson);
        lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
                List.of(new FileEvent(file.toUri().toString(), FileChangeType.Changed))));
    }

    private static void awaitSeverity(InProcessServer lsp, String uri, DiagnosticSeverity severity)
            throws InterruptedException {
        lsp.awaitDiagnostics(uri, p -> p.getDiagnostics().size() == 1
                && p.getDiagnostics().get(0).getSeverity() == severity);
    }

    private MessageParams awaitShown(MessageType type) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (MessageParams shown : client.shown) {
                if (shown.getType() == type) {
                    return shown;
                }
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("no " + type + " message shown; shown: " + client.shown);
    }

    private Registration awaitRegistration(String method) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Registration registration : client.registrations) {
                if (registration.getMethod().equals(method)) {
                    return registration;
                }
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("no registration of " + method + "; got " + client.registrations);
    }
}
