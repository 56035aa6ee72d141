package dev.seclens.server;

import dev.seclens.rules.IgnoreList;
import dev.seclens.rules.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads {@code .seclens/ignored.json} for the scan and the language server alike: a
 * file's ignore file is the one in the nearest folder, from the file's own folder upwards, that
 * has a {@code .seclens/} folder (its project root). Read files are kept until their size or
 * modification time changes, so a keystroke costs a few {@code stat}s, not a parse.
 */
public final class IgnoreFiles {
    private final Path base;
    /** One entry per project root in use; bounded, least recently used out, for workspaces with many roots. */
    static final int MAX_CACHED = 256;
    private final Map<Path, Loaded> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Loaded> eldest) {
            return size() > MAX_CACHED;
        }
    });

    private record Loaded(FileTime modified, long size, IgnoreList list) {
    }

    /** @param base what relative paths are relative to (the scan's working directory) */
    public IgnoreFiles(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    /** The nearest folder at or above {@code file}'s folder that has a {@code .seclens/} folder. */
    public static Optional<Path> root(Path file) {
        for (Path dir = file.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(IgnoreList.DIRECTORY))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    public static Path ignoreFile(Path root) {
        return root.resolve(IgnoreList.DIRECTORY).resolve(IgnoreList.FILE_NAME);
    }

    /**
     * The accepted findings for {@code file} (a path as the analysis knows it); empty when it has
     * no project root or the root has no ignore file.
     *
     * @throws IgnoreList.InvalidIgnoreFile when the ignore file is malformed or unreadable
     */
    public IgnoreList forFile(SourceFile file) {
        Path path;
        try {
            path = base.resolve(file.path());
        } catch (RuntimeException e) {
            return IgnoreList.EMPTY; // not a path on this platform (an unsaved buffer's name)
        }
        Optional<Path> root = root(path);
        return root.isEmpty() ? IgnoreList.EMPTY : load(ignoreFile(root.get()));
    }

    /** The ignore file at {@code ignoreFile}; empty when it does not exist. */
    public IgnoreList load(Path ignoreFile) {
        String shown = shown(ignoreFile);
        try {
            FileTime modified = Files.getLastModifiedTime(ignoreFile);
            long size = Files.size(ignoreFile);
            Loaded cached = cache.get(ignoreFile);
            if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
                return cached.list();
            }
            // read only if it is a regular file of sane size inside its project, whatever links it goes through
            IgnoreList list = IgnoreList.parse(UserFiles.readText(ignoreFile, shown, UserFiles.MAX_SETTINGS_FILE,
                    Optional.ofNullable(ignoreFile.getParent()).map(Path::getParent)), shown);
            cache.put(ignoreFile, new Loaded(modified, size, list));
            return list;
        } catch (NoSuchFileException e) {
            cache.remove(ignoreFile);
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
