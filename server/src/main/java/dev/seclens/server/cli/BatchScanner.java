package dev.seclens.server.cli;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.RuleFailure;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.SyntaxProblem;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.server.SourceNesting;
import dev.seclens.server.UserFiles;
import dev.seclens.server.workspace.GeneratedSources;
import dev.seclens.server.workspace.IoErrors;
import dev.seclens.server.workspace.ScanTarget;
import dev.seclens.server.workspace.SourceBytes;
import dev.seclens.server.workspace.SourceWalker;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads and analyses files on a fixed pool of large-stack threads, one file per task. Whatever
 * goes wrong with a file becomes a {@link FileOutcome.Skipped} for that file; the scan goes on.
 * Only findings and warnings are kept, not syntax trees, so memory does not grow with the tree.
 */
final class BatchScanner {
    /** Where findings are cached, and what besides a file's bytes its entry's key takes in. */
    record Caching(ScanCache cache, Function<ScanTarget, String> ignoreFileKey) {
    }

    /**
     * The scan cannot go on: the JVM ran out of memory analysing {@link #path}. The outcomes handed
     * over until then stand; the files not handed over were not analysed.
     */
    static final class OutOfMemory extends Exception {
        private final String path;

        OutOfMemory(String path) {
            super("ran out of memory analysing " + path);
            this.path = path;
        }

        String path() {
            return path;
        }
    }

    private final Analyzer analyzer;
    private final int threads;
    private final SizeLimit sizeLimit;
    private final boolean includeGenerated;
    private final Optional<Caching> caching;

    BatchScanner(Analyzer analyzer, int threads, SizeLimit sizeLimit) {
        this(analyzer, threads, sizeLimit, false, Optional.empty());
    }

    /** @param includeGenerated whether generated sources are analysed rather than set aside */
    BatchScanner(Analyzer analyzer, int threads, SizeLimit sizeLimit, boolean includeGenerated,
                 Optional<Caching> caching) {
        this.analyzer = analyzer;
        this.threads = threads;
        this.sizeLimit = sizeLimit;
        this.includeGenerated = includeGenerated;
        this.caching = caching;
    }

    /**
     * Analyses {@code targets}, handing each file's outcome to {@code done} as soon as it is known
     * (from any thread), and telling {@code progress}. When a file exhausts the heap the scan
     * stops: a JVM out of memory analyses nothing reliably, and the outcomes already handed over
     * are what a partial report can still show.
     */
    void scan(List<ScanTarget> targets, ScanProgress progress, Consumer<FileOutcome> done)
            throws InterruptedException, OutOfMemory {
        ExecutorService pool = Executors.newFixedThreadPool(threads, AnalysisThreads.factory("seclens-scan"));
        AtomicReference<String> outOfMemory = new AtomicReference<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (ScanTarget target : targets) {
                futures.add(pool.submit(() -> {
                    if (outOfMemory.get() != null) {
                        return; // the scan is stopping
                    }
                    try {
                        boolean[] fromCache = {false};
                        FileOutcome outcome = scanFile(target, fromCache);
                        done.accept(outcome);
                        progress.fileDone(fromCache[0]);
                    } catch (OutOfMemoryError e) {
                        outOfMemory.compareAndSet(null, target.path()); // this file's memory is free again once unwound
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    done.accept(new FileOutcome.Skipped(targets.get(i).path(), "analysis failed: " + describe(e.getCause())));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (outOfMemory.get() != null) {
            throw new OutOfMemory(outOfMemory.get());
        }
    }

    /** Analyses a document that is not a file on disk, such as standard input. */
    FileOutcome scanDocument(String path, byte[] bytes) throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor(AnalysisThreads.factory("seclens-scan"));
        try {
            return await(pool.submit(() -> guarded(path, () -> analyse(path, bytes))), path);
        } finally {
            pool.shutdownNow();
        }
    }

    private FileOutcome scanFile(ScanTarget target, boolean[] fromCache) {
        return guarded(target.path(), () -> {
            try {
                long size = Files.size(target.file());
                if (size > sizeLimit.bytes()) {
                    // a generated client of many megabytes is not a failure: tell it by its head
                    Optional<String> generated = includeGenerated ? Optional.empty() : generated(target);
                    return generated.<FileOutcome>map(reason -> new FileOutcome.Generated(target.path(), reason))
                            .orElseGet(() -> new FileOutcome.Skipped(target.path(), sizeLimit.skipReason(size)));
                }
                byte[] bytes;
                try {
                    bytes = UserFiles.read(target.file(), target.path(), sizeLimit.bytes(), Optional.empty());
                } catch (UserFiles.Refused e) {
                    return new FileOutcome.Skipped(target.path(), !e.missing() ? e.reason()
                            : Files.isSymbolicLink(target.file()) ? "broken symbolic link" : "no such file or directory");
                }
                if (!includeGenerated && SourceWalker.isJava(target.file())) {
                    Optional<String> generated = GeneratedSources.recognise(head(bytes));
                    if (generated.isPresent()) {
                        return new FileOutcome.Generated(target.path(), generated.get());
                    }
                }
                if (caching.isEmpty()) {
                    return analyse(target.path(), bytes);
                }
                ScanCache cache = caching.get().cache();
                String text = SourceBytes.isBinary(bytes) ? "" : SourceBytes.decode(bytes).text();
                String key = cache.key(target.path(), bytes, caching.get().ignoreFileKey().apply(target),
                        analyzer.dependencyKey(new SourceFile(target.path(), text)));
                Optional<FileOutcome.Scanned> cached = cache.get(target.path(), key);
                if (cached.isPresent()) {
                    fromCache[0] = true;
                    return cached.get();
                }
                FileOutcome outcome = analyse(target.path(), bytes);
                // partial results are not kept: the next scan may have the time to finish
                if (outcome instanceof FileOutcome.Scanned scanned && scanned.warnings().stream()
                        .noneMatch(w -> w.kind() == ScanWarning.Kind.INCOMPLETE || w.kind() == ScanWarning.Kind.RULE_FAILURE)) {
                    cache.put(target.path(), key, scanned);
                }
                return outcome;
            } catch (IOException e) {
                return new FileOutcome.Skipped(target.path(), IoErrors.reason(e, target.file()));
            }
        });
    }

    /** Why a file too large to read whole is generated, from its first kilobytes; empty when it is not, or not Java. */
    private static Optional<String> generated(ScanTarget target) {
        if (!SourceWalker.isJava(target.file())) {
            return Optional.empty();
        }
        try {
            return GeneratedSources.recognise(head(UserFiles.readPrefix(target.file(), target.path(),
                    GeneratedSources.HEAD_BYTES)));
        } catch (UserFiles.Refused e) {
            return Optional.empty(); // reported as what it is by the size check's caller
        }
    }

    private static String head(byte[] bytes) {
        return SourceBytes.decode(Arrays.copyOf(bytes, Math.min(bytes.length, GeneratedSources.HEAD_BYTES))).text();
    }

    private FileOutcome analyse(String path, byte[] bytes) {
        if (SourceBytes.isBinary(bytes)) {
            return new FileOutcome.Skipped(path, "binary file (contains NUL bytes)");
        }
        SourceBytes.Decoded decoded = SourceBytes.decode(bytes);
        Optional<String> tooDeep = SourceNesting.tooDeep(decoded.text());
        if (tooDeep.isPresent()) {
            return new FileOutcome.Skipped(path, tooDeep.get());
        }
        Analysis analysis = analyzer.analyze(new SourceFile(path, decoded.text()));
        if (analysis.unit().isEmpty() && analysis.incomplete().isPresent()) {
            return new FileOutcome.Skipped(path, analysis.incomplete().get());
        }
        if (analysis.unit().isEmpty() && !BuildFileAnalyzer.isBuildFile(path)) {
            String why = analysis.syntaxProblems().isEmpty() ? "the parser gave up"
                    : analysis.syntaxProblems().get(0).message();
            return new FileOutcome.Skipped(path, "cannot be parsed: " + why);
        }
        List<ScanWarning> warnings = new ArrayList<>();
        if (decoded.lossy()) {
            warnings.add(new ScanWarning(path, ScanWarning.Kind.INVALID_UTF8,
                    "not valid UTF-8; undecodable bytes were read as U+FFFD", Optional.empty(),
                    Optional.empty()));
        }
        for (SyntaxProblem problem : analysis.syntaxProblems()) {
            warnings.add(new ScanWarning(path, ScanWarning.Kind.SYNTAX_ERROR, problem.message(),
                    Optional.of(problem.range()), Optional.empty()));
        }
        analysis.incomplete().ifPresent(reason -> warnings.add(new ScanWarning(path, ScanWarning.Kind.INCOMPLETE,
                reason, Optional.empty(), Optional.empty())));
        for (RuleFailure failure : analysis.failures()) {
            warnings.add(new ScanWarning(path, ScanWarning.Kind.RULE_FAILURE,
                    "rule " + failure.ruleId() + " failed: " + failure.error(), Optional.empty(),
                    Optional.of(failure.ruleId())));
        }
        return new FileOutcome.Scanned(path, SourceBytes.lineCount(decoded.text()), analysis.findings(), warnings,
                analysis.suppressed(), analysis.fingerprints());
    }

    /**
     * Anything a file throws, even a StackOverflowError, is that file's problem and not the scan's;
     * but an OutOfMemoryError is the whole JVM's, and stops the scan.
     */
    private static FileOutcome guarded(String path, Supplier<FileOutcome> work) {
        try {
            return work.get();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            return new FileOutcome.Skipped(path, "analysis failed: " + describe(t));
        }
    }

    private static FileOutcome await(Future<FileOutcome> future, String path) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return new FileOutcome.Skipped(path, "analysis failed: " + describe(e.getCause()));
        }
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
