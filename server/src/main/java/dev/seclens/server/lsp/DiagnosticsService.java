package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.RuleFailure;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Follows the editor's documents and publishes SecLens diagnostics for them: every text change
 * requests an analysis, and only an analysis of the still-current text is published.
 *
 * <p>Publishing is serialised by {@link #publishLock}: a run checks that its revision is current
 * and publishes while holding it, and whatever makes a document's diagnostics empty (close, lost
 * sync) takes it after changing the store. So a late run can never overwrite those empty
 * diagnostics, and per document, runs publish in revision order.
 */
public final class DiagnosticsService {
    private final DocumentStore store;
    private final AnalysisScheduler scheduler;
    private final ServerLog log;
    private final Object publishLock = new Object();
    /** The rule failures last logged per document, so a failing rule is not logged on every keystroke. */
    private final Map<String, List<RuleFailure>> loggedFailures = new ConcurrentHashMap<>();
    private volatile LanguageClient client;
    private volatile boolean stopped;

    DiagnosticsService(DocumentStore store, Analyzer analyzer, ServerLog log, int threads, Duration coalesceDelay) {
        this.store = store;
        this.log = log;
        this.scheduler = new AnalysisScheduler(analyzer, store, this::analysed, log, threads, coalesceDelay);
    }

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    void opened(String uri, String languageId, Integer version, String text) {
        if (stopped) {
            return;
        }
        store.open(uri, languageId, version, text);
        scheduler.request(uri);
    }

    void changed(String uri, Integer version, List<TextDocumentContentChangeEvent> changes) {
        if (stopped) {
            return;
        }
        DocumentStore.Change change = store.change(uri, version, changes).orElse(null);
        if (change == null) {
            log.warn("didChange for " + uri + ", which is not open; ignored");
            return;
        }
        for (String rejected : change.rejected()) {
            log.warn("could not apply a change to " + uri + " (version " + version + "): " + rejected);
        }
        if (change.lostSync()) {
            log.alert("lost track of the text of " + uri + "; its security diagnostics are hidden until"
                    + " it is saved or reopened");
            publishEmpty(uri, version);
        } else if (change.document().inSync()) {
            scheduler.request(uri);
        }
    }

    /**
     * A save resynchronises: with the text when the client sends it, else, if the document was out
     * of sync, from the file just written. An in-sync document saved without text is unchanged.
     */
    void saved(String uri, String text) {
        if (stopped) {
            return;
        }
        TextDocument document = store.get(uri).orElse(null);
        if (document == null) {
            return;
        }
        String saved = text != null ? text : document.inSync() ? null : readSavedFile(uri);
        if (saved != null && store.replace(uri, saved).isPresent()) {
            scheduler.request(uri);
        }
    }

    void closed(String uri) {
        store.close(uri);
        loggedFailures.remove(uri);
        if (!stopped) {
            publishEmpty(uri, null);
        }
    }

    /** Analyses every open document again, as after the ignore file changed. */
    void reanalyseAll() {
        if (!stopped) {
            store.refreshAll().forEach(scheduler::request);
        }
    }

    /** After shutdown: no more analyses, no more diagnostics. */
    void stop() {
        stopped = true;
        scheduler.shutdown();
    }

    private void analysed(TextDocument document, Analysis analysis) {
        List<Diagnostic> diagnostics = DiagnosticsMapper.diagnostics(document.uri(), analysis);
        synchronized (publishLock) {
            if (stopped || !store.recordAnalysis(document.uri(), document.revision(), analysis)) {
                return; // stale: the document changed or closed while it was analysed
            }
            publish(new PublishDiagnosticsParams(document.uri(), diagnostics, document.version()));
        }
        logFailures(document.uri(), analysis.failures());
    }

    private void publishEmpty(String uri, Integer version) {
        synchronized (publishLock) {
            publish(new PublishDiagnosticsParams(uri, List.of(), version));
        }
    }

    private void publish(PublishDiagnosticsParams params) {
        LanguageClient c = client;
        if (c != null) {
            c.publishDiagnostics(params);
        }
    }

    private void logFailures(String uri, List<RuleFailure> failures) {
        List<RuleFailure> previous = failures.isEmpty()
                ? loggedFailures.remove(uri)
                : loggedFailures.put(uri, failures);
        if (failures.equals(previous)) {
            return;
        }
        for (RuleFailure failure : failures) {
            log.warn("rule " + failure.ruleId() + " failed on " + uri + ", its findings there are missing: "
                    + failure.error());
        }
    }

    private String readSavedFile(String uri) {
        try {
            return Files.readString(Path.of(URI.create(uri)), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            log.warn("could not read " + uri + " after its save to resynchronise: " + e);
            return null;
        }
    }
}
