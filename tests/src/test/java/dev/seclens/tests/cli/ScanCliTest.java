package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line contract of the packaged jar: options, streams and exit statuses. */
class ScanCliTest {
    static final Path TREE = GoldenOutputTest.TREE;

    @TempDir
    Path temp;

    @Test
    void helpGoesToStdoutAndExitsZero() {
        SeclensJar.Run run = SeclensJar.scan(temp, "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.stdout().startsWith("usage: seclens scan"), run.stdout());
        assertTrue(run.stdout().contains("--fail-on"));
        assertEquals("", run.stderr());
    }

    @Test
    void usageErrorsExitTwoWithOneLineOnStderr() {
        List<List<String>> mistakes = List.of(List.of(), List.of("--format", "xml", "."), List.of("--bogus", "."),
                List.of("--fail-on", "severe", "."), List.of("--stdin", "."), List.of("--output"));
        for (List<String> args : mistakes) {
            SeclensJar.Run run = SeclensJar.scan(temp, args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), args + ": " + run.stderr());
            assertEquals("", run.stdout(), args.toString());
            assertEquals(1, run.stderrLines().size(), args + ": " + run.stderr());
            assertTrue(run.stderr().startsWith("seclens: "), run.stderr());
        }
    }

    @Test
    void missingPathExitsTwoAndNamesIt() {
        SeclensJar.Run run = SeclensJar.scan(temp, "does-not-exist");
        assertEquals(2, run.exitCode());
        assertEquals("", run.stdout());
        assertEquals(List.of("seclens: no such file or directory: does-not-exist"), run.stderrLines());
    }

    @Test
    void cleanSourcesExitZero() throws IOException {
        Files.writeString(temp.resolve("Clean.java"), "class Clean { int answer() { return 42; } }\n");
        SeclensJar.Run run = SeclensJar.scan(temp, "Clean.java");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().startsWith("seclens: 1 files, 1 lines, 0 findings, 0 suppressed, 0 skipped, "), run.stderr());
    }

    @Test
    void outputFileGetsTheReportAndStdoutStaysEmpty() throws IOException {
        Path report = temp.resolve("report.sarif");
        Files.writeString(report, "stale content that must be replaced");
        SeclensJar.Run run = SeclensJar.scan(TREE, "--fail-on", "none", "--format", "sarif",
                "--output", report.toString(), "src/main");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stdout());
        SarifAssertions.assertValid(Files.readString(report, StandardCharsets.UTF_8));
        try (var leftovers = Files.list(temp)) {
            assertEquals(List.of(report), leftovers.toList(), "no temporary file left behind");
        }
    }

    @Test
    void outputIntoMissingFolderExitsTwo() {
        SeclensJar.Run run = SeclensJar.scan(TREE, "--output", temp.resolve("no/such/report.txt").toString(), ".");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("seclens: cannot write "), run.stderr());
    }

    @Test
    void stdinIsReportedUnderItsFilename() {
        byte[] source = "class Foo {\n  void f() { int x = ; }\n}\n".getBytes(StandardCharsets.UTF_8);
        SeclensJar.Run run = SeclensJar.scanWithInput(temp, source,
                "--stdin", "--stdin-filename", "src/main/java/Foo.java", "--format", "json");
        assertEquals(0, run.exitCode(), run.stderr());
        JsonObject report = JsonParser.parseString(run.stdout()).getAsJsonObject();
        assertEquals(1, report.getAsJsonObject("summary").get("files").getAsInt());
        assertEquals(3, report.getAsJsonObject("summary").get("lines").getAsInt());
        JsonObject warning = report.getAsJsonArray("warnings").get(0).getAsJsonObject();
        assertEquals("src/main/java/Foo.java", warning.get("path").getAsString());
        assertEquals("syntax-error", warning.get("kind").getAsString());
    }
}
