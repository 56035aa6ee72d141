package dev.seclens.tests.bench;

import com.github.javaparser.JavaParser;
import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.TaintRule;
import dev.seclens.rules.taint.WorkspaceSummaries;
import dev.seclens.rules.JavaSource;
import dev.seclens.server.cli.ScanCommand;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the figures SecLens is judged by; asserts nothing about time. Runs only with
 * {@code mvn -B -Pbench -pl tests -am verify}.
 */
@Tag("bench")
class Benchmarks {
    private static final int EDITS = 200;
    private static final int WARM_UP_EDITS = 100;
    /** The edits right after opening, measured apart: what a user who has just opened the file sees. */
    private static final int FIRST_EDITS = 50;
    private static final long WARM_UP_NANOS = 5_000_000_000L;
    private static final int CORPUS_FILES = 2000;
    private static final int CORPUS_FILE_LINES = 150;

    @TempDir
    Path temp;

    @Test
    void changeToDiagnosticsLatency() throws Exception {
        for (int lines : new int[] {2_000, 10_000}) {
            String text = GeneratedCorpus.javaFile("Big" + lines, lines, lines);
            double bare = bareParseMillis(text);
            try (ServerProcess server = ServerProcess.start(temp)) {
                long[] all = server.editLoop(text, WARM_UP_EDITS, EDITS);
                long[] first = Arrays.copyOfRange(all, 0, FIRST_EDITS);
                long[] latencies = Arrays.copyOfRange(all, WARM_UP_EDITS, all.length);
                double p50 = percentile(latencies, 50) / 1e6;
                double p99 = percentile(latencies, 99) / 1e6;
                print("latency %,d lines: p50 %.1f ms, p99 %.1f ms over %d edits (after %d warm-up edits); bare parse %.1f ms;"
                        + " p50/parse %.2fx (target <= 1.2x), p99/parse %.2fx (target <= 3x)", lines, p50, p99, EDITS,
                        WARM_UP_EDITS, bare, p50 / bare, p99 / bare);
                double firstP50 = percentile(first, 50) / 1e6;
                double firstP99 = percentile(first, 99) / 1e6;
                print("latency %,d lines, first %d edits after opening: p50 %.1f ms, p99 %.1f ms; p50/parse %.2fx,"
                        + " p99/parse %.2fx", lines, FIRST_EDITS, firstP50, firstP99, firstP50 / bare, firstP99 / bare);
                print("server peak RSS after %,d-line session: %d MiB", lines, server.peakRssKib() / 1024);
            }
        }
    }

    @Test
    void batchThroughput() throws Exception {
        Path tree = temp.resolve("corpus");
        GeneratedCorpus.writeTree(tree, CORPUS_FILES, CORPUS_FILE_LINES);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tree)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        long lines = 0;
        for (Path f : files) {
            lines += Files.readAllLines(f).size();
        }
        bareParallelParseSeconds(files); // warm-up
        double bare = bareParallelParseSeconds(files);
        Path report = temp.resolve("report.json");
        scan(tree, report); // warm-up
        resetPeaks();
        long start = System.nanoTime();
        scan(tree, report);
        double seconds = (System.nanoTime() - start) / 1e9;
        print("batch %,d files, %,d lines: scan %.0f files/s, %.0f lines/s; bare parallel parse %.0f files/s; scan/parse %.0f%% (target >= 60%%)",
                files.size(), lines, files.size() / seconds, lines / seconds, files.size() / bare, 100 * bare / seconds);
        print("batch peak heap: %d MiB", peakHeapBytes() / (1024 * 1024));
    }

    @Test
    void taintAnalysisCost() throws Exception {
        String text = GeneratedCorpus.javaFile("Taint2000", 2_000, 7);
        double bare = bareParseMillis(text);
        Analyzer all = Analyzer.withBuiltInRules();
        Analyzer withoutTaint = new Analyzer(all.rules().stream().filter(r -> !(r instanceof TaintRule)).toList());
        double full = analysisMillis(all, text);
        double local = analysisMillis(withoutTaint, text);
        print("analysis of a 2,000-line file: %.1f ms with taint, %.1f ms without; bare parse %.1f ms;"
                + " whole analysis/parse %.2fx (target <= 3x); taint share %.1f ms", full, local, bare, full / bare,
                full - local);
    }

    @Test
    void summaryBuilding() throws Exception {
        Path tree = temp.resolve("workspace");
        GeneratedCorpus.writeTree(tree, CORPUS_FILES, CORPUS_FILE_LINES);
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                texts.put(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        buildSummaries(texts); // warm-up
        long start = System.nanoTime();
        WorkspaceSummaries summaries = buildSummaries(texts);
        double seconds = (System.nanoTime() - start) / 1e9;
        print("summaries of a %,d-file workspace: %.2f s, %.0f files/s on %d threads (parse + summarise + settle)",
                summaries.size(), seconds, texts.size() / seconds, Runtime.getRuntime().availableProcessors());
    }

    private static WorkspaceSummaries buildSummaries(Map<String, String> texts) throws Exception {
        WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                AnalysisThreads.factory("bench-summaries"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            texts.forEach((path, text) -> futures.add(pool.submit(() -> summaries.add(path, text))));
            for (Future<?> f : futures) {
                f.get();
            }
            pool.submit(() -> summaries.settle(p -> java.util.Optional.ofNullable(texts.get(p)))).get();
        } finally {
            pool.shutdownNow();
        }
        return summaries;
    }

    private static double analysisMillis(Analyzer analyzer, String text) {
        SourceFile file = new SourceFile("Taint2000.java", text);
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUntil) {
            analyzer.analyze(file);
        }
        long[] times = new long[20];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            analyzer.analyze(file);
            times[i] = System.nanoTime() - start;
        }
        return percentile(times, 50) / 1e6;
    }

    @Test
    void startupAndSingleFileScan() throws Exception {
        try (ServerProcess server = ServerProcess.start(temp)) {
            print("server start to initialize answered: %.0f ms", server.initializeMillis());
        }
        Path file = temp.resolve("One.java");
        Files.writeString(file, GeneratedCorpus.javaFile("One", 300, 1));
        List<Long> walls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("java", "-jar", ServerProcess.jar(), "scan", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            walls.add(System.nanoTime() - start);
        }
        long[] sorted = walls.stream().mapToLong(Long::longValue).sorted().toArray();
        print("scan of one 300-line file, wall time (median of 5 JVM starts): %.0f ms", sorted[2] / 1e6);
    }

    private static int scan(Path tree, Path report) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return ScanCommand.run(new String[] {"--no-cache", "--format", "json", "--output", report.toString(), tree.toString()},
                new ByteArrayInputStream(new byte[0]), sink, sink);
    }

    private static double bareParseMillis(String text) {
        JavaParser parser = new JavaParser(JavaSource.validatingConfiguration());
        // JavaParser's generated parser needs many runs before the JIT has compiled it
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUntil) {
            parser.parse(text);
        }
        long[] times = new long[20];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            parser.parse(text);
            times[i] = System.nanoTime() - start;
        }
        return percentile(times, 50) / 1e6;
    }

    private static double bareParallelParseSeconds(List<Path> files) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads, AnalysisThreads.factory("bare-parse"));
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    new JavaParser(JavaSource.validatingConfiguration()).parse(Files.readString(f, StandardCharsets.UTF_8));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    static void print(String format, Object... args) {
        System.out.println("bench: " + String.format(Locale.ROOT, format, args));
    }
}
