package dev.seclens.tests.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The precision corpus (tests/corpus/README.md): each project of {@code projects.tsv} scanned at
 * default settings, printing its lines, findings per thousand lines, and the precision of each
 * rule over the findings {@code labels.tsv} judges. Prints figures, asserts nothing; runs only with
 * {@code mvn -B -Pcorpus -pl tests -am verify} after {@code tests/corpus/restore.sh}, since the
 * projects come from local mirrors no CI machine has.
 *
 * <p>System properties: {@code seclens.corpus} (the restored projects, default
 * {@code /tmp/seclens-corpus}); {@code seclens.corpus.jar} (the jar to scan with, default the one
 * this build packaged; an older build's jar measures "before"); {@code seclens.corpus.reports} (a
 * folder of earlier JSON reports named {@code PROJECT.json}, read instead of scanning again).
 */
@Tag("corpus")
class CorpusBenchmark {
    private static final List<String> REAL = List.of("real", "defensible");

    @TempDir
    Path temp;

    record Project(String name, String repository, String commit, String kind) {
    }

    record Label(String verdict, String reason) {
    }

    @Test
    void precisionAndDensityPerProjectAndRule() throws Exception {
        Path corpus = Path.of(System.getProperty("seclens.corpus", "/tmp/seclens-corpus"));
        assumeTrue(Files.isDirectory(corpus), corpus + " is missing: run tests/corpus/restore.sh first");
        Path here = Path.of(System.getProperty("seclens.root", "..")).resolve("tests/corpus");
        Map<String, Label> labels = labels(here.resolve("labels.tsv"));
        String reports = System.getProperty("seclens.corpus.reports", "");

        Map<String, int[]> perRule = new TreeMap<>(); // findings, labelled, real or defensible
        long allLines = 0;
        int allFindings = 0;
        print("%-18s %-16s %9s %9s %8s %9s %10s", "project", "kind", "lines", "findings", "/kLOC", "labelled", "precision");
        for (Project project : projects(here.resolve("projects.tsv"))) {
            Path root = corpus.resolve(project.name());
            if (!Files.isDirectory(root)) {
                print("%-18s missing under %s", project.name(), corpus);
                continue;
            }
            Path saved = reports.isEmpty() ? null : Path.of(reports, project.name() + ".json");
            JsonObject report = JsonParser.parseString(saved != null && Files.isRegularFile(saved)
                    ? Files.readString(saved, StandardCharsets.UTF_8) : scan(root, project.name(), temp)).getAsJsonObject();
            long lines = report.getAsJsonObject("summary").get("lines").getAsLong();
            int findings = 0;
            int labelled = 0;
            int real = 0;
            for (JsonElement e : report.getAsJsonArray("findings")) {
                JsonObject f = e.getAsJsonObject();
                String rule = f.get("rule").getAsString();
                int line = f.getAsJsonObject("range").get("startLine").getAsInt();
                Label label = labels.get(key(project.name(), f.get("path").getAsString(), line, rule));
                int[] counts = perRule.computeIfAbsent(rule, r -> new int[3]);
                findings++;
                counts[0]++;
                if (label != null) {
                    labelled++;
                    counts[1]++;
                    if (REAL.contains(label.verdict())) {
                        real++;
                        counts[2]++;
                    }
                }
            }
            allLines += lines;
            allFindings += findings;
            print("%-18s %-16s %,9d %9d %8.3f %9d %10s", project.name(), project.kind(), lines, findings,
                    findings * 1000.0 / Math.max(1, lines), labelled, percent(real, labelled));
        }
        print("%-18s %-16s %,9d %9d %8.3f", "all", "", allLines, allFindings, allFindings * 1000.0 / Math.max(1, allLines));
        print("");
        print("%-34s %9s %9s %9s %10s", "rule", "findings", "labelled", "real", "precision");
        int[] total = new int[3];
        for (Map.Entry<String, int[]> e : perRule.entrySet()) {
            int[] c = e.getValue();
            print("%-34s %9d %9d %9d %10s", e.getKey(), c[0], c[1], c[2], percent(c[2], c[1]));
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        print("%-34s %9d %9d %9d %10s", "all rules", total[0], total[1], total[2], percent(total[2], total[1]));
    }

    /**
     * The scan's JSON report of {@code root} at default settings (no configuration file, no cache),
     * with the jar {@code seclens.corpus.jar} names or this build's; its files go to {@code temp}.
     */
    static String scan(Path root, String name, Path temp) throws IOException, InterruptedException {
        Path out = temp.resolve(name + ".json");
        String jar = System.getProperty("seclens.corpus.jar", ServerProcess.jar());
        Process p = new ProcessBuilder("java", "-jar", Path.of(jar).toAbsolutePath().toString(), "scan",
                "--format", "json", "--no-cache", "--fail-on", "none", "--output", out.toString(), ".")
                .directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(temp.resolve(name + ".log").toFile()).start();
        int status = p.waitFor();
        if (status != 0) {
            throw new IllegalStateException(name + ": scan exited with " + status + ": "
                    + Files.readString(temp.resolve(name + ".log")));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static List<Project> projects(Path file) throws IOException {
        List<Project> out = new ArrayList<>();
        for (String[] row : rows(file)) {
            out.add(new Project(row[0], row[1], row[2], row[3]));
        }
        return out;
    }

    /** Labels by (project, path, line, rule); a row repeating an earlier one is a mistake in the file. */
    private static Map<String, Label> labels(Path file) throws IOException {
        Map<String, Label> out = new HashMap<>();
        for (String[] row : rows(file)) {
            if (!REAL.contains(row[4]) && !row[4].equals("false")) {
                throw new IllegalStateException(file + ": verdict is real, defensible or false, not " + row[4]);
            }
            if (out.put(key(row[0], row[1], Integer.parseInt(row[2]), row[3]), new Label(row[4], row[5])) != null) {
                throw new IllegalStateException(file + ": " + String.join(" ", row) + " is labelled twice");
            }
        }
        return out;
    }

    private static List<String[]> rows(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.add(line.split("\t", -1));
        }
        return out;
    }

    private static String key(String project, String path, int line, String rule) {
        return project + "|" + path + "|" + line + "|" + rule;
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    private static void print(String format, Object... args) {
        System.out.println("corpus " + String.format(Locale.ROOT, format, args));
    }
}
