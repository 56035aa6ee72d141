package dev.seclens.server;

import dev.seclens.rules.deps.AdvisoryDatabase;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.server.workspace.JavaFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The file side of dependency checking: user-supplied OSV advisories (files, or folders whose
 * {@code .json} files are read, sorted, at any depth), and other build files read from disk for a
 * pom's parent or {@code gradle.properties}.
 */
public final class AdvisoryFiles {
    /** Build files larger than this are not read for a parent's properties. */
    private static final long MAX_BUILD_FILE = 10L << 20;

    private AdvisoryFiles() {
    }

    /**
     * {@code database} plus the advisories under {@code paths}; a file that cannot be read or parsed
     * becomes one of the result's {@link AdvisoryDatabase#problems()}.
     *
     * @param shownFrom files under this folder are named relative to it in problems
     * @param within    when present (paths a repository's configuration names), every file read
     *                  must lie under this folder after symbolic links
     * @throws NoSuchFileException naming the first path that does not exist
     */
    public static AdvisoryDatabase add(AdvisoryDatabase database, List<Path> paths, Path shownFrom, Optional<Path> within)
            throws NoSuchFileException {
        List<AdvisoryDatabase.Source> sources = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString());
            }
            for (Path file : jsonFiles(path)) {
                try {
                    sources.add(new AdvisoryDatabase.Source(shown(file, shownFrom),
                            UserFiles.readText(file, shown(file, shownFrom), UserFiles.MAX_SETTINGS_FILE, within)));
                } catch (UserFiles.Refused e) {
                    unreadable.add(e.getMessage());
                }
            }
        }
        AdvisoryDatabase result = database.with(sources);
        return unreadable.isEmpty() ? result : result.withProblems(unreadable);
    }

    private static String shown(Path file, Path shownFrom) {
        Path absolute = file.toAbsolutePath().normalize();
        Path base = shownFrom.toAbsolutePath().normalize();
        return (absolute.startsWith(base) ? base.relativize(absolute) : absolute).toString().replace('\\', '/');
    }

    private static List<Path> jsonFiles(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        // links inside the folder are not followed: a link to a file is read (and refused if it leads out)
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(f -> !Files.isDirectory(f))
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /**
     * {@code analyzer} reading other build files from disk, their paths resolved against
     * {@code root}: only files named as build files or their companions ({@code *.xml},
     * {@code gradle.properties}, {@code dependency-tree.txt}) whose real path lies under
     * {@code root}, so a {@code relativePath} written in a pom cannot make SecLens read anything else.
     */
    public static BuildFileAnalyzer readingBuildFiles(BuildFileAnalyzer analyzer, Path root) {
        return analyzer.withBuildFiles(path -> read(root, path));
    }

    private static Optional<String> read(Path root, String path) {
        try {
            Path base = root.toAbsolutePath().normalize();
            Path file = base.resolve(path).normalize();
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!(name.endsWith(".xml") || name.equals("gradle.properties") || name.equals("dependency-tree.txt"))
                    || !Files.isRegularFile(file) || !file.toRealPath().startsWith(base.toRealPath())) {
                return Optional.empty();
            }
            return JavaFiles.read(file, MAX_BUILD_FILE);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // missing, unreadable or not a path on this platform: not in the workspace
        }
    }
}
