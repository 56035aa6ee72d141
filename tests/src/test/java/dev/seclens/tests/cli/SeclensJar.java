package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the packaged jar the way users and CI do, as a separate process. */
public final class SeclensJar {
    public record Run(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    private SeclensJar() {
    }

    public static Path jar() {
        String property = System.getProperty("seclens.jar");
        assertTrue(property != null && Files.isRegularFile(Path.of(property)),
                "the packaged jar is missing (" + property + "); run mvn verify, which builds it in package");
        return Path.of(property);
    }

    public static Path repositoryRoot() {
        return Path.of(System.getProperty("seclens.root")).toAbsolutePath().normalize();
    }

    /**
     * A copy of a fixture tree in {@code temp}: a scan there keeps its cache to itself, so a test
     * neither depends on another having filled the cache nor writes into the repository.
     */
    public static Path copyOf(Path tree, Path temp) {
        Path copy = temp.resolve(tree.getFileName());
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path from : files.toList()) {
                Path to = copy.resolve(tree.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else if (!tree.relativize(from).startsWith(".seclens")) {
                    Files.copy(from, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    public static Run scan(Path workingDirectory, String... args) {
        return scanWithInput(workingDirectory, null, args);
    }

    static Run scanWithInput(Path workingDirectory, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("scan"));
        command.addAll(List.of(args));
        return run(workingDirectory, stdin, command.toArray(String[]::new));
    }

    /**
     * The user cache folder ({@code XDG_CACHE_HOME}) runs get unless a test gives its own: under the
     * build folder, never the real home's, and keyed inside by the scanned folder, so tests on
     * different folders never share entries.
     */
    static Path sharedUserCache() {
        return repositoryRoot().resolve("tests/target/test-user-cache");
    }

    /** {@code seclens ARGS...}, any command. */
    public static Run run(Path workingDirectory, byte[] stdin, String... args) {
        return run(sharedUserCache(), workingDirectory, stdin, args);
    }

    /**
     * {@code seclens ARGS...} with {@code userCache} as {@code XDG_CACHE_HOME}, and without the
     * {@code CI} variable (which turns {@code --fail-on-skipped} on), whatever the build's environment.
     */
    public static Run run(Path userCache, Path workingDirectory, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("seclens-out", ".txt");
            Path err = Files.createTempFile("seclens-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().put("XDG_CACHE_HOME", userCache.toAbsolutePath().toString());
                builder.environment().remove("CI");
                Process process = builder.start();
                try (var in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("seclens " + String.join(" ", args) + " did not finish in 120 s");
                }
                return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err));
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
}
