package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.Analyzer;
import dev.seclens.server.SourceNesting;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the analyzer off the protocol thread. Per document at most one run is in flight: a request
 * while idle starts at once; requests while a run is in flight mark the document for one more run,
 * which starts {@code coalesceDelay} after the current one ends and analyses whatever text is then
 * current, so a burst of edits costs one run, not one per keystroke. A run whose document changes
 * under it is cancelled (the analyzer polls the revision between rules) and never reported.
 */
final class AnalysisScheduler {

    /** Receives each run that finished uncancelled; it must still check that the revision is current. */
    interface Listener {
        void analysed(TextDocument document, Analysis analysis);
    }

    /** Which analyzer a document gets under the configuration in force; empty when it is left out. */
    interface Analyzers {
        Optional<Analyzer> forDocument(TextDocument document);
    }

    private final Analyzers analyzers;
    private final DocumentStore store;
    private final Listener listener;
    private final ServerLog log;
    private final ThreadPoolExecutor pool;
    private final Executor afterDelay;
    /** URIs with a run in flight, mapped to whether another run was requested meanwhile. */
    private final Map<String, Boolean> inFlight = new HashMap<>();

    AnalysisScheduler(Analyzer analyzer, DocumentStore store, Listener listener, ServerLog log,
                      int threads, Duration coalesceDelay) {
        this(document -> Optional.of(analyzer), store, listener, log, threads, coalesceDelay);
    }

    AnalysisScheduler(Analyzers analyzers, DocumentStore store, Listener listener, ServerLog log,
                      int threads, Duration coalesceDelay) {
        this.analyzers = analyzers;
        this.store = store;
        this.listener = listener;
        this.log = log;
        // AnalysisThreads: the parser and rules need deep stacks on deeply nested code.
        this.pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(threads, AnalysisThreads.factory("seclens-analysis"));
        this.afterDelay = coalesceDelay.isZero()
                ? pool
                : CompletableFuture.delayedExecutor(coalesceDelay.toMillis(), TimeUnit.MILLISECONDS, pool);
    }

    /** Analyses the document's current text soon, unless it is not Java or not in sync. */
    void request(String uri) {
        synchronized (inFlight) {
            if (inFlight.containsKey(uri)) {
                inFlight.put(uri, true);
                return;
            }
            inFlight.put(uri, false);
        }
        submit(uri, pool);
    }

    /**
     * Waits until no run is in flight or pending, or {@code cancelled} turns true: background work
     * calls it first so that it yields to the open documents.
     */
    void awaitIdle(BooleanSupplier cancelled) throws InterruptedException {
        synchronized (inFlight) {
            while (!inFlight.isEmpty() && !cancelled.getAsBoolean()) {
                inFlight.wait(50);
            }
        }
    }

    /** Resizes the pool (the {@code analysisThreads} setting); runs in flight finish on the old threads. */
    void threads(int threads) {
        if (threads > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(threads);
            pool.setCorePoolSize(threads);
        } else {
            pool.setCorePoolSize(threads);
            pool.setMaximumPoolSize(threads);
        }
    }

    int threads() {
        return pool.getMaximumPoolSize();
    }

    void shutdown() {
        pool.shutdownNow();
    }

    private void submit(String uri, Executor executor) {
        try {
            executor.execute(() -> run(uri));
        } catch (RejectedExecutionException e) {
            // shut down: no more runs
        }
    }

    private void run(String uri) {
        TextDocument document = null;
        Analysis analysis = null;
        try {
            document = store.get(uri).filter(TextDocument::needsAnalysis).orElse(null);
            if (document != null) {
                TextDocument analysed = document;
                Optional<Analyzer> analyzer = analyzers.forDocument(analysed);
                // A document the configuration leaves out gets an empty analysis: no diagnostics.
                Optional<String> tooDeep = analyzer.isEmpty() ? Optional.empty()
                        : SourceNesting.tooDeep(analysed.file().text());
                analysis = analyzer.isEmpty()
                        ? new Analysis(analysed.file(), Optional.empty(), List.of(), List.of(), List.of(), false)
                        // refused before the parser, which no time budget can stop, holds this thread for minutes
                        : tooDeep.isPresent() ? Analysis.notAnalysed(analysed.file(), tooDeep.get())
                        : analyzer.get().analyze(analysed.file(), Optional.ofNullable(analysed.previous()),
                                () -> !store.isCurrent(uri, analysed.revision()));
            }
        } catch (RuntimeException | Error e) {
            // an Error too (OutOfMemoryError, StackOverflowError): reported, and this thread and the
            // document's in-flight mark carry on, or the document would never be analysed again
            analysis = null;
            log.error("analysis of " + uri + " failed", e);
        }
        boolean again;
        synchronized (inFlight) {
            again = inFlight.getOrDefault(uri, false);
            if (again) {
                inFlight.put(uri, false);
            } else {
                inFlight.remove(uri);
                inFlight.notifyAll();
            }
        }
        // Published only now: an edit the client sends in answer to these diagnostics finds the
        // document idle and is analysed at once, not after the coalescing delay.
        if (analysis != null && !analysis.cancelled()) {
            try {
                listener.analysed(document, analysis);
            } catch (RuntimeException | Error e) {
                log.error("publishing the analysis of " + uri + " failed", e);
            }
        }
        if (again) {
            submit(uri, afterDelay);
        }
    }
}
