package dev.seclens.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code seclens} launcher as a user runs it: through a symbolic link on PATH, without Java or
 * with one too old (exit 2 and one line naming what to install), and {@code --help} for every
 * command. It runs on a copy of the launcher next to the packaged jar and no sources, so it never
 * starts a build.
 */
class LauncherTest {
    private static final Path ROOT = Path.of(System.getProperty("seclens.root", "..")).toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("seclens.jar")).toAbsolutePath();
    /** What the launcher needs besides java. */
    private static final List<String> TOOLS = List.of("bash", "env", "readlink", "dirname", "sed", "head", "cut",
            "find", "mktemp", "rm");

    @TempDir
    Path dir;
    private Path launcher;
    private Path bin;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void checkout() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("checkout/server/target"));
        Files.copy(JAR, checkout.resolve("seclens.jar"));
        launcher = dir.resolve("checkout/seclens");
        Files.copy(ROOT.resolve("seclens"), launcher);
        bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : TOOLS) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
        Files.createSymbolicLink(bin.resolve("seclens"), launcher);
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " is not on PATH");
    }

    private Run run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(bin.resolve("bash").toString(), "-c",
                "exec seclens \"$@\"", "seclens"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", bin.toString());
        env.put("TMPDIR", dir.toString());
        builder.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the launcher did not finish");
        return new Run(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    private void fakeJava(String versionLine) throws IOException {
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '" + versionLine + "' >&2\nexit 0\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void runsThroughASymlinkOnPath() throws Exception {
        Files.createSymbolicLink(bin.resolve("java"), which("java"));
        Run run = run("--version");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("seclens "), run.out());
    }

    @Test
    void withoutJavaExitsTwoWithOneLineSayingWhatToInstall() throws Exception {
        Run run = run("scan", ".");
        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("Java 17 or newer is needed") && run.err().contains("install"), run.err());
    }

    @Test
    void anOldJavaExitsTwoNamingItsVersion() throws Exception {
        fakeJava("openjdk version \"11.0.21\" 2023-10-17");
        Run run = run("lsp");
        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("is version 11.0.21") && run.err().contains("17"), run.err());
        fakeJava("java version \"1.8.0_392\"");
        assertTrue(run("lsp").err().contains("is version 1.8.0_392"));
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        Files.createSymbolicLink(bin.resolve("java"), which("java"));
        for (List<String> help : List.of(List.of("--help"), List.of("lsp", "--help"), List.of("scan", "--help"),
                List.of("merge", "--help"))) {
            Run run = run(help.toArray(String[]::new));
            assertEquals(0, run.exit(), help + ": " + run.err());
            assertTrue(run.out().contains("usage: seclens"), help + ": " + run.out());
            assertFalse(run.out().contains("\u001b["), "no escape codes");
        }
    }
}
