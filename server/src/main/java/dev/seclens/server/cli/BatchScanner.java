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
import dev.seclens.server.workspace.IoErrors;
import dev.seclens.server.workspace.ScanTarget;
import dev.seclens.server.workspace.SourceBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    private final Analyzer analyzer;
    private final int threads;
    private final OptionalLong maxFileSize;
    private final Optional<Caching> caching;

    BatchScanner(Analyzer analyzer, int threads, OptionalLong maxFileSize) {
        this(analyzer, threads, maxFileSize, Optional.empty());
    }

    BatchScanner(Analyzer analyzer, int threads, OptionalLong maxFileSize, Optional<Caching> caching) {
        this.analyzer = analyzer;
        this.threads = threads;
        this.maxFileSize = maxFileSize;
        this.caching = caching;
    }

    /** Outcomes in the order of {@code targets}. */
    List<FileOutcome> scan(List<ScanTarget> targets) throws InterruptedException {
        return scan(targets, null);
    }

    /** The same, telling {@code progress} as each file is done. */
    List<FileOutcome> scan(List<ScanTarget> targets, ScanProgress progress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, AnalysisThreads.factory("seclens-scan"));
        try {
            List<Future<FileOutcome>> futures = new ArrayList<>();
            for (ScanTarget target : targets) {
                futures.add(pool.submit(() -> {
                    boolean[] fromCache = {false};
                    FileOutcome outcome = scanFile(target, fromCache);
                    if (progress != null) {
                        progress.fileDone(fromCache[0]);
                    }
                    return outcome;
                }));
            }
            List<FileOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                outcomes.add(await(futures.get(i), targets.get(i).path()));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
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
                if (maxFileSize.isPresent()) {
                    long size = Files.size(target.file());
                    if (size > maxFileSize.getAsLong()) {
                        return new FileOutcome.Skipped(target.path(), "larger than --max-file-size ("
                                + size + " > " + maxFileSize.getAsLong() + " bytes)");
                    }
                }
                byte[] bytes;
                try {
                    bytes = UserFiles.read(target.file(), target.path(), maxFileSize.orElse(UserFiles.MAX_ANY_FILE),
                            Optional.empty());
                } catch (UserFiles.Refused e) {
                    return new FileOutcome.Skipped(target.path(), !e.missing() ? e.reason()
                            : Files.isSymbolicLink(target.file()) ? "broken symbolic link" : "no such file or directory");
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

    /** Anything a file throws, even an Error, is that file's problem and not the scan's. */
    private static FileOutcome guarded(String path, Supplier<FileOutcome> work) {
        try {
            return work.get();
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
