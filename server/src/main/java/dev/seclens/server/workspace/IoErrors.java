package dev.seclens.server.workspace;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Short, path-free reasons for I/O failures, for "seclens: skipped PATH: REASON" lines. */
public final class IoErrors {
    private IoErrors() {
    }

    public static String reason(IOException e, Path path) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return Files.isSymbolicLink(path) ? "broken symbolic link" : "no such file or directory";
        }
        // The OS reason without the path the message repeats.
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            if (fse.getReason().startsWith("Too many levels of symbolic links")) {
                return "symbolic link loop";
            }
            return lowerFirst(fse.getReason());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
