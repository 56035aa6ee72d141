package dev.seclens.tests.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.seclens.tests.cli.SeclensJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar as a separate process with a bounded heap and an environment the test decides:
 * its own user cache folder, {@code CI} set or not, optionally under strace.
 */
final class HostileJar {
    /** A heap that turns unbounded reads into an OutOfMemoryError a test would see, rather than swap. */
    static final String HEAP = "-Xmx256m";
    private static final long TIMEOUT_SECONDS = 120;

    record Run(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    private HostileJar() {
    }

    static Path jar() {
        return SeclensJar.jar();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -jar seclens.jar ARGS} as the process would be started, without strace. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), HEAP, "-XX:-UsePerfData", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** A process builder for {@code command} in {@code workingDirectory}, with its user cache and no {@code CI}. */
    static ProcessBuilder builder(List<String> command, Path workingDirectory, Path userCache, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().remove("CI");
        builder.environment().put("XDG_CACHE_HOME", userCache.toAbsolutePath().toString());
        builder.environment().putAll(env);
        return builder;
    }

    static Run run(Path workingDirectory, Path userCache, String... args) {
        return run(command(args), workingDirectory, userCache, Map.of(), null);
    }

    static Run run(List<String> command, Path workingDirectory, Path userCache, Map<String, String> env, byte[] stdin) {
        try {
            Path out = Files.createTempFile("hostile-out", ".txt");
            Path err = Files.createTempFile("hostile-err", ".txt");
            try {
                Process process = builder(command, workingDirectory, userCache, env)
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                try (var in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s: "
                            + Files.readString(err));
                }
                return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Makes a named pipe, or aborts the test where there is no mkfifo. */
    static Path fifo(Path path) throws IOException, InterruptedException {
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no mkfifo here: " + e);
            throw e;
        }
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo " + path);
        return path;
    }

    /** A symbolic link, or the test is aborted where they cannot be made. */
    static Path link(Path link, Path target) throws IOException {
        Files.createDirectories(link.getParent());
        try {
            return Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            throw e;
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
