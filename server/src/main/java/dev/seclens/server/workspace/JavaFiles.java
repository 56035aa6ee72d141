package dev.seclens.server.workspace;

import dev.seclens.server.SourceNesting;
import dev.seclens.server.UserFiles;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How both front ends find and read a tree's sources, so that the language server's workspace scan
 * and {@code seclens scan} agree: the same folders left out, the same decoding.
 */
public final class JavaFiles {
    private JavaFiles() {
    }

    /** What one walk of a folder finds: the files to analyse, and the mapper XML files to read with them. */
    public record Tree(List<Path> sources, List<Path> mappers) {
    }

    /** The .java files under {@code folder}, sorted, as {@code seclens scan folder} would analyse them. */
    public static List<Path> under(Path folder) {
        return tree(folder).sources();
    }

    /** The files under {@code folder} as {@code seclens scan folder} would analyse and read them, sorted. */
    public static Tree tree(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        try {
            SourceWalker.Discovery found = new SourceWalker(root).discover(List.of(root.toString()));
            return new Tree(found.targets().stream().map(ScanTarget::file).toList(),
                    found.mappers().stream().map(ScanTarget::file).toList());
        } catch (NoSuchFileException e) {
            return new Tree(List.of(), List.of());
        }
    }

    /**
     * The file's text, or empty when it is larger than {@code maxBytes}, binary, unreadable, not a
     * regular file, or nested too deeply to parse in reasonable time.
     */
    public static Optional<String> read(Path file, long maxBytes) {
        try {
            byte[] bytes = UserFiles.read(file, file.toString(), maxBytes, Optional.empty());
            if (SourceBytes.isBinary(bytes)) {
                return Optional.empty();
            }
            String text = SourceBytes.decode(bytes).text();
            return SourceNesting.tooDeep(text).isPresent() ? Optional.empty() : Optional.of(text);
        } catch (UserFiles.Refused | RuntimeException e) {
            return Optional.empty();
        }
    }
}
