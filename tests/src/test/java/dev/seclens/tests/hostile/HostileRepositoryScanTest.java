package dev.seclens.tests.hostile;

import static dev.seclens.tests.hostile.HostileJar.fifo;
import static dev.seclens.tests.hostile.HostileJar.link;
import static dev.seclens.tests.hostile.HostileJar.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seclens scan} (the packaged jar) on repositories built to hurt it: committed links to
 * devices, pipes and files outside the project, configurations naming parent folders, a cache
 * shipped with the checkout, report targets that are devices, links or sources. Each case asserts
 * the exit status and the exact line on standard error, and that nothing outside was read or
 * damaged.
 */
class HostileRepositoryScanTest {
    static final String MD5 = """
            package demo;

            import java.security.MessageDigest;

            class Hashes {
                byte[] digest(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;
    static final String FINDING = "src/Hashes.java:7:16: medium java/weak-hash ";

    @TempDir
    Path root;
    private Path project;
    private Path outside;
    private Path userCache;

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(root.resolve("project"));
        outside = Files.createDirectories(root.resolve("outside"));
        userCache = root.resolve("user-cache");
        Files.createDirectories(project.resolve(".git"));
        write(project.resolve("src/Hashes.java"), MD5);
    }

    private HostileJar.Run scan(String... args) {
        return HostileJar.run(project, userCache, prepend("scan", args));
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void assertOneErrorLine(String expected, HostileJar.Run run) {
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals(List.of(expected), run.stderrLines());
        assertEquals("", run.stdout());
    }

    // 1. --output

    @Test
    void dashIsStandardOutputAndNoFileNamedDashAppears() {
        HostileJar.Run run = scan("--output", "-", "src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith(FINDING), run.stdout());
        assertFalse(Files.exists(project.resolve("-"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aLinkToADeviceIsWrittenThroughAndStaysALink() throws IOException {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null here");
        Path target = link(project.resolve("report.txt"), devNull);
        HostileJar.Run run = scan("--output", "report.txt", "src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(Files.isSymbolicLink(target), "the link was replaced");
        assertEquals(devNull, Files.readSymbolicLink(target));
        assertTrue(Files.readAttributes(devNull, BasicFileAttributes.class).isOther(), "/dev/null is still a device");
    }

    @Test
    void aNamedPipeIsWrittenInPlace() throws Exception {
        Path pipe = fifo(project.resolve("report.fifo"));
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(pipe)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        HostileJar.Run run = scan("--output", "report.fifo", "src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(reader.get(60, TimeUnit.SECONDS).startsWith(FINDING));
        assertTrue(Files.readAttributes(pipe, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
                "still a pipe");
    }

    @Test
    void aLinkToAReportIsFollowedAndKept() throws IOException {
        write(project.resolve("reports/real.txt"), "old");
        Path target = link(project.resolve("latest.txt"), Path.of("reports/real.txt"));
        HostileJar.Run run = scan("--output", "latest.txt", "src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(Files.isSymbolicLink(target));
        assertTrue(Files.readString(project.resolve("reports/real.txt")).startsWith(FINDING));
    }

    @Test
    void aScannedSourceIsNeverOverwritten() throws IOException {
        HostileJar.Run run = scan("--output", "src/Hashes.java", "src");
        assertOneErrorLine("seclens: cannot write src/Hashes.java: it is one of the files scanned; choose another --output",
                run);
        assertEquals(MD5, Files.readString(project.resolve("src/Hashes.java")));
    }

    @Test
    void aFolderIsRefused() {
        assertOneErrorLine("seclens: cannot write src: it is a folder", scan("--output", "src", "src"));
    }

    // 2. configuration that reaches outside the project

    @Test
    void advisoriesInParentFoldersAreRefusedBeforeAnythingIsRead() throws IOException {
        write(project.resolve(".seclens.json"), "{\"advisories\": [\"../..\"]}");
        assertOneErrorLine("seclens: .seclens.json:1:17 (at $.advisories[0]): bad advisories path \"../..\": must stay"
                + " inside the folder of the configuration file", scan("src"));
    }

    @Test
    void anAdvisoryLinkedFromOutsideIsNotReadAndNoFileContentIsQuoted() throws IOException {
        write(outside.resolve("secret.json"), "{\"id\": \"TOPSECRET-outside\", \"token\": \"x\"}");
        write(project.resolve("osv/config.json"), "{\"id\": \"s3cr3t-inside\", \"token\": \"y\"}");
        link(project.resolve("osv/leak.json"), outside.resolve("secret.json"));
        write(project.resolve(".seclens.json"), "{\"advisories\": [\"osv\"]}");
        HostileJar.Run run = scan("src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stderrLines().contains("seclens: advisories: osv/config.json: unknown field \"token\""), run.stderr());
        assertTrue(run.stderrLines().contains("seclens: advisories: osv/leak.json: resolves outside " + project
                + " through a symbolic link, not read"), run.stderr());
        assertFalse(run.stderr().contains("TOPSECRET") || run.stderr().contains("s3cr3t"), run.stderr());
    }

    @Test
    void aTaintSpecificationLinkedFromOutsideIsRefused() throws IOException {
        write(outside.resolve("specs.json"), "{}");
        link(project.resolve("specs/project.json"), outside.resolve("specs.json"));
        write(project.resolve(".seclens.json"), "{\"taintSpecs\": [\"specs/project.json\"]}");
        assertOneErrorLine("seclens: .seclens.json: taint specification specs/project.json: resolves outside " + project
                + " through a symbolic link, not read", scan("src"));
    }

    @Test
    void aConfigurationLinkedFromOutsideIsRefused() throws IOException {
        write(outside.resolve("config.json"), "{}");
        link(project.resolve(".seclens.json"), outside.resolve("config.json"));
        assertOneErrorLine("seclens: .seclens.json: resolves outside " + project + " through a symbolic link, not read",
                scan("src"));
    }

    // 3. links to devices and pipes

    @Test
    void aConfigurationLinkedToDevZeroIsOneLineAndStatus2() throws IOException {
        link(project.resolve(".seclens.json"), Path.of("/dev/zero"));
        assertOneErrorLine("seclens: .seclens.json: resolves outside " + project + " through a symbolic link, not read",
                scan("src"));
        assertOneErrorLine("seclens: /dev/zero: not a regular file (a device, pipe or socket), not read",
                scan("--config", "/dev/zero", "src"));
    }

    @Test
    void aConfigurationThatIsAPipeIsOneLineAndStatus2() throws Exception {
        fifo(project.resolve(".seclens.json"));
        assertOneErrorLine("seclens: .seclens.json: not a regular file (a device, pipe or socket), not read", scan("src"));
    }

    @Test
    void anIgnoreFileLinkedToDevZeroIsOneLineAndStatus2() throws IOException {
        link(project.resolve(".seclens/ignored.json"), Path.of("/dev/zero"));
        assertOneErrorLine("seclens: .seclens/ignored.json: resolves outside " + project
                + " through a symbolic link, not read", scan("src"));
    }

    // 4 and 5. the cache: never above the project, never from the checkout

    @Test
    void aSeclensFolderAboveTheProjectReceivesNothing() throws IOException {
        Files.createDirectories(root.resolve(".seclens"));
        HostileJar.Run run = scan("src");
        assertEquals(1, run.exitCode(), run.stderr());
        try (Stream<Path> above = Files.list(root.resolve(".seclens"))) {
            assertEquals(List.of(), above.toList(), "nothing written above the project");
        }
        assertFalse(Files.exists(project.resolve(".seclens")), "nothing written into the project");
        try (Stream<Path> entries = Files.walk(userCache.resolve("seclens/scan-cache"))) {
            assertTrue(entries.anyMatch(p -> p.toString().endsWith(".json")), "the cache is in the user's folder");
        }
    }

    @Test
    void aCacheShippedWithTheCheckoutCannotHideAFinding() throws IOException {
        assertEquals(1, scan("src").exitCode());
        // the entries a repository could ship, findings emptied, where earlier versions looked for them
        Path shipped = project.resolve(".seclens/cache");
        try (Stream<Path> entries = Files.walk(userCache.resolve("seclens/scan-cache"))) {
            for (Path entry : entries.filter(Files::isRegularFile).toList()) {
                Path copy = shipped.resolve(userCache.resolve("seclens/scan-cache").relativize(entry));
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, Files.readString(entry).replaceAll("\"findings\":\\[[^\\]]*\\]", "\"findings\":[]"));
            }
        }
        HostileJar.Run run = HostileJar.run(project, root.resolve("fresh-user-cache"), "scan", "src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith(FINDING), run.stdout());
    }

    // 10. special files named on the command line, and --fail-on-skipped

    @Test
    void aNamedPipeIsSkippedAtOnceAndFailsTheScanWhenAsked() throws Exception {
        fifo(project.resolve("Fifo.java"));
        String skipped = "seclens: skipped Fifo.java: not a regular file (a device, pipe or socket), not read";
        HostileJar.Run run = scan("Fifo.java");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderrLines().contains(skipped), run.stderr());

        HostileJar.Run failing = scan("--fail-on-skipped", "Fifo.java");
        assertEquals(1, failing.exitCode(), failing.stderr());
        assertTrue(failing.stderrLines().contains("seclens: 1 file(s) could not be analysed; failing (--fail-on-skipped)"),
                failing.stderr());

        HostileJar.Run inCi = HostileJar.run(HostileJar.command("scan", "Fifo.java"), project, userCache,
                Map.of("CI", "true"), null);
        assertEquals(1, inCi.exitCode(), inCi.stderr());
        assertTrue(inCi.stderrLines().contains(
                "seclens: 1 file(s) could not be analysed; failing (CI is set; --no-fail-on-skipped to allow)"), inCi.stderr());
        HostileJar.Run allowed = HostileJar.run(HostileJar.command("scan", "--no-fail-on-skipped", "Fifo.java"), project,
                userCache, Map.of("CI", "true"), null);
        assertEquals(0, allowed.exitCode(), allowed.stderr());
    }

    @Test
    void aNamedLinkToDevZeroIsSkipped() throws IOException {
        link(project.resolve("Zero.java"), Path.of("/dev/zero"));
        HostileJar.Run run = scan("Zero.java");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderrLines().contains(
                "seclens: skipped Zero.java: not a regular file (a device, pipe or socket), not read"), run.stderr());
    }

    @Test
    void aBaselineThatIsAPipeIsOneLineAndStatus2() throws Exception {
        fifo(project.resolve("baseline.sarif"));
        assertOneErrorLine("seclens: cannot read baseline baseline.sarif: not a regular file (a device, pipe or socket),"
                + " not read", scan("--baseline", "baseline.sarif", "src"));
    }

    @Test
    void aFileOverTheSizeLimitIsSkippedWithoutBeingRead() throws IOException {
        StringBuilder padded = new StringBuilder(MD5);
        while (padded.length() < 3 << 20) {
            padded.append("// padding ").append("x".repeat(100)).append('\n');
        }
        write(project.resolve("src/Padded.java"), padded.toString());
        long size = Files.size(project.resolve("src/Padded.java"));
        HostileJar.Run run = scan("--max-file-size", "1m", "--fail-on-skipped", "src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stderrLines().contains("seclens: skipped src/Padded.java: larger than --max-file-size ("
                + size + " > 1048576 bytes)"), run.stderr());
        assertTrue(run.stdout().startsWith(FINDING), "the other files are still analysed: " + run.stdout());
    }

    // the low list: forged lines in the text report, merging other tools' runs

    @Test
    void aFileNameCannotForgeAFindingInTheTextReport() throws IOException {
        String forged = "A.java\nForged.java:1:1: critical java-sql-injection X.java";
        try {
            write(project.resolve("src").resolve(forged), MD5);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            org.junit.jupiter.api.Assumptions.abort("no line breaks in file names here: " + e);
        }
        HostileJar.Run run = scan("--fail-on", "none", "src");
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(2, lines.size(), run.stdout());
        assertTrue(lines.get(0).startsWith("src/A.java\\nForged.java:1:1: critical java-sql-injection X.java:7:16: medium"
                + " java/weak-hash "), lines.get(0));
        assertTrue(lines.get(1).startsWith(FINDING), lines.get(1));
    }

    @Test
    void mergeRefusesAnotherToolsRun() throws IOException {
        write(project.resolve("other.sarif"), "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\":"
                + " {\"name\": \"OtherScanner\"}}, \"results\": []}]}");
        HostileJar.Run run = HostileJar.run(project, userCache, "merge", "other.sarif");
        assertOneErrorLine("seclens: other.sarif: a run of another tool; seclens merge only merges SecLens reports", run);
    }
}
