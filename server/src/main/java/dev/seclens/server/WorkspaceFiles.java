package dev.seclens.server;

import dev.seclens.rules.ProjectFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * The project's {@code .properties} files on disk, for rules that resolve settings such as an
 * algorithm name (the scan and the language server alike). Only regular {@code .properties} files
 * of at most 1 MiB whose real path lies under one of the roots are read, so a file name written in
 * the analysed code can never make SecLens read anything else.
 */
public final class WorkspaceFiles implements ProjectFiles {
    private static final long MAX_SIZE = 1 << 20;
    private final Path base;
    private final Collection<Path> roots;

    /**
     * @param base  what relative paths are relative to (the scan's working directory)
     * @param roots the folders files may be read from; a live view, so a server can add its workspace folders later
     */
    public WorkspaceFiles(Path base, Collection<Path> roots) {
        this.base = base.toAbsolutePath().normalize();
        this.roots = roots;
    }

    @Override
    public Optional<String> read(String path) {
        if (!path.endsWith(".properties")) {
            return Optional.empty();
        }
        try {
            Path file = base.resolve(path).toRealPath();
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_SIZE || !underARoot(file)) {
                return Optional.empty();
            }
            return Optional.of(decode(UserFiles.read(file, path, MAX_SIZE, Optional.empty())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // missing, unreadable or not a path on this platform: not configured here
        }
    }

    private boolean underARoot(Path file) {
        for (Path root : roots) {
            try {
                if (file.startsWith(root.toRealPath())) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // a root that no longer exists holds nothing
            }
        }
        return false;
    }

    /** UTF-8 as ResourceBundle reads it since Java 9, else ISO-8859-1 as Properties.load(InputStream) does. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
