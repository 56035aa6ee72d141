package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.RuleFailure;
import dev.seclens.server.UserFiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
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
 *
 * <p>With a client that pulls diagnostics ({@link #usePull}), nothing is published: the same
 * results answer its pulls ({@link PullDiagnostics}). Files that are not open get the diagnostics
 * the workspace scan found on disk ({@link #scanned}); a file opened later takes over from them.
 */
public final class DiagnosticsService {
    private final DocumentStore store;
    private final AnalysisScheduler scheduler;
    private final AnalysisScheduler.Analyzers analyzers;
    /** Re-reads of saved files, one at a time, off the protocol thread. */
    private final ExecutorService diskReads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "seclens-disk-reads");
        thread.setDaemon(true);
        return thread;
    });
    /** The most a saved file is re-read for, when the document's analyzer has no size limit. */
    private static final long DEFAULT_REREAD_LIMIT = SecLensLanguageServer.DEFAULT_MAX_FILE_SIZE;
    private final ServerLog log;
    private final Object publishLock = new Object();
    private volatile BiConsumer<TextDocument, Analysis> analysedListener = (document, analysis) -> { };
    /** The rule failures last logged per document, so a failing rule is not logged on every keystroke. */
    private final Map<String, List<RuleFailure>> loggedFailures = new ConcurrentHashMap<>();
    private final ScannedFiles scannedFiles = new ScannedFiles();
    /** Per open document, its last analysis that parsed: kept findings while a syntax error stops the parser. */
    private final Map<String, StaleFindings.LastGood> lastGood = new ConcurrentHashMap<>();
    private final PullDiagnostics pulls;
    private volatile LanguageClient client;
    private volatile boolean stopped;
    private volatile boolean pull;
    /** Given a closed document's URI, whether the workspace scan re-publishes its on-disk analysis. */
    private volatile Predicate<String> reanalyseOnClose = uri -> false;
    /** Runs before each open and save: re-reads what changed on disk for clients that cannot watch files. */
    private volatile Runnable openOrSaveListener = () -> { };
    private volatile java.util.function.Consumer<String> unanalysedTextListener = path -> { };
    /** False while the settings say {@code seclens.enable: false}: documents are followed, not analysed. */
    private volatile boolean enabled = true;

    DiagnosticsService(DocumentStore store, Analyzer analyzer, ServerLog log, int threads, Duration coalesceDelay) {
        this(store, document -> Optional.of(analyzer), log, threads, coalesceDelay);
    }

    DiagnosticsService(DocumentStore store, AnalysisScheduler.Analyzers analyzers, ServerLog log, int threads,
                       Duration coalesceDelay) {
        this.store = store;
        this.analyzers = analyzers;
        this.log = log;
        this.scheduler = new AnalysisScheduler(analyzers, store, this::analysed, log, threads, coalesceDelay);
        this.pulls = new PullDiagnostics(store, scannedFiles, PullDiagnostics.DEFAULT_WAIT, this::diagnostics);
    }

    /** Pull instead of push: the client asks for diagnostics, so none are published. */
    void usePull(boolean usePull) {
        this.pull = usePull;
    }

    boolean pull() {
        return pull;
    }

    PullDiagnostics pulls() {
        return pulls;
    }

    void reanalyseOnClose(Predicate<String> reanalyse) {
        this.reanalyseOnClose = reanalyse;
    }

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    void onOpenOrSave(Runnable listener) {
        this.openOrSaveListener = listener;
    }

    /**
     * Told the path of a document SecLens does not analyse itself (a MyBatis mapper XML file, say)
     * whenever the text the server holds for it changes: opened, edited, saved with its text, or
     * closed (after which the file on disk counts again). Other analyses may read that text.
     */
    void onUnanalysedText(java.util.function.Consumer<String> listener) {
        this.unanalysedTextListener = listener;
    }

    void opened(String uri, String languageId, Integer version, String text) {
        if (stopped) {
            return;
        }
        openOrSaveListener.run();
        TextDocument document = store.open(uri, languageId, version, text);
        scannedFiles.remove(document.file().path()).filter(old -> !old.uri().equals(uri))
                .ifPresent(old -> publishEmpty(old.uri(), null)); // scanned under another spelling of the URI
        if (!document.analysed()) {
            unanalysedTextListener.accept(document.file().path());
        }
        requestAnalysis(uri);
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
            pulls.changed(uri);
        } else if (change.document().inSync()) {
            requestAnalysis(uri);
        }
        if (!change.document().analysed()) {
            unanalysedTextListener.accept(change.document().file().path()); // out of sync: the file on disk counts
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
        openOrSaveListener.run();
        TextDocument document = store.get(uri).orElse(null);
        if (document == null) {
            return;
        }
        if (text != null) {
            if (store.replace(uri, text).isPresent()) {
                requestAnalysis(uri);
                if (!document.analysed()) {
                    unanalysedTextListener.accept(document.file().path());
                }
            }
        } else if (!document.inSync()) {
            // off the protocol thread: a slow disk must not hold up the client's other messages
            long revision = document.revision();
            long limit = analyzers.forDocument(document).map(a -> a.maxFileSize().orElse(DEFAULT_REREAD_LIMIT))
                    .orElse(DEFAULT_REREAD_LIMIT);
            diskReads.execute(() -> {
                String saved = readSavedFile(uri, limit);
                if (saved != null && store.replaceIfCurrent(uri, revision, saved).isPresent()) {
                    requestAnalysis(uri);
                }
            });
        }
    }

    /**
     * Clears the document's diagnostics, unless the workspace scan re-publishes the analysis of the
     * file on disk instead (then the diagnostics stay until that replaces them).
     */
    void closed(String uri) {
        TextDocument closed = store.close(uri).orElse(null);
        loggedFailures.remove(uri);
        lastGood.remove(uri);
        if (closed != null) {
            scannedFiles.remove(closed.file().path());
            if (!closed.analysed()) {
                unanalysedTextListener.accept(closed.file().path());
            }
        }
        if (!stopped && !reanalyseOnClose.test(uri)) {
            publishEmpty(uri, null);
        }
        pulls.changed(uri);
    }

    /**
     * The diagnostics the workspace scan found in a file on disk, published (or kept for pulls) only
     * while no document is open on it: an open document's own analysis always wins. Unchanged or
     * (for a file the client has none for) empty diagnostics are not published again, unless
     * {@code replaceClosed}: they replace those of a document just closed.
     */
    void scanned(String path, String uri, List<Diagnostic> diagnostics, boolean replaceClosed) {
        synchronized (publishLock) {
            if (stopped || store.isOpen(path)) {
                return;
            }
            ScannedFiles.Entry old = scannedFiles.put(path, uri, diagnostics).orElse(null);
            boolean movedUri = old != null && !old.uri().equals(uri);
            if (movedUri) {
                publish(new PublishDiagnosticsParams(old.uri(), List.of()));
            }
            boolean changed = old == null ? !diagnostics.isEmpty() : movedUri || !old.diagnostics().equals(diagnostics);
            if (changed || replaceClosed) {
                publish(new PublishDiagnosticsParams(uri, diagnostics));
            }
        }
    }

    boolean isOpen(String path) {
        return store.isOpen(path);
    }

    /** Waits while open documents are being analysed; background work yields to them. */
    void awaitIdle(BooleanSupplier cancelled) throws InterruptedException {
        scheduler.awaitIdle(cancelled);
    }

    /**
     * The configuration changed: every open document is analysed afresh (runs in flight become
     * stale), or, when SecLens is now disabled, its diagnostics are cleared.
     */
    void configurationChanged(boolean enable) {
        if (stopped) {
            return;
        }
        List<TextDocument> documents = store.invalidateAll();
        synchronized (publishLock) {
            enabled = enable;
            if (!enable) {
                for (TextDocument document : documents) {
                    publish(new PublishDiagnosticsParams(document.uri(), List.of(), document.version()));
                }
            }
        }
        if (enable) {
            documents.forEach(document -> scheduler.request(document.uri()));
        }
    }

    private void requestAnalysis(String uri) {
        if (enabled) {
            scheduler.request(uri);
        }
    }

    /** Analyses the documents open on {@code path} again: a file their flows pass through changed. */
    void reanalyse(String path) {
        if (!stopped) {
            store.invalidate(path).stream().filter(d -> d.analysed() && d.inSync())
                    .forEach(d -> requestAnalysis(d.uri()));
        }
    }

    /** Analyses every open document again, as after the ignore file changed. */
    void reanalyseAll() {
        if (!stopped) {
            store.invalidateAll().stream().filter(d -> d.analysed() && d.inSync())
                    .forEach(d -> requestAnalysis(d.uri()));
        }
    }

    /** Sets how many documents are analysed at once. */
    void analysisThreads(int threads) {
        scheduler.threads(threads);
    }

    int analysisThreads() {
        return scheduler.threads();
    }

    /** After shutdown: no more analyses, no more diagnostics. */
    void stop() {
        stopped = true;
        scheduler.shutdown();
        diskReads.shutdownNow();
    }

    /** Told of each current analysis of an open document, on the analysis thread, before it is published. */
    void onAnalysed(BiConsumer<TextDocument, Analysis> listener) {
        this.analysedListener = listener;
    }

    private void analysed(TextDocument document, Analysis analysis) {
        if (document.analysed() && document.inSync() && store.isCurrent(document.uri(), document.revision())) {
            try {
                analysedListener.accept(document, analysis);
            } catch (RuntimeException e) {
                log.error("could not update the summaries of " + document.uri(), e);
            }
        }
        List<Diagnostic> diagnostics = diagnostics(document, analysis);
        synchronized (publishLock) {
            if (stopped || !enabled || !store.recordAnalysis(document.uri(), document.revision(), analysis)) {
                return; // stale: the document changed or closed while it was analysed
            }
            // before the diagnostics go out, so whoever reacts to them (a test, the user) finds the log already there
            logFailures(document.uri(), analysis.failures());
            publish(new PublishDiagnosticsParams(document.uri(), diagnostics, document.version()));
            pulls.changed(document.uri());
        }
    }

    /**
     * The document's diagnostics: its analysis's, and, when a syntax error kept the parser from
     * building a tree (an unterminated string, say), the findings of the last version that parsed,
     * moved to where their lines are now and marked stale; findings on the lines edited since are
     * dropped. Remembers an analysis that parsed as the new last good one.
     */
    List<Diagnostic> diagnostics(TextDocument document, Analysis analysis) {
        List<Diagnostic> diagnostics = DiagnosticsMapper.diagnostics(document.uri(), analysis);
        if (analysis.unit().isPresent()) {
            lastGood.put(document.uri(), new StaleFindings.LastGood(document.file().text(),
                    DiagnosticsMapper.findings(document.uri(), analysis)));
            return diagnostics;
        }
        StaleFindings.LastGood good = lastGood.get(document.uri());
        if (good == null || analysis.syntaxProblems().isEmpty()) {
            return diagnostics;
        }
        List<Diagnostic> kept = new java.util.ArrayList<>(diagnostics);
        kept.addAll(StaleFindings.carriedOver(good, document.file().text(),
                analysis.syntaxProblems().get(0).range().startLine()));
        return kept;
    }

    private void publishEmpty(String uri, Integer version) {
        synchronized (publishLock) {
            publish(new PublishDiagnosticsParams(uri, List.of(), version));
        }
    }

    private void publish(PublishDiagnosticsParams params) {
        LanguageClient c = client;
        if (c != null && !pull) {
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

    /** The saved file's text, read as every user-named file is: a regular file, at most {@code limit} bytes. */
    private String readSavedFile(String uri, long limit) {
        try {
            return UserFiles.readText(Path.of(URI.create(uri)), uri, limit, Optional.empty());
        } catch (UserFiles.Refused e) {
            log.warn("could not read the saved file to resynchronise: " + e.getMessage()
                    + "; its diagnostics stay hidden until it is reopened");
            return null;
        } catch (RuntimeException e) {
            log.warn("could not read " + uri + " after its save to resynchronise: " + e);
            return null;
        }
    }
}
