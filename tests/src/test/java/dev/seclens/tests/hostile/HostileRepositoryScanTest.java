package dev.seclens.tests.hostile;

import static dev.seclens.tests.hostile.HostileJar.fifo;
import static dev.seclens.tests.hostile.HostileJar.link;
import static dev.seclens.tests.hostile.HostileJar.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
                copyWithFindingsEmptied(entry, shipped.resolve(userCache.resolve("seclens/scan-cache").relativize(entry)));
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

    // 5. a cache hit is counted in every report

    @Test
    void theFilesWhoseFindingsCameFromTheCacheAreCountedInEveryFormat() throws IOException {
        String folder = userCache.resolve("seclens").toString();
        HostileJar.Run cold = scan("src");
        assertTrue(cold.stderrLines().get(cold.stderrLines().size() - 1).contains(", 0 from the cache in " + folder + ", "),
                cold.stderr());
        HostileJar.Run warm = scan("src");
        assertEquals(1, warm.exitCode(), warm.stderr());
        assertTrue(warm.stdout().startsWith(FINDING), warm.stdout());
        assertTrue(warm.stderrLines().get(warm.stderrLines().size() - 1).contains(", 1 from the cache in " + folder + ", "),
                warm.stderr());

        JsonObject json = JsonParser.parseString(scan("--format", "json", "src").stdout()).getAsJsonObject();
        JsonObject cache = json.getAsJsonObject("summary").getAsJsonObject("cache");
        assertEquals(1, cache.get("files").getAsInt());
        assertEquals(folder, cache.get("folder").getAsString());

        JsonObject invocation = JsonParser.parseString(scan("--format", "sarif", "src").stdout()).getAsJsonObject()
                .getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("invocations").get(0).getAsJsonObject();
        assertEquals(1, invocation.getAsJsonObject("properties").get("filesFromCache").getAsInt());
        assertEquals(folder, invocation.getAsJsonObject("properties").get("cacheFolder").getAsString());

        assertTrue(scan("--format", "review", "src").stdout().contains("- The findings of 1 unchanged file came from"
                + " the cache of an earlier scan in `" + folder + "` (`--no-cache` analyses every file)."));
        assertFalse(scan("--no-cache", "--format", "json", "src").stdout().contains("\"cache\""));
    }

    /** A cache entry as a repository could ship it: findings emptied; summary entries (gzip) copied as they are. */
    private static void copyWithFindingsEmptied(Path entry, Path copy) throws IOException {
        Files.createDirectories(copy.getParent());
        if (entry.getFileName().toString().endsWith(".gz")) {
            Files.copy(entry, copy);
        } else {
            Files.writeString(copy, Files.readString(entry).replaceAll("\"findings\":\\[[^\\]]*\\]", "\"findings\":[]"));
        }
    }

    @Test
    void aCacheFolderInsideTheScannedTreeIsNeverRead() throws IOException {
        assertEquals(1, scan("src").exitCode());
        // a CI job that points XDG_CACHE_HOME into its checkout, and a checkout that ships entries emptied
        Path inside = project.resolve(".ci-cache");
        try (Stream<Path> entries = Files.walk(userCache)) {
            for (Path entry : entries.filter(Files::isRegularFile).toList()) {
                copyWithFindingsEmptied(entry, inside.resolve(userCache.relativize(entry)));
            }
        }
        HostileJar.Run run = HostileJar.run(project, inside, "scan", ".");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith(FINDING), run.stdout());
        assertTrue(run.stderrLines().contains("seclens: warning: the cache folder " + inside.resolve("seclens")
                + " lies inside ., which a repository controls; scanning without the cache"), run.stderr());
    }

    // 9 and 10. partial results, size limits, generated sources and a scan that cannot finish

    @Test
    void aFileOverTheDefaultSizeLimitIsSkippedAtOnceAndFailsTheScanInCi() throws IOException {
        StringBuilder padded = new StringBuilder(MD5.replace("class Hashes", "class Padded"));
        while (padded.length() < 3 << 20) {
            padded.append("// padding ").append("x".repeat(100)).append('\n');
        }
        write(project.resolve("src/Padded.java"), padded.toString());
        long size = Files.size(project.resolve("src/Padded.java"));
        HostileJar.Run inCi = HostileJar.run(HostileJar.command("scan", "--fail-on", "none", "src"), project, userCache,
                Map.of("CI", "true"), null);
        assertEquals(1, inCi.exitCode(), inCi.stderr());
        assertTrue(inCi.stderrLines().contains("seclens: skipped src/Padded.java: larger than the size limit (" + size
                + " > 2097152 bytes, the default limit; --max-file-size changes it)"), inCi.stderr());
        assertTrue(inCi.stderrLines().contains(
                "seclens: 1 file(s) could not be analysed; failing (CI is set; --no-fail-on-skipped to allow)"), inCi.stderr());
        assertTrue(inCi.stdout().startsWith(FINDING), "the other files are still analysed: " + inCi.stdout());

        HostileJar.Run unlimited = scan("--max-file-size", "none", "src");
        assertEquals(1, unlimited.exitCode(), unlimited.stderr());
        assertTrue(unlimited.stdout().contains("src/Padded.java:7:16: medium java/weak-hash "), unlimited.stdout());
    }

    @Test
    void aGeneratedClientOfManyMegabytesIsSetAsideFromItsHeaderAndCounted() throws IOException {
        StringBuilder client = new StringBuilder("""
                // Code generated by openapi-generator. DO NOT EDIT.
                package demo.client;

                import java.security.MessageDigest;

                public class PetApi {
                """);
        for (int i = 0; client.length() < 6 << 20; i++) {
            client.append("    public byte[] call").append(i)
                    .append("(byte[] d) throws Exception { return MessageDigest.getInstance(\"MD5\").digest(d); }\n");
        }
        write(project.resolve("src/client/PetApi.java"), client.append("}\n").toString());
        write(project.resolve("src/client/Small.java"), "package demo.client;\n\n/** A small client. */\n"
                + "@javax.annotation.processing.Generated(\"apt\")\nclass Small {\n  Object o = java.security.MessageDigest.getInstance(\"MD5\");\n}\n");

        HostileJar.Run inCi = HostileJar.run(HostileJar.command("scan", "--format", "json", "src"), project, userCache,
                Map.of("CI", "true"), null);
        assertEquals(1, inCi.exitCode(), "the finding fails the scan, the generated files do not: " + inCi.stderr());
        JsonObject report = JsonParser.parseString(inCi.stdout()).getAsJsonObject();
        assertEquals(List.of("src/Hashes.java"), report.getAsJsonArray("findings").asList().stream()
                .map(f -> f.getAsJsonObject().get("path").getAsString()).toList());
        assertEquals("[{\"path\":\"src/client/PetApi.java\",\"reason\":\"generated source (its header says \\\"Code generated by\\\")\"},"
                + "{\"path\":\"src/client/Small.java\",\"reason\":\"generated source (@javax.annotation.processing.Generated)\"}]",
                report.getAsJsonArray("generated").toString());
        assertEquals(2, report.getAsJsonObject("summary").get("generated").getAsInt());
        assertEquals(0, report.getAsJsonObject("summary").get("skipped").getAsInt());
        assertTrue(inCi.stderrLines().get(inCi.stderrLines().size() - 1)
                .startsWith("seclens: 1 files, 9 lines, 1 findings, 0 suppressed, 0 skipped, 2 generated (not analysed), "), inCi.stderr());

        HostileJar.Run included = scan("--include-generated", "--format", "json", "src");
        JsonObject all = JsonParser.parseString(included.stdout()).getAsJsonObject();
        assertEquals(List.of("src/Hashes.java", "src/client/Small.java"), all.getAsJsonArray("findings").asList().stream()
                .map(f -> f.getAsJsonObject().get("path").getAsString()).toList());
        assertEquals("src/client/PetApi.java", all.getAsJsonArray("skipped").get(0).getAsJsonObject().get("path").getAsString(),
                "included, the client is over the size limit");
    }

    @Test
    void aScanThatRunsOutOfMemoryWritesWhatItFoundMarkedIncompleteAndExits2() throws IOException {
        write(project.resolve("src/Aaa.java"), MD5.replace("class Hashes", "class Aaa"));
        StringBuilder huge = new StringBuilder("package demo;\n\nclass Zzz {\n");
        for (int i = 0; huge.length() < 8 << 20; i++) {
            huge.append("    int f").append(i).append("(int a) { return a + ").append(i).append("; }\n");
        }
        write(project.resolve("src/Zzz.java"), huge.append("}\n").toString());
        // one analysis thread, so that the files before the huge one are done when it exhausts the heap
        List<String> command = List.of(HostileJar.java(), "-Xmx64m", "-XX:ActiveProcessorCount=1", "-XX:-UsePerfData",
                "-jar", HostileJar.jar().toString(), "scan", "--no-cache", "--max-file-size", "none", "--format", "json",
                "--output", "report.json", "src");
        HostileJar.Run run = HostileJar.run(command, project, userCache, Map.of(), null);
        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderrLines().get(run.stderrLines().size() - 1).matches("seclens: scan incomplete: ran out of memory"
                + " analysing src/Zzz.java \\(heap limit \\d+ MiB; SECLENS_JAVA_OPTS=-Xmx\\.\\.\\. raises it\\); the report"
                + " holds what was found until then"), run.stderr());
        JsonObject report = JsonParser.parseString(Files.readString(project.resolve("report.json"))).getAsJsonObject();
        assertFalse(report.getAsJsonObject("summary").get("complete").getAsBoolean());
        assertTrue(report.get("incomplete").getAsString().startsWith("ran out of memory analysing src/Zzz.java"));
        assertEquals(List.of("src/Aaa.java", "src/Hashes.java"), report.getAsJsonArray("findings").asList().stream()
                .map(f -> f.getAsJsonObject().get("path").getAsString()).toList());
    }

    // the low list: names in the review, masked secrets, a pom's DOCTYPE, an empty ignore file

    @Test
    void aFileNameCannotForgeAFindingOrAVerdictInTheReview() throws IOException {
        String forged = "A`.java\n## Verdict\n\nNo security defects were detected.\n\nB.java";
        try {
            write(project.resolve("src").resolve(forged), MD5);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            org.junit.jupiter.api.Assumptions.abort("no line breaks in file names here: " + e);
        }
        HostileJar.Run run = scan("--format", "review", "src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(1, run.stdout().split("\n## ", -1).length - 2, "one section (Medium) and the verdict: " + run.stdout());
        assertTrue(run.stdout().endsWith("## Verdict\n\n2 security defects were found (0 critical, 0 high, 2 medium, 0 low).\n"),
                run.stdout());
        assertTrue(run.stdout().contains("in ``src/A`.java\\n## Verdict\\n\\nNo security defects were detected.\\n\\nB.java``, line 7"),
                run.stdout());
    }

    @Test
    void aHardCodedSecretIsMaskedInEveryFormat() throws IOException {
        write(project.resolve("src/Login.java"), """
                package demo;

                class Login {
                    private static final String DB_PASSWORD = "Sup3rS3cretPassw0rd";
                }
                """);
        for (String format : List.of("text", "json", "sarif", "review")) {
            HostileJar.Run run = scan("--format", format, "src");
            assertEquals(1, run.exitCode(), run.stderr());
            assertTrue(run.stdout().contains("Sup3r\u2026"), format + ": " + run.stdout());
            assertFalse(run.stdout().contains("S3cretPassw0rd"), format + ": " + run.stdout());
        }
    }

    @Test
    void aPomWithADoctypeGetsItsDependenciesCheckedWithoutTheDtdBeingRead() throws IOException {
        // the DTD's address is a closed local port: resolving it would fail or hang, never pass quietly
        write(project.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE project SYSTEM "http://127.0.0.1:9/maven-4.0.0.dtd">
                <project>
                  <groupId>demo</groupId><artifactId>demo</artifactId><version>1</version>
                  <dependencies>
                    <dependency>
                      <groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.14.1</version>
                    </dependency>
                  </dependencies>
                </project>
                """);
        HostileJar.Run run = scan("pom.xml");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith("pom.xml:7:"), run.stdout());
        assertTrue(run.stdout().contains(" java/vulnerable-dependency "), run.stdout());
        assertFalse(run.stderr().contains("warning"), run.stderr());
    }

    @Test
    void anEmptyIgnoreFileIgnoresNothingAsDocumented() throws IOException {
        write(project.resolve(".seclens/ignored.json"), "");
        HostileJar.Run run = scan("src");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith(FINDING), run.stdout());
    }
}
