package dev.seclens.server.lsp;

import static dev.seclens.server.lsp.ContentChangesTest.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.services.LanguageClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsServiceTest {
    private static final String URI = "file:///p/src/main/java/A.java";
    private static final String DANGEROUS = "class A {\n  void f() {\n    danger();\n  }\n}\n";

    private final RecordingClient client = new RecordingClient();
    private DiagnosticsService service;

    private DiagnosticsService start(Rule... rules) {
        ServerLog log = new ServerLog();
        log.connect(client);
        service = new DiagnosticsService(new DocumentStore(), new Analyzer(List.of(rules)), log, 2, Duration.ofMillis(5));
        service.connect(client);
        return service;
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    @Test
    void publishesFindingsOfTheOpenedTextAndClearsThemOnClose() throws Exception {
        start(new TestRules.Danger());
        service.opened(URI, "java", 1, DANGEROUS);
        PublishDiagnosticsParams published = client.next();
        assertEquals(URI, published.getUri());
        assertEquals(1, published.getVersion());
        assertEquals("java/test-danger", published.getDiagnostics().get(0).getCode().getLeft());
        assertEquals(2, published.getDiagnostics().get(0).getRange().getStart().getLine());

        service.closed(URI);
        PublishDiagnosticsParams cleared = client.next();
        assertTrue(cleared.getDiagnostics().isEmpty());
        assertNull(cleared.getVersion());
    }

    @Test
    void neverPublishesTheAnalysisOfAnOutdatedText() throws Exception {
        TestRules.Gate gate = new TestRules.Gate();
        start(gate, new TestRules.Danger());
        service.opened(URI, "java", 1, DANGEROUS);
        gate.awaitEntered();
        service.changed(URI, 2, List.of(edit(2, 4, 2, 10, "safe")));
        gate.release.countDown();

        PublishDiagnosticsParams published = client.next();
        assertEquals(2, published.getVersion());
        assertTrue(published.getDiagnostics().isEmpty());
        assertNull(client.published.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void hidesDiagnosticsWhileOutOfSyncAndResumesOnAFullText() throws Exception {
        start(new TestRules.Danger());
        service.opened(URI, "java", 1, DANGEROUS);
        assertEquals(1, client.next().getDiagnostics().size());

        service.changed(URI, 2, List.of(edit(40, 0, 40, 0, "x")));
        PublishDiagnosticsParams hidden = client.next();
        assertTrue(hidden.getDiagnostics().isEmpty());
        assertEquals(2, hidden.getVersion());
        assertTrue(client.shown.stream().anyMatch(m -> m.contains("lost track")), client.shown.toString());
        assertTrue(client.logged.stream().anyMatch(m -> m.contains("beyond the end")), client.logged.toString());

        service.changed(URI, 3, List.of(edit(0, 0, 0, 0, "// more\n")));
        assertNull(client.published.poll(200, TimeUnit.MILLISECONDS), "nothing is computed on unknown text");

        service.changed(URI, 4, List.of(new TextDocumentContentChangeEvent(DANGEROUS)));
        PublishDiagnosticsParams back = client.next();
        assertEquals(4, back.getVersion());
        assertEquals(1, back.getDiagnostics().size());
    }

    @Test
    void aSaveOfAnOutOfSyncFileRereadsItFromDisk(@TempDir Path dir) throws Exception {
        start(new TestRules.Danger());
        Path file = Files.writeString(dir.resolve("A.java"), DANGEROUS);
        String uri = file.toUri().toString();
        service.opened(uri, "java", 1, "class A {}");
        assertTrue(client.next().getDiagnostics().isEmpty());

        service.saved(uri, null);
        assertNull(client.published.poll(200, TimeUnit.MILLISECONDS), "in sync: a save without text changes nothing");

        service.changed(uri, 2, List.of(edit(9, 0, 9, 0, "x")));
        assertTrue(client.next().getDiagnostics().isEmpty());
        service.saved(uri, null);
        assertEquals(1, client.next().getDiagnostics().size());
    }

    @Test
    void logsARuleFailureOnceNotOnEveryChange() throws Exception {
        start(new TestRules.Broken(), new TestRules.Danger());
        service.opened(URI, "java", 1, DANGEROUS);
        assertEquals(1, client.next().getDiagnostics().size(), "the other rules still report");
        service.changed(URI, 2, List.of(edit(0, 0, 0, 0, " ")));
        client.next();
        assertEquals(1, client.logged.stream().filter(m -> m.contains("java/test-broken failed")).count(),
                client.logged.toString());
    }

    static final class RecordingClient implements LanguageClient {
        final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
        final List<String> logged = new CopyOnWriteArrayList<>();
        final List<String> shown = new CopyOnWriteArrayList<>();

        PublishDiagnosticsParams next() throws InterruptedException {
            PublishDiagnosticsParams params = published.poll(10, TimeUnit.SECONDS);
            if (params == null) {
                throw new AssertionError("no diagnostics published");
            }
            return params;
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            published.add(params);
        }

        @Override
        public void logMessage(MessageParams message) {
            logged.add(message.getMessage());
        }

        @Override
        public void showMessage(MessageParams message) {
            shown.add(message.getMessage());
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
