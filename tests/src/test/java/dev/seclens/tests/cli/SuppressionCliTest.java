package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suppressions through the packaged jar: the fixture tree {@code suppressed-tree} has a finding
 * of each suppression form (comment, next-line comment, annotation, ignore file) and one that is
 * still reported; plus {@code --baseline} and broken ignore and baseline files.
 */
class SuppressionCliTest {
    static final Path TREE = SeclensJar.repositoryRoot().resolve("tests/src/test/resources/cli/suppressed-tree");
    private static final String MD5 = """
            package demo;

            import java.security.MessageDigest;

            class A {
                byte[] hash(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void textLeavesSuppressedFindingsOutAndCountsThem() {
        SeclensJar.Run run = SeclensJar.scan(TREE, ".");
        assertEquals(1, run.exitCode(), run.stderr());
        Golden.assertMatches("suppressed-text.txt", run.stdout());
        List<String> lines = run.stderrLines();
        assertTrue(lines.get(lines.size() - 1).matches(
                "seclens: 2 files, \\d+ lines, 1 findings, 5 suppressed, 0 skipped, \\d from the cache in .*, \\d+\\.\\d\\ds"),
                run.stderr());
    }

    @Test
    void suppressedFindingsNeverFailTheScan() {
        SeclensJar.Run run = SeclensJar.scan(TREE, "src/main/java/com/example/Quiet.java");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stdout());
    }

    @Test
    void jsonListsThemWithKindAndReason() {
        // without the cache: a warm run's report says how many files came from it
        SeclensJar.Run run = SeclensJar.scan(TREE, "--no-cache", "--format", "json", ".");
        JsonObject report = JsonParser.parseString(run.stdout()).getAsJsonObject();
        report.getAsJsonObject("tool").addProperty("version", "VERSION");
        Golden.assertMatches("suppressed-json.json", print(report));
        JsonArray suppressed = report.getAsJsonArray("suppressed");
        assertEquals(List.of("line-comment", "next-line-comment", "annotation", "ignore-file", "line-comment"),
                suppressed.asList().stream().map(s -> s.getAsJsonObject().getAsJsonObject("suppression")
                        .get("kind").getAsString()).toList());
    }

    @Test
    void sarifKeepsThemAsSuppressedResultsWithFingerprints() {
        SeclensJar.Run run = SeclensJar.scan(TREE, "--no-cache", "--format", "sarif", ".");
        JsonObject sarifRun = SarifAssertions.assertValid(run.stdout());
        JsonArray results = sarifRun.getAsJsonArray("results");
        assertEquals(6, results.size());
        for (JsonElement r : results) {
            assertTrue(r.getAsJsonObject().getAsJsonObject("partialFingerprints").get("seclens/v1")
                    .getAsString().matches("[0-9a-f]{32}"), r.toString());
        }
        JsonObject log = JsonParser.parseString(run.stdout()).getAsJsonObject();
        JsonObject normalised = log.getAsJsonArray("runs").get(0).getAsJsonObject();
        normalised.getAsJsonObject("tool").getAsJsonObject("driver").addProperty("version", "VERSION");
        normalised.getAsJsonObject("tool").getAsJsonObject("driver").remove("rules");
        normalised.getAsJsonObject("originalUriBaseIds").getAsJsonObject("%SRCROOT%")
                .addProperty("uri", "file:///SRCROOT/");
        Golden.assertMatches("suppressed-sarif.json", print(log));
    }

    @Test
    void theIgnoreFileIsTheNearestProjectRootsNotTheWorkingDirectorys() throws IOException {
        Path project = temp.resolve("project");
        Files.createDirectories(project.resolve("src/demo"));
        Files.createDirectories(project.resolve(".seclens"));
        Files.writeString(project.resolve("src/demo/A.java"), MD5);
        SeclensJar.Run before = SeclensJar.scan(temp, "--format", "json", "project");
        assertEquals(1, before.exitCode(), before.stderr());
        String fingerprint = JsonParser.parseString(before.stdout()).getAsJsonObject().getAsJsonArray("findings")
                .get(0).getAsJsonObject().get("fingerprint").getAsString();
        Files.writeString(project.resolve(".seclens/ignored.json"), "{\"version\": 1, \"ignored\": [{\"fingerprint\": \""
                + fingerprint + "\", \"rule\": \"java/weak-hash\", \"path\": \"src/demo/A.java\"}]}");

        SeclensJar.Run fromOutside = SeclensJar.scan(temp, "project/src/demo/A.java");
        assertEquals(0, fromOutside.exitCode(), fromOutside.stderr());
        assertEquals("", fromOutside.stdout());
        assertTrue(fromOutside.stderr().contains(" 0 findings, 1 suppressed, "), fromOutside.stderr());
        SeclensJar.Run fromInside = SeclensJar.scan(project.resolve("src"), "demo");
        assertEquals(0, fromInside.exitCode(), fromInside.stderr());
    }

    @Test
    void baselineReportsOnlyNewFindings() throws IOException {
        Files.writeString(temp.resolve("A.java"), MD5);
        SeclensJar.Run before = SeclensJar.scan(temp, "--format", "sarif", "--output", "base.sarif", "A.java");
        assertEquals(1, before.exitCode(), before.stderr());

        // Unrelated edits above and a reformatted statement keep the old finding's fingerprint.
        String edited = MD5.replace("class A {", "// header\n\nclass A {\n    int unrelated;\n")
                .replace("return MessageDigest.getInstance(\"MD5\")", "return  MessageDigest.getInstance( \"MD5\" )");
        Files.writeString(temp.resolve("A.java"), edited);
        SeclensJar.Run same = SeclensJar.scan(temp, "--baseline", "base.sarif", "A.java");
        assertEquals(0, same.exitCode(), same.stderr());
        assertEquals("", same.stdout());
        assertTrue(same.stderr().contains(" 0 findings, 0 suppressed, 1 in baseline, "), same.stderr());

        Files.writeString(temp.resolve("A.java"), edited.replace("    int unrelated;\n",
                "    int unrelated;\n    void more() throws Exception { MessageDigest.getInstance(\"SHA-1\"); }\n"));
        SeclensJar.Run added = SeclensJar.scan(temp, "--baseline=base.sarif", "A.java");
        assertEquals(1, added.exitCode(), added.stderr());
        assertEquals(1, added.stdout().lines().count(), added.stdout());
        assertTrue(added.stdout().contains("SHA-1"), added.stdout());
    }

    @Test
    void badBaselineOrIgnoreFileIsAnError() throws IOException {
        Files.writeString(temp.resolve("A.java"), MD5);
        Files.writeString(temp.resolve("base.sarif"), "{\"version\": \"2.1.0\"}");
        SeclensJar.Run badBaseline = SeclensJar.scan(temp, "--baseline", "base.sarif", "A.java");
        assertEquals(2, badBaseline.exitCode());
        assertEquals(List.of("seclens: baseline base.sarif: not a SARIF log (no \"runs\" array)"),
                badBaseline.stderrLines());

        Files.createDirectories(temp.resolve(".seclens"));
        Files.writeString(temp.resolve(".seclens/ignored.json"),
                "{\"version\": 1, \"ignored\": [{\"fingerprint\": \"ab\", \"rule\": \"java/weak-hash\", \"why\": \"x\"}]}",
                StandardCharsets.UTF_8);
        SeclensJar.Run badIgnore = SeclensJar.scan(temp, "A.java");
        assertEquals(2, badIgnore.exitCode());
        assertEquals(List.of("seclens: .seclens/ignored.json: entry 1: unknown field \"why\""
                + " (expected fingerprint, rule, path, reason)"), badIgnore.stderrLines());
        assertEquals("", badIgnore.stdout());
    }

    private static String print(JsonElement element) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(element) + "\n";
    }
}
