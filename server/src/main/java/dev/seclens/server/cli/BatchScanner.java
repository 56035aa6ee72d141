package dev.seclens.server.cli;

import com.github.javaparser.ast.CompilationUnit;
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
import java.util.function.Supplier;

/**
 * Reads and analyses one file at a time, for {@link OnePassScan} and for a document read from
 * standard input. Whatever goes wrong with a file becomes a {@link FileOutcome.Skipped} for that
 * file; the scan goes on. Only findings and warnings are kept in an outcome, not syntax trees.
 */
final class BatchScanner {
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
    private final SizeLimit sizeLimit;
    private final boolean includeGenerated;

    BatchScanner(Analyzer analyzer, SizeLimit sizeLimit) {
        this(analyzer, sizeLimit, false);
    }

    /** @param includeGenerated whether generated sources are analysed rather than set aside */
    BatchScanner(Analyzer analyzer, SizeLimit sizeLimit, boolean includeGenerated) {
        this.analyzer = analyzer;
        this.sizeLimit = sizeLimit;
        this.includeGenerated = includeGenerated;
    }

    /** What reading a file gave: its bytes to analyse, or already its outcome (set aside, unreadable). */
    sealed interface Read {
        record Bytes(byte[] bytes) implements Read {
        }

        record Decided(FileOutcome outcome) implements Read {
        }
    }

    /**
     * A file's analysis: its outcome, and, when it was parsed, its text and tree, from which the
     * caller takes the file's summaries before letting the tree go.
     */
    record Analysed(FileOutcome outcome, Optional<String> text, Optional<CompilationUnit> unit) {
    }

    /** Analyses a document that is not a file on disk, such as standard input. */
    FileOutcome scanDocument(String path, byte[] bytes) throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor(AnalysisThreads.factory("seclens-scan"));
        try {
            return await(pool.submit(() -> guarded(path, () -> analyse(path, bytes).outcome())), path);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Reads {@code target} for analysis, or decides its outcome without analysis: too large,
     * unreadable, generated. Anything else that goes wrong is the file's outcome too.
     */
    Read read(ScanTarget target) {
        try {
            return readOrDecide(target);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            return new Read.Decided(new FileOutcome.Skipped(target.path(), "analysis failed: " + describe(t)));
        }
    }

    private Read readOrDecide(ScanTarget target) {
        try {
            long size = Files.size(target.file());
            if (size > sizeLimit.bytes()) {
                // a generated client of many megabytes is not a failure: tell it by its head
                Optional<String> generated = includeGenerated ? Optional.empty() : generated(target);
                return new Read.Decided(generated.<FileOutcome>map(reason -> new FileOutcome.Generated(target.path(), reason))
                        .orElseGet(() -> new FileOutcome.Skipped(target.path(), sizeLimit.skipReason(size))));
            }
            byte[] bytes;
            try {
                bytes = UserFiles.read(target.file(), target.path(), sizeLimit.bytes(), Optional.empty());
            } catch (UserFiles.Refused e) {
                return new Read.Decided(new FileOutcome.Skipped(target.path(), !e.missing() ? e.reason()
                        : Files.isSymbolicLink(target.file()) ? "broken symbolic link" : "no such file or directory"));
            }
            if (!includeGenerated && SourceWalker.isJava(target.file())) {
                Optional<String> generated = GeneratedSources.recognise(head(bytes));
                if (generated.isPresent()) {
                    return new Read.Decided(new FileOutcome.Generated(target.path(), generated.get()));
                }
            }
            return new Read.Bytes(bytes);
        } catch (IOException e) {
            return new Read.Decided(new FileOutcome.Skipped(target.path(), IoErrors.reason(e, target.file())));
        }
    }

    /** Analyses a file read by {@link #read}; whatever goes wrong but exhausting the heap is the file's outcome. */
    Analysed analyseFile(String path, byte[] bytes) {
        try {
            return analyse(path, bytes);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            return new Analysed(new FileOutcome.Skipped(path, "analysis failed: " + describe(t)), Optional.empty(),
                    Optional.empty());
        }
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

    private Analysed analyse(String path, byte[] bytes) {
        if (SourceBytes.isBinary(bytes)) {
            return notParsed(new FileOutcome.Skipped(path, "binary file (contains NUL bytes)"));
        }
        SourceBytes.Decoded decoded = SourceBytes.decode(bytes);
        Optional<String> tooDeep = SourceNesting.tooDeep(decoded.text());
        if (tooDeep.isPresent()) {
            return notParsed(new FileOutcome.Skipped(path, tooDeep.get()));
        }
        Analysis analysis = analyzer.analyze(new SourceFile(path, decoded.text()));
        Optional<String> text = Optional.of(decoded.text());
        if (analysis.unit().isEmpty() && analysis.incomplete().isPresent()) {
            return new Analysed(new FileOutcome.Skipped(path, analysis.incomplete().get()), text, Optional.empty());
        }
        if (analysis.unit().isEmpty() && !BuildFileAnalyzer.isBuildFile(path)) {
            String why = analysis.syntaxProblems().isEmpty() ? "the parser gave up"
                    : analysis.syntaxProblems().get(0).message();
            return new Analysed(new FileOutcome.Skipped(path, "cannot be parsed: " + why), text, Optional.empty());
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
        return new Analysed(new FileOutcome.Scanned(path, SourceBytes.lineCount(decoded.text()), analysis.findings(),
                warnings, analysis.suppressed(), analysis.fingerprints()), text, analysis.unit());
    }

    private static Analysed notParsed(FileOutcome outcome) {
        return new Analysed(outcome, Optional.empty(), Optional.empty());
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

    static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
