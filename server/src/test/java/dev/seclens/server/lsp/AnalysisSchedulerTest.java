package dev.seclens.server.lsp;

import static dev.seclens.server.lsp.ContentChangesTest.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnalysisSchedulerTest {
    private static final String URI = "file:///p/src/main/java/A.java";

    private final TestRules.Gate gate = new TestRules.Gate();
    private final DocumentStore store = new DocumentStore();
    private final BlockingQueue<Long> analysedRevisions = new LinkedBlockingQueue<>();
    private final AnalysisScheduler scheduler = new AnalysisScheduler(
            new Analyzer(List.of(gate, new TestRules.Danger())), store,
            (document, analysis) -> analysedRevisions.add(document.revision()),
            new ServerLog(), 2, Duration.ofMillis(10));

    @AfterEach
    void stop() {
        gate.release.countDown();
        scheduler.shutdown();
    }

    @Test
    void aSupersededRunIsDroppedAndTheRequestsMadeDuringItCoalesceIntoOneRun() throws Exception {
        store.open(URI, "java", 1, "class A { void f() { danger(); } }");
        scheduler.request(URI);
        gate.awaitEntered();

        long last = 0;
        for (int version = 2; version <= 6; version++) {
            last = store.change(URI, version, List.of(edit(0, 0, 0, 0, " "))).orElseThrow().document().revision();
            scheduler.request(URI);
        }
        gate.release.countDown();

        assertEquals(last, analysedRevisions.poll(10, TimeUnit.SECONDS));
        assertEquals(null, analysedRevisions.poll(300, TimeUnit.MILLISECONDS), "nothing after the current revision");
        assertEquals(2, gate.runs.get(), "the cancelled run and one run for the five changes made during it");
    }

    @Test
    void analysesOnlyJavaDocumentsThatAreInSync() throws Exception {
        gate.release.countDown();
        store.open("file:///p/notes.txt", "plaintext", 1, "danger();");
        scheduler.request("file:///p/notes.txt");
        store.open(URI, "java", 1, "class A {}");
        store.change(URI, 2, List.of(edit(7, 0, 7, 0, "lost")));
        scheduler.request(URI);
        scheduler.request("file:///p/never-opened.java");

        assertEquals(null, analysedRevisions.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(0, gate.runs.get());

        long resynced = store.replace(URI, "class A {}").orElseThrow().revision();
        scheduler.request(URI);
        assertEquals(resynced, analysedRevisions.poll(10, TimeUnit.SECONDS));
        assertTrue(analysedRevisions.isEmpty());
    }
}
