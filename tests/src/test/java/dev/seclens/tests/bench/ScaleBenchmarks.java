package dev.seclens.tests.bench;

import static dev.seclens.tests.bench.Benchmarks.print;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.Analyzer;
import dev.seclens.server.lsp.LanguageServerLauncher;
import dev.seclens.server.lsp.SecLensLanguageServer;
import dev.seclens.tests.lsp.RecordingClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import com.github.javaparser.JavaParser;
import dev.seclens.rules.JavaSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures at scale: the server's heap with many large documents open, and {@code seclens scan},
 * cold and with the cache warm, of the generated 286,000-line tree (beside a bare parse of it) and
 * of the JDK's own sources (Debian's {@code openjdk-17-source}). Runs
 * only with {@code mvn -B -Pbench -pl tests -am verify}.
 */
@Tag("bench")
class ScaleBenchmarks {
    private static final int OPEN_DOCUMENTS = 200;
    private static final int DOCUMENT_LINES = 2_000;
    /** Where Debian's openjdk-17-source puts the sources, and where JDK images keep them. */
    private static final List<String> JDK_SOURCES = List.of("/usr/lib/jvm/openjdk-17/lib/src.zip",
            "/usr/lib/jvm/openjdk-17/src.zip", "/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip");

    @TempDir
    Path temp;

    @Test
    void heapWithTwoHundredOpenDocuments() throws Exception {
        PipedInputStream serverIn = new PipedInputStream(1 << 20);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 20);
        PipedOutputStream toClient = new PipedOutputStream(clientIn);
        RecordingClient client = new RecordingClient();
        settle();
        long baseline = usedHeap();
        resetPeaks();
        LanguageServerLauncher.start(new SecLensLanguageServer(Analyzer.withBuiltInRules(),
                SecLensLanguageServer.DEFAULT_COALESCE_DELAY), serverIn, toClient);
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, clientIn, toServer);
        launcher.startListening();
        LanguageServer server = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        init.setCapabilities(new ClientCapabilities());
        server.initialize(init).get(60, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
        long started = System.nanoTime();
        long chars = 0;
        for (int i = 0; i < OPEN_DOCUMENTS; i++) {
            String text = GeneratedCorpus.javaFile("Doc" + i, DOCUMENT_LINES, i);
            chars += text.length();
            server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                    new TextDocumentItem("file:///bench/src/main/java/Doc" + i + ".java", "java", 1, text)));
        }
        int analysed = 0;
        while (analysed < OPEN_DOCUMENTS) {
            PublishDiagnosticsParams p = client.diagnostics.poll(120, TimeUnit.SECONDS);
            if (p == null) {
                throw new IllegalStateException("only " + analysed + " documents analysed");
            }
            analysed++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = peakHeap();
        settle();
        long retained = usedHeap() - baseline;
        print("server with %d open %,d-line documents (%,d MiB of text): all analysed in %.1f s; heap retained after GC %d MiB,"
                + " peak heap %d MiB", OPEN_DOCUMENTS, DOCUMENT_LINES, chars * 2 / (1 << 20), seconds,
                retained >> 20, peak >> 20);
        server.shutdown().get(10, TimeUnit.SECONDS);
        server.exit();
    }

    @Test
    void scanOfTheJdkSourcesColdAndWarm() throws Exception {
        Optional<Path> zip = JDK_SOURCES.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
        if (zip.isEmpty()) {
            String why = "no JDK sources at " + JDK_SOURCES + " (apt-get install -y openjdk-17-source)";
            print("scan of the JDK sources skipped: %s", why);
            Assumptions.abort(why);
        }
        Path tree = temp.resolve("jdk");
        int files = unzipJava(zip.get(), tree);
        scanColdAndWarm(tree, String.format(Locale.ROOT, "the JDK 17 sources (%,d .java files from %s)", files, zip.get()),
                files, Optional.empty());
    }

    /**
     * A cold scan of the generated 286,000-line tree beside one bare single-threaded JavaParser pass
     * over the same files in this JVM (after one warm-up pass): the scan's whole work, every rule and
     * the summaries across files included, against the parse it cannot avoid. And beside the same
     * pass in a new JVM, which like the scan starts cold (its start and the JIT's work included).
     * CPU seconds are given beside wall seconds: on a machine shared with other builds the CPU time
     * moves less.
     */
    @Test
    void coldScanOfAGeneratedTreeBesideABareParse() throws Exception {
        Path tree = temp.resolve("generated");
        GeneratedCorpus.writeTree(tree, 2_000, 150);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tree)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        bareParseSeconds(files); // warm-up: JavaParser's generated parser needs the JIT
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        double bare = bareParseSeconds(files);
        double bareCpu = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
        print("bare single-threaded parse of the generated tree (%,d files): %.1f s, %.1f s CPU", files.size(), bare,
                bareCpu);
        double[] newJvm = bareParseInANewJvm(tree);
        print("the same in a new JVM (java -cp the tests' class path): %.1f s, %.1f s CPU", newJvm[0], newJvm[1]);
        scanColdAndWarm(tree, String.format(Locale.ROOT, "the generated tree (%,d files)", files.size()), files.size(),
                Optional.of(new double[] {bare, bareCpu, newJvm[0], newJvm[1]}));
    }

    /** Wall and CPU seconds of {@link BareParse} over {@code tree} in a JVM of its own, default options. */
    private static double[] bareParseInANewJvm(Path tree) throws Exception {
        Process p = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), BareParse.class.getName(),
                tree.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long start = System.nanoTime();
        double cpu = 0;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            cpu = Math.max(cpu, cpuSeconds(p.pid()));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("the bare parse in a new JVM exited " + p.exitValue());
        }
        return new double[] {(System.nanoTime() - start) / 1e9, cpu};
    }

    /** One bare single-threaded pass over the Java files of a tree, as {@link #bareParseSeconds} makes it. */
    static final class BareParse {
        public static void main(String[] args) throws IOException {
            try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
                bareParseSeconds(walk.filter(p -> p.toString().endsWith(".java")).sorted().toList());
            }
        }
    }

    private static double bareParseSeconds(List<Path> files) throws IOException {
        long start = System.nanoTime();
        for (Path f : files) {
            new JavaParser(JavaSource.validatingConfiguration()).parse(Files.readString(f, StandardCharsets.UTF_8));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * {@code seclens scan} of {@code tree} as a subprocess, cold, then warm (its own cache folder),
     * then warm again after a comment line was added at the top of the file whose class the most
     * other files name (a pull request's small edit to a class much of the tree uses: its lines
     * move, its facts do not),
     * with the JVM options the {@code seclens} launcher gives a scan ({@code server/scan-jvm.options})
     * unless {@code seclens.bench.jvm} says others, and the jar {@code seclens.bench.jar} names
     * (another build's, to compare) or this build's.
     */
    private void scanColdAndWarm(Path tree, String what, int files, Optional<double[]> bare) throws Exception {
        String jar = System.getProperty("seclens.bench.jar", ServerProcess.jar());
        List<String> jvm = List.of(System.getProperty("seclens.bench.jvm",
                Files.readString(Path.of("../server/scan-jvm.options")).trim()).split("\\s+"));
        Path cache = Files.createDirectories(temp.resolve("cache-" + tree.getFileName()));
        for (String run : List.of("cold", "warm", "one file edited")) {
            if (run.equals("one file edited")) {
                Path edited = mostNamed(tree);
                Files.writeString(edited, "// edited\n" + Files.readString(edited, StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8);
                print("a comment line added at the top of %s", tree.relativize(edited));
            }
            Path report = temp.resolve(run + ".json");
            Path stderr = temp.resolve(run + ".err");
            List<String> command = new java.util.ArrayList<>(List.of("java"));
            command.addAll(jvm);
            command.addAll(List.of("-jar", jar, "scan", "--fail-on", "none", "--format", "json", "--output",
                    report.toString(), "."));
            ProcessBuilder builder = new ProcessBuilder(command).directory(tree.toFile()).redirectError(stderr.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("XDG_CACHE_HOME", cache.toString());
            long start = System.nanoTime();
            Process p = builder.start();
            long peakKib = 0;
            double cpu = 0;
            while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
                peakKib = Math.max(peakKib, peakRssKib(p.pid()));
                cpu = Math.max(cpu, cpuSeconds(p.pid()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonObject json = JsonParser.parseString(Files.readString(report, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject summary = json.getAsJsonObject("summary");
            Map<String, Integer> reasons = new TreeMap<>();
            for (JsonElement s : json.getAsJsonArray("skipped")) {
                String reason = s.getAsJsonObject().get("reason").getAsString().replaceAll("\\(.*", "").replaceAll(":.*", "");
                reasons.merge(reason, 1, Integer::sum);
            }
            String ratio = bare.isEmpty() || !run.equals("cold") ? "" : String.format(Locale.ROOT,
                    "; scan/bare parse %.2fx wall, %.2fx CPU (target <= 2x); against the new JVM's %.2fx wall, %.2fx CPU",
                    seconds / bare.get()[0], cpu / bare.get()[1], seconds / bare.get()[2], cpu / bare.get()[3]);
            print("scan of %s (%s, %s, %s): %.1f s, %.1f s CPU (at least), %.0f files/s, peak RSS %d MiB%s; %s;"
                    + " skipped %s", what, run, jvm, jar, seconds, cpu, files / seconds, peakKib / 1024, ratio,
                    summary, reasons);
            if (p.exitValue() != 0) {
                print("scan exited %d: %s", p.exitValue(), Files.readString(stderr));
            }
        }
    }

    /** The Java file of {@code tree} whose name, as a word, the most other files of the tree hold; the first such in path order. */
    private static Path mostNamed(Path tree) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tree)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        Map<String, Integer> naming = new java.util.HashMap<>();
        java.util.regex.Pattern word = java.util.regex.Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
        for (Path f : files) {
            java.util.Set<String> words = new java.util.HashSet<>();
            java.util.regex.Matcher m = word.matcher(Files.readString(f, StandardCharsets.ISO_8859_1));
            while (m.find()) words.add(m.group());
            words.forEach(w -> naming.merge(w, 1, Integer::sum));
        }
        Path most = files.get(0);
        for (Path f : files) {
            if (naming.getOrDefault(className(f), 0) > naming.getOrDefault(className(most), 0)) most = f;
        }
        return most;
    }

    private static String className(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    /** User and system CPU seconds of a live process ({@code /proc/PID/stat}, clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0; // the process has just ended
        }
    }

    private static int unzipJava(Path zip, Path tree) throws IOException {
        int count = 0;
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                if (e.isDirectory() || !e.getName().endsWith(".java")) {
                    continue;
                }
                Path target = tree.resolve(e.getName()).normalize();
                if (!target.startsWith(tree)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(entries, target);
                count++;
            }
        }
        return count;
    }

    private static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // the process has just ended
        }
        return 0;
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(Duration.ofMillis(200).toMillis());
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
