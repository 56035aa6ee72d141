package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static dev.seclens.tests.lsp.InProcessServer.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DiagnosticCapabilities;
import org.eclipse.lsp4j.DiagnosticRegistrationOptions;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.RelatedFullDocumentDiagnosticReport;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/** LSP 3.17 pull diagnostics, for clients that advertise textDocument.diagnostic; push for the others. */
class PullDiagnosticsRoundTripTest {
    private static final String URI = "file:///work/demo/src/main/java/demo/Hashes.java";
    private static final String VULNERABLE = """
            package demo;

            import java.security.MessageDigest;

            class Hashes {
                byte[] digest(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;

    static InitializeParams pullClient() {
        TextDocumentClientCapabilities textDocument = new TextDocumentClientCapabilities();
        textDocument.setDiagnostic(new DiagnosticCapabilities());
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setTextDocument(textDocument);
        InitializeParams params = new InitializeParams();
        params.setCapabilities(capabilities);
        return params;
    }

    static DocumentDiagnosticReport pull(InProcessServer lsp, String uri, String previousResultId) throws Exception {
        return pullRequest(lsp, uri, previousResultId).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static CompletableFuture<DocumentDiagnosticReport> pullRequest(InProcessServer lsp, String uri,
                                                                           String previousResultId) {
        DocumentDiagnosticParams params = new DocumentDiagnosticParams(new TextDocumentIdentifier(uri));
        params.setPreviousResultId(previousResultId);
        return lsp.server.getTextDocumentService().diagnostic(params);
    }

    @Test
    void fullThenUnchangedThenFullAfterAnEditWithoutAnyPush() throws Exception {
        // The slow rule keeps each analysis in flight for a while: the pulls must wait, not answer stale.
        try (InProcessServer lsp = new InProcessServer(new Analyzer(List.of(new Md5TestRule(), new SlowTestRule(300))))) {
            InitializeResult init = lsp.initialize(pullClient());
            DiagnosticRegistrationOptions provider = init.getCapabilities().getDiagnosticProvider();
            assertEquals("seclens", provider.getIdentifier());
            assertFalse(provider.isInterFileDependencies());
            assertTrue(provider.isWorkspaceDiagnostics());

            lsp.open(URI, 1, VULNERABLE);
            DocumentDiagnosticReport first = pull(lsp, URI, null);
            assertTrue(first.isRelatedFullDocumentDiagnosticReport(), first.toString());
            RelatedFullDocumentDiagnosticReport full = first.getRelatedFullDocumentDiagnosticReport();
            assertEquals(1, full.getItems().size(), full.toString());
            assertEquals("java/test-md5", full.getItems().get(0).getCode().getLeft());
            String firstId = full.getResultId();
            assertTrue(firstId != null && !firstId.isEmpty());

            DocumentDiagnosticReport again = pull(lsp, URI, firstId);
            assertTrue(again.isRelatedUnchangedDocumentDiagnosticReport(), again.toString());
            assertEquals(firstId, again.getRelatedUnchangedDocumentDiagnosticReport().getResultId());

            lsp.change(URI, 2, edit(6, 42, 6, 45, "SHA-256"));
            DocumentDiagnosticReport edited = pull(lsp, URI, firstId); // asked while the edit is analysed
            assertTrue(edited.isRelatedFullDocumentDiagnosticReport(), edited.toString());
            assertTrue(edited.getRelatedFullDocumentDiagnosticReport().getItems().isEmpty());
            assertNotEquals(firstId, edited.getRelatedFullDocumentDiagnosticReport().getResultId());

            lsp.close(URI);
            // an analysis that ends after the close (reopened, then pulled) would publish, were it to
            lsp.open(URI, 3, VULNERABLE);
            assertFalse(pull(lsp, URI, null).getRelatedFullDocumentDiagnosticReport().getItems().isEmpty());
            assertTrue(lsp.client.allDiagnostics.isEmpty(), "a pull client gets no publishDiagnostics: "
                    + lsp.client.allDiagnostics);
            assertNull(lsp.server.shutdown().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void aCancelledPullIsDroppedAndTheNextOneIsAnswered() throws Exception {
        try (InProcessServer lsp = new InProcessServer(new Analyzer(List.of(new Md5TestRule(), new SlowTestRule(500))))) {
            lsp.initialize(pullClient());
            lsp.open(URI, 1, VULNERABLE);
            CompletableFuture<DocumentDiagnosticReport> waiting = pullRequest(lsp, URI, null);
            Thread.sleep(50);
            assertFalse(waiting.isDone(), "the analysis is still running, so the pull waits");
            waiting.cancel(true); // LSP4J sends $/cancelRequest
            // cancelled here, or, when the server's answer to the cancel wins the race, a cancellation error
            RuntimeException dropped = assertThrows(RuntimeException.class, waiting::join);
            assertTrue(dropped instanceof CancellationException
                    || dropped.getCause() instanceof org.eclipse.lsp4j.jsonrpc.ResponseErrorException, dropped.toString());

            DocumentDiagnosticReport answered = pull(lsp, URI, null);
            assertEquals(1, answered.getRelatedFullDocumentDiagnosticReport().getItems().size());
        }
    }

    @Test
    void aClientWithoutPullSupportGetsPushedDiagnosticsAndNoDiagnosticProvider() throws Exception {
        try (InProcessServer lsp = new InProcessServer()) {
            InitializeResult init = lsp.initialize();
            assertNull(init.getCapabilities().getDiagnosticProvider());
            lsp.open(URI, 1, VULNERABLE);
            assertEquals(1, lsp.awaitVersion(URI, 1).getDiagnostics().size());
        }
    }
}
