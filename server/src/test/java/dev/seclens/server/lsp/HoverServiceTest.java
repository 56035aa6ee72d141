package dev.seclens.server.lsp;

import static dev.seclens.server.lsp.ContentChangesTest.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.services.LanguageClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While a document is being analysed: hover answers from the last analysis where the edit left the
 * code alone, and other documents are analysed on the other threads of the pool.
 */
class HoverServiceTest {
    private static final String URI = "file:///p/src/main/java/A.java";
    private static final String DANGEROUS = "class A {\n  void f() {\n    danger();\n  }\n}\n";
    private static final Position ON_THE_CALL = new Position(2, 6);

    /** Holds every run over a text that says "slow" until the test releases it. */
    @RuleInfo(id = "java/test-slow", title = "Test: slow", cwe = {20}, owasp = Owasp.A03, concern = Concern.INJECTION,
            severity = Severity.LOW, confidence = Confidence.LOW, summary = "Reports nothing, slowly when asked.")
    static final class SlowWhenAsked implements Rule {
        final Semaphore entered = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void check(RuleContext context) {
            if (context.file().text().contains("slow")) {
                entered.release();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private final LinkedBlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
    private final DocumentStore store = new DocumentStore();
    private final SlowWhenAsked slow = new SlowWhenAsked();
    private final HoverService hovers = new HoverService(store);
    private DiagnosticsService service;

    @AfterEach
    void stop() {
        slow.release.countDown();
        service.stop();
    }

    private void openAnalysed() throws InterruptedException {
        ServerLog log = new ServerLog();
        LanguageClient client = new PublishingClient();
        log.connect(client);
        service = new DiagnosticsService(store, new Analyzer(List.of(new TestRules.Danger(), slow)), log, 2,
                Duration.ofMillis(5));
        service.connect(client);
        service.opened(URI, "java", 1, DANGEROUS);
        PublishDiagnosticsParams first = published.poll(10, TimeUnit.SECONDS);
        assertEquals(1, first.getDiagnostics().size());
    }

    @Test
    void aFindingOnALineTheEditLeftAloneIsHoveredFromTheLastAnalysis() throws Exception {
        openAnalysed();
        service.changed(URI, 2, List.of(edit(0, 9, 0, 9, " // slow to analyse")));
        assertTrue(slow.entered.tryAcquire(10, TimeUnit.SECONDS), "the new analysis is under way");

        Optional<Hover> hover = hovers.hover(URI, ON_THE_CALL);
        assertTrue(hover.isPresent(), "answered during the analysis");
        assertTrue(hover.get().getContents().getRight().getValue().contains("danger() called"),
                hover.get().getContents().getRight().getValue());
        assertEquals(2, hover.get().getRange().getStart().getLine());
    }

    @Test
    void aDocumentStuckInAnalysisDoesNotHoldUpTheOthers() throws Exception {
        openAnalysed();
        service.opened("file:///p/src/main/java/Stuck.java", "java", 1, "class Stuck { // slow, as a pathological file is\n}\n");
        assertTrue(slow.entered.tryAcquire(10, TimeUnit.SECONDS), "the pathological document holds one analysis thread");
        String other = "file:///p/src/main/java/B.java";
        service.opened(other, "java", 1, DANGEROUS.replace("class A", "class B"));
        PublishDiagnosticsParams next = published.poll(10, TimeUnit.SECONDS);
        assertEquals(other, next.getUri(), "analysed while the other is still stuck");
        assertEquals(1, next.getDiagnostics().size());
    }

    @Test
    void aFindingWhoseLineWasEditedIsNotHoveredUntilItIsAnalysedAgain() throws Exception {
        openAnalysed();
        service.changed(URI, 2, List.of(edit(2, 4, 2, 10, "slow")));
        assertTrue(slow.entered.tryAcquire(10, TimeUnit.SECONDS), "the new analysis is under way");

        assertEquals(Optional.empty(), hovers.hover(URI, ON_THE_CALL), "the code under the old finding changed");
    }

    private final class PublishingClient implements LanguageClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            published.add(params);
        }

        @Override
        public void logMessage(MessageParams message) {
        }

        @Override
        public void showMessage(MessageParams message) {
        }

        @Override
        public java.util.concurrent.CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams p) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public void telemetryEvent(Object object) {
        }
    }
}
