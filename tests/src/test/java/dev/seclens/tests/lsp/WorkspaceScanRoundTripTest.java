package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.seclens.rules.Analyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DiagnosticWorkspaceCapabilities;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.PreviousResultId;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceDiagnosticParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceDocumentDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background scan of the workspace folders: progress, diagnostics of closed files, cancel, command. */
class WorkspaceScanRoundTripTest {
    private static final String MD5 = """
            package demo;

            class %s {
                byte[] digest(byte[] data) throws Exception {
                    return java.security.MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;
    private static final String TWO_MD5 = """
            package demo;

            class Open {
                void f() throws Exception {
                    java.security.MessageDigest.getInstance("MD5");
                    java.security.MessageDigest.getInstance("MD5");
                }
            }
            """;

    @TempDir
    Path root;

    private String open;
    private String closed;
    private String clean;
    private String generated;

    /** Open.java and Closed.java have one finding each, Clean.java none; target/ is left out. */
    private void workspace() throws IOException {
        Path sources = Files.createDirectories(root.resolve("src/main/java/demo"));
        open = write(sources.resolve("Open.java"), MD5.formatted("Open"));
        closed = write(sources.resolve("Closed.java"), MD5.formatted("Closed"));
        clean = write(sources.resolve("Clean.java"), "package demo;\n\nclass Clean {\n}\n");
        generated = write(Files.createDirectories(root.resolve("target/generated")).resolve("Generated.java"),
                MD5.formatted("Generated"));
    }

    private static String write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file.toUri().toString();
    }

    private InitializeParams client(boolean pull, Object initializationOptions) {
        WindowClientCapabilities window = new WindowClientCapabilities();
        window.setWorkDoneProgress(true);
        ClientCapabilities capabilities = pull ? PullDiagnosticsRoundTripTest.pullClient().getCapabilities()
                : new ClientCapabilities();
        capabilities.setWindow(window);
        if (pull) {
            WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
            workspace.setDiagnostics(new DiagnosticWorkspaceCapabilities(true));
            capabilities.setWorkspace(workspace);
        }
        InitializeParams params = new InitializeParams();
        params.setCapabilities(capabilities);
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "demo")));
        params.setInitializationOptions(initializationOptions);
        return params;
    }

    /** The progress notifications up to and including the end, each as JSON. */
    private static List<JsonObject> progressUntilEnd(InProcessServer lsp) throws InterruptedException {
        List<JsonObject> events = new ArrayList<>();
        while (events.isEmpty() || !kind(events.get(events.size() - 1)).equals("end")) {
            ProgressParams next = lsp.client.progress.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("no progress end within " + TIMEOUT + ": " + events);
            }
            events.add(json(next));
        }
        return events;
    }

    private static JsonObject json(ProgressParams params) {
        if (params.getValue().isRight()) {
            return (JsonObject) params.getValue().getRight();
        }
        // LSP4J's notification classes derive "kind" from their type rather than holding it
        JsonObject json = new Gson().toJsonTree(params.getValue().getLeft()).getAsJsonObject();
        json.addProperty("kind", params.getValue().getLeft().getKind().name());
        return json;
    }

    private static String kind(JsonObject event) {
        return event.get("kind").getAsString();
    }

    private static String message(JsonObject event) {
        return event.has("message") ? event.get("message").getAsString() : "";
    }

    @Test
    void scansTheWorkspaceWithProgressAndPublishesTheFilesThatAreNotOpen() throws Exception {
        workspace();
        try (InProcessServer lsp = new InProcessServer()) {
            InitializeResult init = lsp.initialize(client(false, null));
            assertTrue(init.getCapabilities().getExecuteCommandProvider().getCommands().contains("seclens.scanWorkspace"));
            lsp.open(open, 1, TWO_MD5); // the editor's text wins over the file on disk

            List<JsonObject> events = progressUntilEnd(lsp);
            assertEquals("begin", kind(events.get(0)));
            assertEquals("SecLens: scanning the workspace", events.get(0).get("title").getAsString());
            assertTrue(events.get(0).get("cancellable").getAsBoolean());
            assertTrue(events.stream().anyMatch(e -> kind(e).equals("report") && message(e).equals("3/3 files")
                    && e.get("percentage").getAsInt() == 100), events.toString());
            assertTrue(message(events.get(events.size() - 1)).startsWith("3 files scanned"), events.toString());
            assertEquals(1, lsp.client.progressTokens.size());

            PublishDiagnosticsParams scanned = lsp.awaitDiagnostics(closed, p -> true);
            assertEquals(1, scanned.getDiagnostics().size());
            assertNull(scanned.getVersion());
            List<String> published = lsp.client.allDiagnostics.stream().map(PublishDiagnosticsParams::getUri).toList();
            assertFalse(published.contains(clean), "a clean file the client knows nothing about is not published");
            assertFalse(published.contains(generated), "target/ is build output");
            List<PublishDiagnosticsParams> ofOpen = lsp.client.allDiagnostics.stream()
                    .filter(p -> p.getUri().equals(open)).toList();
            assertEquals(2, ofOpen.get(ofOpen.size() - 1).getDiagnostics().size(), "the open document has the last word");

            // Closing a file brings back the analysis of the file on disk (one finding, not the editor's two).
            lsp.client.diagnostics.clear();
            lsp.close(open);
            // the open document's own publications carry its version; a stale one may still arrive after clear()
            PublishDiagnosticsParams afterClose = lsp.awaitDiagnostics(open, p -> p.getVersion() == null);
            assertEquals(1, afterClose.getDiagnostics().size(), afterClose.toString());
        }
    }

    @Test
    void theClientCanCancelTheScan() throws Exception {
        Path sources = Files.createDirectories(root.resolve("src"));
        for (int i = 0; i < 40; i++) {
            write(sources.resolve("F" + i + ".java"), MD5.formatted("F" + i));
        }
        try (InProcessServer lsp = new InProcessServer(new Analyzer(List.of(new Md5TestRule(), new SlowTestRule(100))))) {
            lsp.initialize(client(false, null));
            ProgressParams begin = lsp.client.progress.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("begin", kind(json(begin)));
            lsp.server.cancelProgress(new WorkDoneProgressCancelParams(Either.forLeft(begin.getToken().getLeft())));

            List<JsonObject> events = progressUntilEnd(lsp);
            String end = message(events.get(events.size() - 1));
            assertTrue(end.startsWith("workspace scan cancelled after"), end);
            assertTrue(lsp.client.allDiagnostics.size() < 10, "stopped early: " + lsp.client.allDiagnostics.size());
        }
    }

    /** Runs the SecLens: Scan Workspace command and answers its one-line summary. */
    private static String scanWorkspaceCommand(InProcessServer lsp) throws Exception {
        Object result = lsp.server.getWorkspaceService()
                .executeCommand(new ExecuteCommandParams("seclens.scanWorkspace", List.of()))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return result instanceof JsonPrimitive primitive ? primitive.getAsString() : String.valueOf(result);
    }

    @Test
    void theScanWorkspaceCommandScansWhenTheSettingTurnedTheScanOff() throws Exception {
        workspace();
        JsonObject options = new Gson().toJsonTree(Map.of("seclens", Map.of("workspaceScan", false))).getAsJsonObject();
        try (InProcessServer lsp = new InProcessServer()) {
            lsp.initialize(client(false, options));

            String summary = scanWorkspaceCommand(lsp);
            assertEquals("3 files scanned: 2 diagnostics in 2 files", summary);
            // the server decided at initialized and said so; messages arrive in order, so before this answer
            assertTrue(lsp.client.logged.stream().anyMatch(m -> m.getMessage().startsWith("the workspace scan is off")),
                    lsp.client.logged.toString());
            assertEquals(1, lsp.client.progressTokens.size(), "seclens.workspaceScan: false, so only the command scanned");
            assertEquals(1, lsp.awaitDiagnostics(closed, p -> true).getDiagnostics().size());
            assertEquals(1, lsp.awaitDiagnostics(open, p -> true).getDiagnostics().size());
        }
    }

    @Test
    void aGeneratedSourceIsCountedButNotAnalysed() throws Exception {
        workspace();
        Path sources = root.resolve("src/main/java/demo");
        String stub = write(sources.resolve("ServiceGrpc.java"),
                "// Generated by the protocol buffer compiler.  DO NOT EDIT!\n" + MD5.formatted("ServiceGrpc"));
        JsonObject options = new Gson().toJsonTree(Map.of("seclens", Map.of("workspaceScan", false))).getAsJsonObject();
        try (InProcessServer lsp = new InProcessServer()) {
            lsp.initialize(client(false, options));
            String summary = scanWorkspaceCommand(lsp);
            assertEquals("4 files scanned: 2 diagnostics in 2 files; 1 generated file not analysed", summary);
            // with the generated file analysed, its MD5 would make "3 diagnostics in 3 files"
            assertEquals(1, lsp.awaitDiagnostics(closed, p -> true).getDiagnostics().size());
            assertTrue(lsp.client.allDiagnostics.stream().noneMatch(p -> p.getUri().equals(stub) && !p.getDiagnostics().isEmpty()),
                    "the generated file gets no diagnostics from the scan");

            lsp.open(stub, 1, MD5.formatted("ServiceGrpc"));
            assertEquals(1, lsp.awaitDiagnostics(stub, p -> !p.getDiagnostics().isEmpty()).getDiagnostics().size(),
                    "opened, it is analysed like any document");
        }
    }

    @Test
    void aPullClientGetsTheScannedFilesFromWorkspaceDiagnostic() throws Exception {
        workspace();
        try (InProcessServer lsp = new InProcessServer()) {
            lsp.initialize(client(true, null));
            progressUntilEnd(lsp);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (lsp.client.diagnosticRefreshes.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, lsp.client.diagnosticRefreshes.get(), "workspace/diagnostic/refresh after the scan");

            WorkspaceDiagnosticReport first = lsp.server.getWorkspaceService()
                    .diagnostic(new WorkspaceDiagnosticParams(List.of()))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<String> uris = new ArrayList<>();
            List<PreviousResultId> known = new ArrayList<>();
            for (WorkspaceDocumentDiagnosticReport item : first.getItems()) {
                assertTrue(item.isWorkspaceFullDocumentDiagnosticReport(), item.toString());
                var full = item.getWorkspaceFullDocumentDiagnosticReport();
                assertEquals(1, full.getItems().size());
                uris.add(full.getUri());
                known.add(new PreviousResultId(full.getUri(), full.getResultId()));
            }
            assertEquals(List.of(closed, open), uris.stream().sorted().toList());

            WorkspaceDiagnosticReport second = lsp.server.getWorkspaceService()
                    .diagnostic(new WorkspaceDiagnosticParams(known))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(2, second.getItems().size());
            assertTrue(second.getItems().stream().allMatch(WorkspaceDocumentDiagnosticReport::isWorkspaceUnchangedDocumentDiagnosticReport),
                    second.toString());
            assertTrue(lsp.client.allDiagnostics.isEmpty(), "nothing is pushed to a pull client");
        }
    }
}
