package dev.seclens.server.lsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticServerCancellationData;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.PreviousResultId;
import org.eclipse.lsp4j.RelatedFullDocumentDiagnosticReport;
import org.eclipse.lsp4j.RelatedUnchangedDocumentDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceDocumentDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceFullDocumentDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceUnchangedDocumentDiagnosticReport;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Answers pull diagnostics (LSP 3.17 {@code textDocument/diagnostic} and {@code workspace/diagnostic}).
 *
 * <p>A result id is a hash of the diagnostics themselves, so "unchanged" means exactly that, whatever
 * made the server analyse again. A pull for an open document whose analysis is still running waits
 * for it rather than answering stale, at most {@link #DEFAULT_WAIT}; then it answers ServerCancelled
 * with {@code retriggerRequest}, and the client asks again. Cancelling the request drops the wait.
 */
final class PullDiagnostics {
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private final DocumentStore store;
    private final ScannedFiles scanned;
    private final Duration wait;
    /** An open document's diagnostics for its analysis (stale findings carried over included). */
    private final java.util.function.BiFunction<TextDocument, dev.seclens.rules.Analysis, List<Diagnostic>> diagnostics;
    /** Pulls waiting for an analysis, by URI, each with the result id the client already has. */
    private final Map<String, Map<CompletableFuture<DocumentDiagnosticReport>, Optional<String>>> waiting =
            new HashMap<>();

    PullDiagnostics(DocumentStore store, ScannedFiles scanned, Duration wait) {
        this(store, scanned, wait, (document, analysis) -> DiagnosticsMapper.diagnostics(document.uri(), analysis));
    }

    PullDiagnostics(DocumentStore store, ScannedFiles scanned, Duration wait,
                    java.util.function.BiFunction<TextDocument, dev.seclens.rules.Analysis, List<Diagnostic>> diagnostics) {
        this.diagnostics = diagnostics;
        this.store = store;
        this.scanned = scanned;
        this.wait = wait;
    }

    CompletableFuture<DocumentDiagnosticReport> document(String uri, String previousResultId) {
        Optional<String> previous = Optional.ofNullable(previousResultId);
        CompletableFuture<DocumentDiagnosticReport> pull = new CompletableFuture<>();
        synchronized (waiting) {
            Optional<DocumentDiagnosticReport> now = report(uri, previous);
            if (now.isPresent()) {
                return CompletableFuture.completedFuture(now.get());
            }
            waiting.computeIfAbsent(uri, u -> new LinkedHashMap<>()).put(pull, previous);
        }
        pull.whenComplete((report, error) -> forget(uri, pull)); // answered, timed out or cancelled
        CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> pull.completeExceptionally(retrigger(uri)));
        return pull;
    }

    /** The document's analysis, text or open state changed: answers the pulls that waited for it. */
    void changed(String uri) {
        Map<CompletableFuture<DocumentDiagnosticReport>, DocumentDiagnosticReport> answers = new LinkedHashMap<>();
        synchronized (waiting) {
            Map<CompletableFuture<DocumentDiagnosticReport>, Optional<String>> pulls = waiting.get(uri);
            if (pulls == null) {
                return;
            }
            pulls.forEach((pull, previous) -> report(uri, previous).ifPresent(report -> answers.put(pull, report)));
        }
        // Completed outside the lock: completing sends the response.
        answers.forEach(CompletableFuture::complete);
    }

    /**
     * Closed files the workspace scan analysed: those with diagnostics, and those the client knows a
     * result for (unchanged, or full, empty once the file is gone). Open documents are left to
     * {@code textDocument/diagnostic}.
     */
    WorkspaceDiagnosticReport workspace(List<PreviousResultId> previousResultIds) {
        Map<String, String> known = new HashMap<>();
        if (previousResultIds != null) {
            for (PreviousResultId previous : previousResultIds) {
                known.put(previous.getUri(), previous.getValue());
            }
        }
        List<WorkspaceDocumentDiagnosticReport> items = new ArrayList<>();
        for (ScannedFiles.Entry entry : scanned.all()) {
            String previous = known.remove(entry.uri());
            if (store.get(entry.uri()).isPresent() || previous == null && entry.diagnostics().isEmpty()) {
                continue;
            }
            items.add(workspaceReport(entry.uri(), entry.diagnostics(), entry.resultId(), previous));
        }
        known.forEach((uri, previous) -> {
            if (store.get(uri).isEmpty()) {
                items.add(workspaceReport(uri, List.of(), resultId(List.of()), previous));
            }
        });
        return new WorkspaceDiagnosticReport(items);
    }

    private static WorkspaceDocumentDiagnosticReport workspaceReport(String uri, List<Diagnostic> diagnostics,
                                                                      String resultId, String previous) {
        if (resultId.equals(previous)) {
            return new WorkspaceDocumentDiagnosticReport(new WorkspaceUnchangedDocumentDiagnosticReport(resultId, uri, null));
        }
        WorkspaceFullDocumentDiagnosticReport full = new WorkspaceFullDocumentDiagnosticReport(diagnostics, uri, null);
        full.setResultId(resultId);
        return new WorkspaceDocumentDiagnosticReport(full);
    }

    /** Empty while the open document's current text has not been analysed yet. */
    private Optional<DocumentDiagnosticReport> report(String uri, Optional<String> previous) {
        List<Diagnostic> diagnostics;
        TextDocument document = store.get(uri).orElse(null);
        if (document == null) {
            diagnostics = scanned.get(TextDocument.pathOf(uri)).map(ScannedFiles.Entry::diagnostics).orElse(List.of());
        } else if (!document.analysed() || !document.inSync()) {
            diagnostics = List.of(); // nothing is reported on text the server does not have
        } else if (document.analysis() == null) {
            return Optional.empty();
        } else {
            diagnostics = this.diagnostics.apply(document, document.analysis());
        }
        String resultId = resultId(diagnostics);
        if (previous.isPresent() && previous.get().equals(resultId)) {
            return Optional.of(new DocumentDiagnosticReport(new RelatedUnchangedDocumentDiagnosticReport(resultId)));
        }
        RelatedFullDocumentDiagnosticReport full = new RelatedFullDocumentDiagnosticReport(diagnostics);
        full.setResultId(resultId);
        return Optional.of(new DocumentDiagnosticReport(full));
    }

    /** How many pulls are waiting, for tests. */
    int waitingPulls() {
        synchronized (waiting) {
            return waiting.values().stream().mapToInt(Map::size).sum();
        }
    }

    private void forget(String uri, CompletableFuture<DocumentDiagnosticReport> pull) {
        synchronized (waiting) {
            Map<CompletableFuture<DocumentDiagnosticReport>, Optional<String>> pulls = waiting.get(uri);
            if (pulls != null) {
                pulls.remove(pull);
                if (pulls.isEmpty()) {
                    waiting.remove(uri);
                }
            }
        }
    }

    private static ResponseErrorException retrigger(String uri) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.ServerCancelled,
                "the analysis of " + uri + " is still running; ask again", new DiagnosticServerCancellationData(true)));
    }

    /** A digest of the diagnostics: equal diagnostics, equal id. */
    static String resultId(List<Diagnostic> diagnostics) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Diagnostic diagnostic : diagnostics) {
                digest.update(diagnostic.toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
