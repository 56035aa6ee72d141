package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.Analyzer;
import dev.seclens.server.cli.ScanCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan command in-process with {@link Md5Rule}, so that findings exist before the real rules
 * land: exit statuses, the text lines, test-code handling and the SARIF results.
 */
class ScanWithRuleTest {
    static final Path TREE = GoldenOutputTest.TREE;

    record Run(int exitCode, String stdout, String stderr) {
    }

    @TempDir
    Path temp;

    @Test
    void findingsFailTheScanFromTheChosenSeverity() {
        assertEquals(1, scan(TREE, "src").exitCode(), "default --fail-on low; the rule is medium");
        assertEquals(1, scan(TREE, "--fail-on", "medium", "src").exitCode());
        assertEquals(0, scan(TREE, "--fail-on", "high", "src").exitCode());
        assertEquals(0, scan(TREE, "--fail-on", "none", "src").exitCode());
    }

    @Test
    void textReportHasOneLinePerFindingOutsideTestCode() {
        Run run = scan(TREE, ".");
        String finding = ": medium java/test-md5 MD5 is broken for security purposes";
        assertEquals(List.of(
                "src/main/java/com/example/Broken.java:7:16" + finding,
                "src/main/java/com/example/Hashing.java:10:32" + finding,
                "src/main/java/com/example/Legacy.java:6:16" + finding),
                run.stdout().lines().toList());
        assertTrue(run.stderr().contains("seclens: 7 files, "), run.stderr());
        assertTrue(run.stderr().contains(" 3 findings, 0 suppressed, 1 skipped, "), run.stderr());
    }

    @Test
    void sarifResultsPointIntoTheRulesArray() {
        Run run = scan(TREE, "--format", "sarif", ".");
        JsonObject sarifRun = SarifAssertions.assertValid(run.stdout());
        JsonArray results = sarifRun.getAsJsonArray("results");
        assertEquals(3, results.size());
        JsonObject first = results.get(0).getAsJsonObject();
        assertEquals("warning", first.get("level").getAsString());
        assertEquals("src/main/java/com/example/Broken.java", first.getAsJsonArray("locations").get(0)
                .getAsJsonObject().getAsJsonObject("physicalLocation").getAsJsonObject("artifactLocation")
                .get("uri").getAsString());
        assertEquals(1, first.getAsJsonArray("relatedLocations").size());
        JsonObject rule = sarifRun.getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules")
                .get(0).getAsJsonObject();
        assertEquals("TestMd5", rule.get("name").getAsString());
        assertTrue(rule.getAsJsonObject("help").get("markdown").getAsString().startsWith("# MD5"));
        assertTrue(rule.getAsJsonObject("properties").getAsJsonArray("tags").toString()
                .contains("external/cwe/cwe-328"));
    }

    @Test
    void jsonFindingsCarryRangeRelatedLocationsAndFix() {
        Run run = scan(TREE, "--format", "json", "src/main/java/com/example/Hashing.java");
        JsonObject report = JsonParser.parseString(run.stdout()).getAsJsonObject();
        JsonObject finding = report.getAsJsonArray("findings").get(0).getAsJsonObject();
        assertEquals("java/test-md5", finding.get("rule").getAsString());
        assertEquals("medium", finding.get("severity").getAsString());
        assertEquals("{\"startLine\":10,\"startColumn\":32,\"endLine\":10,\"endColumn\":64}",
                finding.get("range").toString());
        assertEquals("[328,327]", finding.get("cwe").toString());
        assertEquals("in this method", finding.getAsJsonArray("related").get(0).getAsJsonObject()
                .get("message").getAsString());
        assertEquals("\"SHA-256\"", finding.getAsJsonObject("fix").getAsJsonArray("edits").get(0)
                .getAsJsonObject().get("newText").getAsString());
    }

    @Test
    void stdinFilenameDecidesTestCodeAndIsPrinted() {
        String source = "class A { Object d() throws Exception { "
                + "return java.security.MessageDigest.getInstance(\"MD5\"); } }\n";
        Run main = scanStdin(source, "--stdin", "--stdin-filename", "src/main/java/A.java");
        assertEquals(1, main.exitCode());
        assertTrue(main.stdout().startsWith("src/main/java/A.java:1:48: medium java/test-md5 "), main.stdout());

        Run test = scanStdin(source, "--stdin", "--stdin-filename", "src/test/java/ATest.java");
        assertEquals(0, test.exitCode(), "the rule does not apply to test code");
        assertEquals("", test.stdout());
    }

    @Test
    void rulesStillRunOnVeryDeepTrees() throws IOException {
        String md5 = "    Object d() throws Exception { return java.security.MessageDigest.getInstance(\"MD5\"); }\n";
        Files.writeString(temp.resolve("Chained.java"), NastyInputs.chainedPlus("Chained", md5));
        Run run = scan(temp, "Chained.java");
        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(1, run.stdout().lines().count(), run.stdout());
    }

    private Run scan(Path workingDirectory, String... args) {
        return execute(workingDirectory, new byte[0], args);
    }

    private Run scanStdin(String input, String... args) {
        return execute(temp, input.getBytes(StandardCharsets.UTF_8), args);
    }

    private Run execute(Path workingDirectory, byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ScanCommand command = new ScanCommand(new Analyzer(List.of(new Md5Rule())), workingDirectory, 2,
                temp.resolve(".user-cache"), false);
        int exit = command.execute(args, new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
