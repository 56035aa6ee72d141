package dev.seclens.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Real Java sources to mutate: every fixture, every fix pair and the example project. Shared by
 * the engine's {@link FuzzTest} and the server's fuzz tests in {@code tests/} (through this
 * module's test jar).
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    /** The seeds, each under a path relative to its own folder (which decides test-code status). */
    public static List<SourceFile> all() throws IOException {
        // read from the source tree, not the classpath: in tests/ this class comes from a jar
        Path repository = repositoryRoot();
        Path resources = repository.resolve("rules/src/test/resources");
        List<SourceFile> seeds = new ArrayList<>();
        seeds.addAll(javaFiles(resources.resolve("fixtures"), p -> true));
        // the fix pairs: code whose findings carry fixes, so the fixes' edits meet broken text too
        seeds.addAll(javaFiles(resources.resolve("fixes"), p -> !p.toString().endsWith(".fixed.java")));
        seeds.addAll(javaFiles(repository.resolve("examples"), p -> true));
        return seeds;
    }

    private static List<SourceFile> javaFiles(Path folder, Predicate<Path> wanted) throws IOException {
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".java") && wanted.test(p)).sorted().toList()) {
                files.add(new SourceFile(folder.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return files;
    }

    /** The checkout: the nearest folder above the working directory with rules/ and examples/. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples")) && Files.isDirectory(dir.resolve("rules/src/test/resources"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(new IOException("no checkout (rules/ and examples/) above "
                + Path.of("").toAbsolutePath()));
    }
}
