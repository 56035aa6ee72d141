package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seclens scan} with {@code .seclens.json} and {@code --config}, in-process with {@link Md5Rule}. */
class ScanConfigurationTest {
    private static final String MD5 = "class %s { Object d() throws Exception {"
            + " return java.security.MessageDigest.getInstance(\"MD5\"); } }\n";
    private static final String FINDING = ": medium java/test-md5 MD5 is broken for security purposes";


    @TempDir
    Path project;

    @BeforeEach
    void writeProject() throws IOException {
        write("src/main/java/A.java", MD5.formatted("A"));
        write("src/generated/B.java", MD5.formatted("B"));
        write("src/it/java/C.java", MD5.formatted("C"));
    }

    @Test
    void withoutConfigurationEveryFileIsScanned() {
        InProcessScan run = scan("src");
        assertEquals(List.of("src/generated/B.java:1:48" + FINDING, "src/it/java/C.java:1:48" + FINDING,
                "src/main/java/A.java:1:48" + FINDING), run.stdout().lines().toList(), run.stderr());
    }

    @Test
    void theDefaultFileExcludesFilesMarksTestCodeAndOverridesSeverities() throws IOException {
        write(".seclens.json", """
                {"exclude": ["src/generated"], "testCode": ["src/it/**"],
                 "rules": {"java/test-md5": "high"}}""");
        InProcessScan run = scan("--fail-on", "high", "src");
        assertEquals(List.of("src/main/java/A.java:1:48: high java/test-md5 MD5 is broken for security purposes"),
                run.stdout().lines().toList(), run.stderr());
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().contains("seclens: 2 files, "), run.stderr());
    }

    @Test
    void configOptionReadsAnotherFileAndIncludeLimitsTheScan() throws IOException {
        write(".seclens.json", "{\"rules\": {\"java/test-md5\": false}}");
        write("conf/seclens.json", "{\"minimumConfidence\": \"high\"}");
        InProcessScan run = scan("--config", "conf/seclens.json", ".");
        assertEquals(3, run.stdout().lines().count(), "--config replaces .seclens.json: " + run.stderr());

        write("top.json", "{\"include\": [\"src/generated\"], \"minimumConfidence\": \"high\"}");
        run = scan("--config=top.json", ".");
        assertEquals(List.of("src/generated/B.java:1:48" + FINDING), run.stdout().lines().toList(), run.stderr());
    }

    @Test
    void aDisabledRuleReportsNothingAndLeavesTheSarifRuleList() throws IOException {
        write(".seclens.json", "{\"rules\": {\"java/test-md5\": {\"enabled\": false}}}");
        InProcessScan run = scan("--format", "sarif", "src");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("\"rules\": []"), run.stdout());
        assertTrue(run.stdout().contains("\"results\": []"), run.stdout());
    }

    @Test
    void anInvalidFileIsExitTwoWithOneLine() throws IOException {
        write(".seclens.json", "{\n  \"rules\": {\"java/test-md5\": \"loud\"}\n}");
        InProcessScan run = scan("src");
        assertEquals(2, run.exitCode());
        assertEquals("", run.stdout());
        assertEquals(List.of("seclens: .seclens.json:2:30 (at $.rules.java/test-md5): bad value \"loud\" for rule"
                + " java/test-md5: expected true, false, \"on\", \"off\", a severity (critical, high, medium, low,"
                + " info) or {\"enabled\": ..., \"severity\": ...}"), run.stderr().lines().toList());

        InProcessScan missing = scan("--config", "nowhere.json", "src");
        assertEquals(2, missing.exitCode());
        assertEquals(List.of("seclens: nowhere.json: no such file"), missing.stderr().lines().toList());
    }

    @Test
    void thePackagedJarReadsTheDefaultFile() throws IOException {
        write(".seclens.json", "{\"include\": [\"src/main\"], \"unknown\": 1}");
        SeclensJar.Run run = SeclensJar.scan(project, "src");
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals(List.of("seclens: .seclens.json:1:27 (at $): unknown field \"unknown\" (known: advisories, analysisTimeoutMs,"
                + " exclude, include, maxFileSize, minimumConfidence, rules, taintSpecs, testCode, threatModels)"), run.stderrLines());

        write(".seclens.json", "{\"include\": [\"src/main\"], \"rules\": {\"java/weak-hash\": \"low\"}}");
        run = SeclensJar.scan(project, "src");
        assertTrue(run.stderr().contains("seclens: 1 files, "), run.stderr());
    }

    private void write(String path, String text) throws IOException {
        InProcessScan.write(project, path, text);
    }

    private InProcessScan scan(String... args) {
        return InProcessScan.run(new Analyzer(List.of(new Md5Rule())), project, args);
    }
}
