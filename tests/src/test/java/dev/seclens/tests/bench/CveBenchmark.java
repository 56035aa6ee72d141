package dev.seclens.tests.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.JavaSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CVE demonstration (tests/cve/README.md): each {@code tests/cve/*.properties} names a real
 * project at the commit before a published fix and the finding SecLens must report there. This
 * scans each tree restored by {@code tests/cve/restore.sh} at default settings and prints, per
 * CVE, whether that finding (rule, file, and a line within {@value #LINE_SLACK} of the recorded
 * one, since a helper's flow is reported at the call and an edit to the engine may move it to the
 * neighbouring line of a wrapped statement) is present, and how many other findings the scan
 * raised, by rule; restored with {@code --fixed}, also whether the finding is gone at the fixed
 * commit (any finding of the rule inside the same method there, since a fix moves the lines). Prints figures, asserts nothing; runs only with {@code mvn -B -Pcorpus -pl tests -am
 * verify}, since the projects come from local mirrors no CI machine has.
 *
 * <p>System properties: {@code seclens.cve} (the restored trees, default {@code /tmp/seclens-cve});
 * {@code seclens.corpus.jar} (the jar to scan with, default the one this build packaged);
 * {@code seclens.cve.only} (a comma-separated list of CVE ids to check instead of all).
 */
@Tag("corpus")
class CveBenchmark {
    /** How far from the recorded line the finding may sit and still count. */
    private static final int LINE_SLACK = 2;

    @TempDir
    Path temp;

    /** One {@code tests/cve/*.properties}. */
    record Cve(String id, String repository, String vulnerable, String fixed, String rule, String file,
            String method, int line) {
    }

    /** Reports by the commit scanned, so CVEs of one project at one commit share a scan. */
    private final Map<String, JsonObject> reports = new HashMap<>();

    @Test
    void eachCveIsReportedAtItsVulnerableMethod() throws Exception {
        Path trees = Path.of(System.getProperty("seclens.cve", "/tmp/seclens-cve"));
        assumeTrue(Files.isDirectory(trees), trees + " is missing: run tests/cve/restore.sh first");
        Path here = Path.of(System.getProperty("seclens.root", "..")).resolve("tests/cve");
        List<String> only = List.of(System.getProperty("seclens.cve.only", "").split(",")).stream()
                .filter(s -> !s.isBlank()).toList();
        int found = 0;
        int checked = 0;
        int goneWhenFixed = 0;
        int fixedChecked = 0;
        for (Cve cve : cves(here)) {
            if (!only.isEmpty() && !only.contains(cve.id())) {
                continue;
            }
            Path vulnerable = trees.resolve(cve.id());
            if (!Files.isDirectory(vulnerable)) {
                print("%s: missing under %s (run tests/cve/restore.sh)", cve.id(), trees);
                continue;
            }
            JsonObject report = report(vulnerable, cve.vulnerable());
            JsonObject hit = expected(report, cve);
            checked++;
            if (hit != null) {
                found++;
            }
            print("%s %s %s:%d (%s) %s: %s", cve.id(), cve.rule(), cve.file(), cve.line(), cve.method(),
                    hit == null ? "MISSED" : "FOUND at line " + line(hit),
                    hit == null ? "" : hit.get("message").getAsString());
            print("%s   other findings: %s", cve.id(), others(report, hit));
            Path fixed = trees.resolve(cve.id() + "-fixed");
            if (Files.isDirectory(fixed)) {
                JsonObject after = inMethod(report(fixed, cve.fixed()), cve, fixed);
                fixedChecked++;
                if (after == null) {
                    goneWhenFixed++;
                }
                print("%s   at the fixed commit: %s", cve.id(), after == null ? "gone"
                        : "still reported at line " + line(after) + ": " + after.get("message").getAsString());
            }
        }
        print("found %d of %d CVEs at their vulnerable method; gone at the fixed commit: %d of %d", found,
                checked, goneWhenFixed, fixedChecked);
    }

    /**
     * The finding of the CVE's rule in its file nearest the recorded line, within the slack, or null.
     * The file is matched as the report's path relative to the restored tree.
     */
    private static JsonObject expected(JsonObject report, Cve cve) {
        JsonObject best = null;
        for (JsonElement e : report.getAsJsonArray("findings")) {
            JsonObject f = e.getAsJsonObject();
            int distance = Math.abs(line(f) - cve.line());
            if (f.get("rule").getAsString().equals(cve.rule()) && path(f).equals(cve.file())
                    && distance <= LINE_SLACK && (best == null || distance < Math.abs(line(best) - cve.line()))) {
                best = f;
            }
        }
        return best;
    }

    /**
     * At the fixed commit, the first finding of the CVE's rule inside the CVE's method, wherever the
     * fix moved its lines (a fix adds a check above the sink), or null. The method's lines come from
     * the fixed file itself.
     */
    private static JsonObject inMethod(JsonObject report, Cve cve, Path tree) throws IOException {
        JavaSource.Parsed parsed = JavaSource.parse(Files.readString(tree.resolve(cve.file()), StandardCharsets.UTF_8));
        List<com.github.javaparser.Range> bodies = parsed.unit().stream()
                .flatMap(u -> u.findAll(com.github.javaparser.ast.body.MethodDeclaration.class).stream())
                .filter(m -> m.getNameAsString().equals(cve.method()))
                .flatMap(m -> m.getRange().stream()).toList();
        for (JsonElement e : report.getAsJsonArray("findings")) {
            JsonObject f = e.getAsJsonObject();
            if (f.get("rule").getAsString().equals(cve.rule()) && path(f).equals(cve.file())
                    && bodies.stream().anyMatch(r -> r.begin.line <= line(f) && line(f) <= r.end.line)) {
                return f;
            }
        }
        return null;
    }

    /** "N (rule a, rule b, ...)" over every finding but {@code except}. */
    private static String others(JsonObject report, JsonObject except) {
        Map<String, Integer> byRule = new TreeMap<>();
        int total = 0;
        for (JsonElement e : report.getAsJsonArray("findings")) {
            if (e.getAsJsonObject() != except) {
                byRule.merge(e.getAsJsonObject().get("rule").getAsString(), 1, Integer::sum);
                total++;
            }
        }
        return total + (byRule.isEmpty() ? "" : " (" + byRule.entrySet().stream()
                .map(r -> r.getKey() + " " + r.getValue()).collect(Collectors.joining(", ")) + ")");
    }

    private static int line(JsonObject finding) {
        return finding.getAsJsonObject("range").get("startLine").getAsInt();
    }

    private static String path(JsonObject finding) {
        return finding.get("path").getAsString().replace('\\', '/');
    }

    /** The scan's JSON report of a tree, once per commit. */
    private JsonObject report(Path root, String commit) throws IOException, InterruptedException {
        JsonObject known = reports.get(commit);
        if (known != null) {
            return known;
        }
        String name = root.getFileName().toString();
        JsonObject report = JsonParser.parseString(CorpusBenchmark.scan(root, name, temp)).getAsJsonObject();
        reports.put(commit, report);
        return report;
    }

    /** Every {@code *.properties} of the folder, by file name; a missing key is a mistake in the file. */
    static List<Cve> cves(Path folder) throws IOException {
        List<Cve> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".properties")).sorted().toList();
        }
        for (Path file : files) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            out.add(new Cve(required(p, file, "cve"), required(p, file, "repository"),
                    required(p, file, "vulnerable"), required(p, file, "fixed"), required(p, file, "rule"),
                    required(p, file, "file"), required(p, file, "method"),
                    Integer.parseInt(required(p, file, "line"))));
        }
        return out;
    }

    /** The key's value without a trailing {@code # comment} (Properties keeps those in the value). */
    private static String required(Properties p, Path file, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " lacks " + key);
        }
        int comment = value.indexOf(" #");
        return (comment < 0 ? value : value.substring(0, comment)).strip();
    }

    private static void print(String format, Object... args) {
        System.out.println("cve " + String.format(Locale.ROOT, format, args));
    }
}
