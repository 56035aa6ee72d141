package dev.seclens.server;

import dev.seclens.rules.IgnoreList;
import dev.seclens.rules.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads {@code .seclens/ignored.json} for the scan and the language server alike. Every
 * ignore file from a file's own folder up to its project root applies, nearest first; the project
 * root is the first folder upwards that is a version-control root ({@code .git}, {@code .hg},
 * {@code .svn}) or a workspace folder (the filesystem root without either). So an entry accepted
 * at the root is never shadowed by an ignore file further down. Read files are kept until their
 * size or modification time changes, so a keystroke costs a few {@code stat}s, not a parse.
 */
public final class IgnoreFiles {
    private static final List<String> VCS_MARKERS = List.of(".git", ".hg", ".svn");
    private static final List<String> BUILD_FILES = List.of("pom.xml", "build.gradle", "build.gradle.kts",
            "settings.gradle", "settings.gradle.kts");

    private final Path base;
    private final Collection<Path> workspaceFolders;
    /** One entry per ignore file looked at, absent ones included; bounded, least recently used out. */
    static final int MAX_CACHED = 256;
    private final Map<Path, Loaded> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Loaded> eldest) {
            return size() > MAX_CACHED;
        }
    });

    /** What was read; {@code modified} is null for a file that did not exist. */
    private record Loaded(FileTime modified, long size, IgnoreList list) {
    }

    /** @param base what relative paths are relative to (the scan's working directory) */
    public IgnoreFiles(Path base) {
        this(base, List.of());
    }

    /**
     * @param workspaceFolders folders where the upward search stops; a live view, so a server can
     *                         add its workspace folders after construction
     */
    public IgnoreFiles(Path base, Collection<Path> workspaceFolders) {
        this.base = base.toAbsolutePath().normalize();
        this.workspaceFolders = workspaceFolders;
    }

    /**
     * The folders whose ignore file applies to {@code file}, nearest first: its own folder and each
     * parent up to the first version-control root or workspace folder, inclusive.
     */
    public List<Path> folders(Path file) {
        List<Path> folders = new ArrayList<>();
        for (Path dir = file.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            folders.add(dir);
            if (isProjectBoundary(dir)) {
                break;
            }
        }
        return folders;
    }

    private boolean isProjectBoundary(Path dir) {
        return workspaceFolders.contains(dir) || VCS_MARKERS.stream().anyMatch(m -> Files.exists(dir.resolve(m)));
    }

    /**
     * Where an accepted finding of {@code file} is recorded: the innermost workspace folder that
     * holds it; outside every folder, the version-control root above it, else the nearest folder
     * with a build file (pom, Gradle), else the file's own folder.
     */
    public Path recordingRoot(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Optional<Path> folder = workspaceFolders.stream().filter(absolute::startsWith)
                .max(java.util.Comparator.comparingInt(Path::getNameCount));
        if (folder.isPresent()) {
            return folder.get();
        }
        List<Path> above = folders(absolute);
        Path top = above.get(above.size() - 1);
        if (VCS_MARKERS.stream().anyMatch(m -> Files.exists(top.resolve(m)))) {
            return top;
        }
        return above.stream().filter(dir -> BUILD_FILES.stream().anyMatch(b -> Files.isRegularFile(dir.resolve(b))))
                .findFirst().orElse(absolute.getParent());
    }

    public static Path ignoreFile(Path root) {
        return root.resolve(IgnoreList.DIRECTORY).resolve(IgnoreList.FILE_NAME);
    }

    /**
     * The accepted findings for {@code file} (a path as the analysis knows it): the entries of every
     * ignore file that applies, nearest first.
     *
     * @throws IgnoreList.InvalidIgnoreFile when one of them is malformed or unreadable
     */
    public IgnoreList forFile(SourceFile file) {
        Path path;
        try {
            path = base.resolve(file.path());
        } catch (RuntimeException e) {
            return IgnoreList.EMPTY; // not a path on this platform (an unsaved buffer's name)
        }
        IgnoreList merged = IgnoreList.EMPTY;
        for (Path folder : folders(path)) {
            IgnoreList list = load(ignoreFile(folder));
            if (merged.entries().isEmpty()) {
                merged = list;
            } else {
                for (IgnoreList.Entry entry : list.entries()) {
                    merged = merged.with(entry);
                }
            }
        }
        return merged;
    }

    /** A key that changes whenever one of the ignore files applying to {@code file} does (scan caches use it). */
    public String key(Path file) {
        StringBuilder key = new StringBuilder();
        for (Path folder : folders(base.resolve(file))) {
            Path ignoreFile = ignoreFile(folder);
            try {
                String stamp = Files.size(ignoreFile) + " " + Files.getLastModifiedTime(ignoreFile).toMillis();
                key.append(ignoreFile).append(' ').append(stamp).append('\n');
            } catch (IOException e) {
                // absent: contributes nothing, and appearing changes the key
            }
        }
        return key.length() == 0 ? "none" : key.toString();
    }

    /**
     * Whether an ignore file read before has changed, appeared or gone since: for clients that
     * cannot watch files, the server asks on every save and open.
     */
    public boolean changedOnDisk() {
        Map<Path, Loaded> snapshot;
        synchronized (cache) {
            snapshot = Map.copyOf(cache);
        }
        for (Map.Entry<Path, Loaded> entry : snapshot.entrySet()) {
            Loaded loaded = entry.getValue();
            try {
                if (!Files.getLastModifiedTime(entry.getKey()).equals(loaded.modified())
                        || Files.size(entry.getKey()) != loaded.size()) {
                    return true; // changed, or appeared (an absent file has no modification time)
                }
            } catch (IOException e) {
                if (loaded.modified() != null) {
                    return true; // gone
                }
            }
        }
        return false;
    }

    /** The ignore file at {@code ignoreFile}; empty when it does not exist. */
    public IgnoreList load(Path ignoreFile) {
        String shown = shown(ignoreFile);
        try {
            FileTime modified = Files.getLastModifiedTime(ignoreFile);
            long size = Files.size(ignoreFile);
            Loaded cached = cache.get(ignoreFile);
            if (cached != null && modified.equals(cached.modified()) && cached.size() == size) {
                return cached.list();
            }
            // read only if it is a regular file of sane size inside its project, whatever links it goes through
            IgnoreList list = IgnoreList.parse(UserFiles.readText(ignoreFile, shown, UserFiles.MAX_SETTINGS_FILE,
                    Optional.ofNullable(ignoreFile.getParent()).map(Path::getParent)), shown);
            cache.put(ignoreFile, new Loaded(modified, size, list));
            return list;
        } catch (NoSuchFileException e) {
            cache.put(ignoreFile, new Loaded(null, 0, IgnoreList.EMPTY));
            return IgnoreList.EMPTY;
        } catch (UserFiles.Refused e) {
            if (e.missing()) {
                cache.remove(ignoreFile);
                return IgnoreList.EMPTY;
            }
            throw new IgnoreList.InvalidIgnoreFile(e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof IgnoreList.InvalidIgnoreFile invalid) {
                throw invalid;
            }
            throw new IgnoreList.InvalidIgnoreFile(shown + ": cannot read: " + e);
        }
    }

    private String shown(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(base) ? base.relativize(absolute) : absolute).toString().replace('\\', '/');
    }
}
