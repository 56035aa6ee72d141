package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar over the fixture tree, compared with the golden reports. The fixture holds
 * ordinary sources, test code, a broken file, an empty one, a binary one, a Latin-1 one, and
 * sources in target/ and a hidden folder that must be left out.
 */
class GoldenOutputTest {
    static final Path TREE = SeclensJar.repositoryRoot().resolve("tests/src/test/resources/cli/tree");

    @TempDir
    Path temp;

    /** Each test scans its own copy, with its own cache: the reports do not depend on test order. */
    private Path tree() {
        return SeclensJar.copyOf(TREE, temp);
    }

    @Test
    void textReport() {
        SeclensJar.Run run = SeclensJar.scan(tree(), "--fail-on", "none", ".");
        assertEquals(0, run.exitCode(), run.stderr());
        Golden.assertMatches("text.txt", run.stdout());
    }

    @Test
    void jsonReport() {
        SeclensJar.Run run = SeclensJar.scan(tree(), "--fail-on", "none", "--format", "json", ".");
        assertEquals(0, run.exitCode(), run.stderr());
        JsonObject report = JsonParser.parseString(run.stdout()).getAsJsonObject();
        report.getAsJsonObject("tool").addProperty("version", "VERSION");
        JsonObject cache = report.getAsJsonObject("summary").getAsJsonObject("cache");
        assertEquals(SeclensJar.sharedUserCache().resolve("seclens").toString(), cache.get("folder").getAsString());
        cache.addProperty("folder", "USER_CACHE");
        Golden.assertMatches("json.json", print(report));
    }

    @Test
    void sarifReport() {
        Path tree = tree();
        SeclensJar.Run run = SeclensJar.scan(tree, "--fail-on", "none", "--format", "sarif", ".");
        assertEquals(0, run.exitCode(), run.stderr());
        JsonObject sarifRun = SarifAssertions.assertValid(run.stdout());
        assertEquals(tree.toUri().toString(), sarifRun.getAsJsonObject("originalUriBaseIds")
                .getAsJsonObject("%SRCROOT%").get("uri").getAsString());

        SeclensJar.Run warm = SeclensJar.scan(tree, "--fail-on", "none", "--format", "sarif", ".");
        JsonObject coldLog = JsonParser.parseString(run.stdout()).getAsJsonObject();
        JsonObject warmLog = JsonParser.parseString(warm.stdout()).getAsJsonObject();
        assertEquals(0, cacheProperties(coldLog).get("filesFromCache").getAsInt());
        assertEquals(7, cacheProperties(warmLog).get("filesFromCache").getAsInt(), "every analysed file, and said so");
        cacheProperties(coldLog).remove("filesFromCache");
        cacheProperties(warmLog).remove("filesFromCache");
        assertEquals(coldLog, warmLog, "but for that count, a report from the cache is the report of a cold scan");

        JsonObject log = JsonParser.parseString(run.stdout()).getAsJsonObject();
        JsonObject normalised = log.getAsJsonArray("runs").get(0).getAsJsonObject();
        cacheProperties(log).addProperty("cacheFolder", "USER_CACHE");
        normalised.getAsJsonObject("tool").getAsJsonObject("driver").addProperty("version", "VERSION");
        normalised.getAsJsonObject("originalUriBaseIds").getAsJsonObject("%SRCROOT%")
                .addProperty("uri", "file:///SRCROOT/");
        Golden.assertMatches("sarif.json", print(log));
    }

    @Test
    void stderrListsWhatWasLeftOutAndSummarises() {
        SeclensJar.Run run = SeclensJar.scan(tree(), "--fail-on", "none", ".");
        List<String> lines = run.stderrLines();
        assertTrue(lines.contains("seclens: skipped src/main/java/com/example/Binary.java: "
                + "binary file (contains NUL bytes)"), run.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("seclens: warning: src/main/java/com/example/Broken.java:")
                && l.contains("syntax error")), run.stderr());
        assertTrue(lines.contains("seclens: warning: src/main/java/com/example/Legacy.java: "
                + "not valid UTF-8; undecodable bytes were read as U+FFFD"), run.stderr());
        assertTrue(lines.get(lines.size() - 1).matches(
                "seclens: 7 files, \\d+ lines, \\d+ findings, 0 suppressed, 1 skipped, 0 from the cache in .*, \\d+\\.\\d\\ds"),
                run.stderr());
        // the summary names the cache folder, which lies under the build's target/
        assertTrue(lines.subList(0, lines.size() - 1).stream().noneMatch(l -> l.contains("target/") || l.contains(".hidden")),
                run.stderr());
    }

    @Test
    void exitStatusFollowsTheFindingsInTheReport() {
        SeclensJar.Run json = SeclensJar.scan(tree(), "--format", "json", ".");
        boolean failing = JsonParser.parseString(json.stdout()).getAsJsonObject().getAsJsonArray("findings")
                .asList().stream()
                .anyMatch(f -> !f.getAsJsonObject().get("severity").getAsString().equals("info"));
        assertEquals(failing ? 1 : 0, json.exitCode(), "default --fail-on is low");
    }

    private static JsonObject cacheProperties(JsonObject sarif) {
        return sarif.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("invocations").get(0)
                .getAsJsonObject().getAsJsonObject("properties");
    }

    private static String print(JsonElement element) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(element) + "\n";
    }
}
