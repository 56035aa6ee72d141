package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.SourceFile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DiagnosticServerCancellationData;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.PreviousResultId;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;

class PullDiagnosticsTest {
    private static final String URI = "file:///p/src/main/java/A.java";
    private static final String DANGEROUS = "class A {\n  void f() {\n    danger();\n  }\n}\n";

    private final DocumentStore store = new DocumentStore();
    private final ScannedFiles scanned = new ScannedFiles();
    private final Analyzer analyzer = new Analyzer(List.of(new TestRules.Danger()));

    private void analyse(String uri) {
        TextDocument document = store.get(uri).orElseThrow();
        assertTrue(store.recordAnalysis(uri, document.revision(), analyzer.analyze(document.file())));
    }

    @Test
    void aPullWaitsForTheAnalysisOfTheCurrentTextThenAnswersUnchangedForTheSameResult() throws Exception {
        PullDiagnostics pulls = new PullDiagnostics(store, scanned, Duration.ofSeconds(20));
        store.open(URI, "java", 1, DANGEROUS);
        CompletableFuture<DocumentDiagnosticReport> waiting = pulls.document(URI, null);
        assertFalse(waiting.isDone());

        analyse(URI);
        pulls.changed(URI);
        DocumentDiagnosticReport full = waiting.get(5, TimeUnit.SECONDS);
        assertEquals(1, full.getRelatedFullDocumentDiagnosticReport().getItems().size());
        String id = full.getRelatedFullDocumentDiagnosticReport().getResultId();
        assertEquals(0, pulls.waitingPulls());

        DocumentDiagnosticReport unchanged = pulls.document(URI, id).get(5, TimeUnit.SECONDS);
        assertEquals(id, unchanged.getRelatedUnchangedDocumentDiagnosticReport().getResultId());

        store.open(URI, "java", 2, "class A {\n}\n");
        analyse(URI);
        DocumentDiagnosticReport changed = pulls.document(URI, id).get(5, TimeUnit.SECONDS);
        assertTrue(changed.getRelatedFullDocumentDiagnosticReport().getItems().isEmpty());
        assertNotEquals(id, changed.getRelatedFullDocumentDiagnosticReport().getResultId());
    }

    @Test
    void aPullThatWaitsTooLongAsksTheClientToRetrigger() throws Exception {
        PullDiagnostics pulls = new PullDiagnostics(store, scanned, Duration.ofMillis(50));
        store.open(URI, "java", 1, DANGEROUS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> pulls.document(URI, null).get(5, TimeUnit.SECONDS));
        ResponseErrorException error = assertInstanceOf(ResponseErrorException.class, e.getCause());
        assertEquals(ResponseErrorCode.ServerCancelled.getValue(), error.getResponseError().getCode());
        assertTrue(((DiagnosticServerCancellationData) error.getResponseError().getData()).isRetriggerRequest());
        for (int i = 0; i < 100 && pulls.waitingPulls() > 0; i++) {
            Thread.sleep(10); // forgotten right after the answer, on the thread that timed it out
        }
        assertEquals(0, pulls.waitingPulls());
    }

    @Test
    void aCancelledPullStopsWaiting() {
        PullDiagnostics pulls = new PullDiagnostics(store, scanned, Duration.ofSeconds(20));
        store.open(URI, "java", 1, DANGEROUS);
        CompletableFuture<DocumentDiagnosticReport> waiting = pulls.document(URI, null);
        assertEquals(1, pulls.waitingPulls());
        waiting.cancel(true);
        assertEquals(0, pulls.waitingPulls());
    }

    @Test
    void documentsTheServerDoesNotHaveInSyncAndClosedFilesAnswerAtOnce() throws Exception {
        PullDiagnostics pulls = new PullDiagnostics(store, scanned, Duration.ofSeconds(20));
        store.open("file:///p/notes.txt", "plaintext", 1, "not java");
        assertTrue(pulls.document("file:///p/notes.txt", null).get(1, TimeUnit.SECONDS)
                .getRelatedFullDocumentDiagnosticReport().getItems().isEmpty());
        scanned.put("/p/src/main/java/B.java", "file:///p/src/main/java/B.java",
                DiagnosticsMapper.diagnostics("file:///p/src/main/java/B.java",
                        analyzer.analyze(new SourceFile("/p/src/main/java/B.java", DANGEROUS))));
        assertEquals(1, pulls.document("file:///p/src/main/java/B.java", null).get(1, TimeUnit.SECONDS)
                .getRelatedFullDocumentDiagnosticReport().getItems().size());
    }

    @Test
    void theWorkspaceReportListsScannedFilesWithFindingsAndClearsFilesThatAreGone() {
        PullDiagnostics pulls = new PullDiagnostics(store, scanned, Duration.ofSeconds(20));
        String b = "file:///p/B.java";
        scanned.put("/p/B.java", b, DiagnosticsMapper.diagnostics(b,
                analyzer.analyze(new SourceFile("/p/B.java", DANGEROUS))));
        scanned.put("/p/C.java", "file:///p/C.java", List.of());
        WorkspaceDiagnosticReport first = pulls.workspace(List.of());
        assertEquals(1, first.getItems().size());
        String id = first.getItems().get(0).getWorkspaceFullDocumentDiagnosticReport().getResultId();

        WorkspaceDiagnosticReport second = pulls.workspace(List.of(new PreviousResultId(b, id),
                new PreviousResultId("file:///p/Gone.java", "x")));
        assertEquals(2, second.getItems().size());
        assertTrue(second.getItems().get(0).isWorkspaceUnchangedDocumentDiagnosticReport());
        assertEquals("file:///p/Gone.java", second.getItems().get(1).getWorkspaceFullDocumentDiagnosticReport().getUri());
        assertTrue(second.getItems().get(1).getWorkspaceFullDocumentDiagnosticReport().getItems().isEmpty());
    }
}
