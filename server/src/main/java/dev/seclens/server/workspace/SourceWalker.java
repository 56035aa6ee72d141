package dev.seclens.server.workspace;

import dev.seclens.rules.deps.BuildFileAnalyzer;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the PATH arguments into the .java files and build files to analyse, and the MyBatis mapper
 * XML files ({@link MapperFiles}) the analysis reads for what the mapper interfaces' methods run. Folders are walked without following
 * symbolic links to folders, so links cannot loop, nor links to files outside the folder walked,
 * so a workspace cannot make the scan read what lies outside it; build output, dependencies and hidden folders
 * below a named folder are left out. Named paths are taken as given, whatever their folder.
 */
public final class SourceWalker {
    public static final Set<String> IGNORED_FOLDERS = Set.of(".git", "target", "build", "node_modules");

    /**
     * Files to analyse, files set aside, and mapper XML files (read for the summaries, not analysed
     * themselves), each sorted by reported path.
     */
    public record Discovery(List<ScanTarget> targets, List<SkippedPath> skipped, List<ScanTarget> mappers) {
        public Discovery(List<ScanTarget> targets, List<SkippedPath> skipped) {
            this(targets, skipped, List.of());
        }
    }

    private final Path workingDirectory;

    public SourceWalker(Path workingDirectory) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** @throws NoSuchFileException naming the first argument that does not exist */
    public Discovery discover(List<String> arguments) throws NoSuchFileException {
        List<Path> named = new ArrayList<>();
        for (String argument : arguments) {
            Path path = workingDirectory.resolve(argument);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(argument);
            }
            named.add(path);
        }
        Map<String, ScanTarget> targets = new LinkedHashMap<>();
        Map<String, SkippedPath> skipped = new LinkedHashMap<>();
        Map<String, ScanTarget> mappers = new LinkedHashMap<>();
        for (Path path : named) {
            if (Files.isDirectory(path)) {
                walk(path, targets, skipped, mappers);
            } else if (!Files.isSymbolicLink(path) && MapperFiles.isMapper(path)) {
                String shown = shownPath(path);
                mappers.putIfAbsent(shown, new ScanTarget(shown, path));
            } else if (Files.isSymbolicLink(path) && !Files.exists(path)) {
                skip(skipped, path, unresolvedLinkReason(path));
            } else if (!isAnalysed(path)) {
                skip(skipped, path, "not a Java source or build file");
            } else {
                String shown = shownPath(path);
                targets.putIfAbsent(shown, new ScanTarget(shown, path));
            }
        }
        return new Discovery(
                targets.values().stream().sorted(Comparator.comparing(ScanTarget::path)).toList(),
                skipped.values().stream().sorted(Comparator.comparing(SkippedPath::path)).toList(),
                mappers.values().stream().sorted(Comparator.comparing(ScanTarget::path)).toList());
    }

    /**
     * Walks {@code root}. A named link to a folder is walked at its real location, since the walk
     * itself does not follow links, but reported under the name the user gave.
     */
    private void walk(Path root, Map<String, ScanTarget> targets, Map<String, SkippedPath> skipped,
                      Map<String, ScanTarget> mappers) {
        Path start;
        try {
            start = Files.isSymbolicLink(root) ? root.toRealPath() : root;
        } catch (IOException e) {
            skip(skipped, root, IoErrors.reason(e, root));
            return;
        }
        Path realStart;
        try {
            realStart = start.toRealPath();
        } catch (IOException e) {
            skip(skipped, root, IoErrors.reason(e, root));
            return;
        }
        FileVisitor<Path> visitor = new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(start) && isIgnoredFolder(dir) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path shown = root.resolve(start.relativize(file));
                if (attrs.isSymbolicLink() && Files.isDirectory(file)) {
                    skip(skipped, shown, "symbolic link to a folder, not followed");
                } else if (isAnalysed(file) && attrs.isSymbolicLink() && leaves(file, realStart)) {
                    skip(skipped, shown, "symbolic link to a file outside " + shownPath(root) + ", not followed");
                } else if (isAnalysed(file) && (attrs.isRegularFile() || attrs.isSymbolicLink())) {
                    // A link to a file is read through; a broken one is reported when it is read.
                    String path = shownPath(shown);
                    targets.putIfAbsent(path, new ScanTarget(path, file));
                } else if (isAnalysed(file)) {
                    skip(skipped, shown, "not a regular file");
                } else if (attrs.isRegularFile() && MapperFiles.isMapper(file)) {
                    // a link is not followed here: a mapper file is only ever read, but read inside the tree
                    String path = shownPath(shown);
                    mappers.putIfAbsent(path, new ScanTarget(path, file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (isAnalysed(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    skip(skipped, root.resolve(start.relativize(file)), IoErrors.reason(e, file));
                }
                return FileVisitResult.CONTINUE;
            }
        };
        try {
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, visitor);
        } catch (IOException e) {
            skip(skipped, root, IoErrors.reason(e, root));
        }
    }

    /** Whether the link resolves outside {@code realRoot}; a broken link does not (its read reports it). */
    private static boolean leaves(Path link, Path realRoot) {
        try {
            return !link.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    private static String unresolvedLinkReason(Path link) {
        try {
            link.toRealPath();
            return "symbolic link that cannot be resolved";
        } catch (IOException e) {
            return IoErrors.reason(e, link);
        }
    }

    private void skip(Map<String, SkippedPath> skipped, Path path, String reason) {
        String shown = shownPath(path);
        skipped.putIfAbsent(shown, new SkippedPath(shown, reason));
    }

    /** Relative to the working directory when under it, else absolute; always with '/'. */
    public String shownPath(Path path) {
        Path absolute = workingDirectory.resolve(path).normalize();
        Path shown = absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute) : absolute;
        String text = shown.toString().replace(shown.getFileSystem().getSeparator(), "/");
        return text.isEmpty() ? "." : text;
    }

    public static boolean isIgnoredFolder(Path dir) {
        Path name = dir.getFileName();
        return name != null && (IGNORED_FOLDERS.contains(name.toString()) || name.toString().startsWith("."));
    }

    /** Java sources and the build files {@link BuildFileAnalyzer} reads. */
    public static boolean isAnalysed(Path file) {
        return isJava(file) || (file.getFileName() != null && BuildFileAnalyzer.isBuildFile(file.getFileName().toString()));
    }

    public static boolean isJava(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".java");
    }
}
