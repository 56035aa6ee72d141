package dev.seclens.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The one way SecLens reads a file that a user or a repository names: the configuration, ignore
 * files, taint specifications, advisories, baselines, merge inputs, sources named on the command
 * line and documents re-read from disk. A committed symbolic link can point anywhere
 * ({@code /dev/zero}, {@code /proc/self/fd/0}, a FIFO, a file in another user's home), so a file is
 * read only when, after every link is resolved, it is a regular file of at most a given size and,
 * when a folder confines it, lies under that folder. Anything else is a {@link Refused} with one
 * line naming the file and the reason, never its content.
 */
public final class UserFiles {
    /** The most a configuration, ignore file, taint specification, advisory or baseline may hold. */
    public static final long MAX_SETTINGS_FILE = 64L << 20;
    /** A byte array cannot be larger; a source above this could never be analysed anyway. */
    public static final long MAX_ANY_FILE = Integer.MAX_VALUE - 16;

    private UserFiles() {
    }

    /** Why a file was not read, as one line that starts with the file's name as the user knows it. */
    public static final class Refused extends IOException {
        private final String reason;
        private final boolean missing;

        Refused(String shown, String reason, boolean missing) {
            super(shown + ": " + reason);
            this.reason = reason;
            this.missing = missing;
        }

        /** The message without the file's name. */
        public String reason() {
            return reason;
        }

        /** Whether the file (or a link on its way) does not exist, which callers often treat as "none". */
        public boolean missing() {
            return missing;
        }
    }

    /**
     * The bytes of {@code file}.
     *
     * @param shown    how messages name the file
     * @param maxBytes larger files are refused without being read
     * @param within   when present, the file's real path must lie under this folder's real path
     */
    public static byte[] read(Path file, String shown, long maxBytes, Optional<Path> within) throws Refused {
        Path real = realPath(file, shown);
        if (within.isPresent()) {
            Path folder;
            try {
                folder = within.get().toRealPath();
            } catch (IOException e) {
                throw new Refused(shown, "its folder " + within.get() + " cannot be resolved", false);
            }
            if (!real.startsWith(folder)) {
                boolean namedInside = file.toAbsolutePath().normalize().startsWith(within.get().toAbsolutePath().normalize());
                throw new Refused(shown, (namedInside ? "resolves outside " + within.get() + " through a symbolic link"
                        : "lies outside " + within.get()) + ", not read", false);
            }
        }
        BasicFileAttributes attributes = regularFile(real, shown);
        long limit = Math.min(maxBytes, MAX_ANY_FILE);
        if (attributes.size() > limit) {
            throw tooLarge(shown, attributes.size(), limit);
        }
        // Read with a bound even so: files such as those under /proc say 0 bytes and never end.
        // NOFOLLOW_LINKS: a link swapped in since the check is refused rather than followed.
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(real, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, MAX_ANY_FILE));
            if (bytes.length > limit) {
                throw tooLarge(shown, bytes.length, limit);
            }
            return bytes;
        } catch (Refused e) {
            throw e;
        } catch (IOException e) {
            throw failure(e, shown);
        }
    }

    /**
     * At most the first {@code maxBytes} of {@code file}, whatever its size, under the same checks
     * as {@link #read} but for the size: enough to tell a generated source by its header.
     */
    public static byte[] readPrefix(Path file, String shown, int maxBytes) throws Refused {
        Path real = realPath(file, shown);
        regularFile(real, shown);
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(real, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            return in.readNBytes(maxBytes);
        } catch (IOException e) {
            throw failure(e, shown);
        }
    }

    /** {@link #read} decoded as UTF-8, without a leading byte order mark. */
    public static String readText(Path file, String shown, long maxBytes, Optional<Path> within) throws Refused {
        String text = new String(read(file, shown, maxBytes, within), StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static BasicFileAttributes regularFile(Path real, String shown) throws Refused {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw failure(e, shown);
        }
        if (!attributes.isRegularFile()) {
            throw new Refused(shown, "not a regular file (" + (attributes.isDirectory() ? "a folder"
                    : "a device, pipe or socket") + "), not read", false);
        }
        return attributes;
    }

    private static Path realPath(Path file, String shown) throws Refused {
        try {
            return file.toRealPath();
        } catch (NoSuchFileException e) {
            // a link to nothing on disk: a deleted target, or one such as /proc/self/fd/0 that leads to a pipe
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file)) {
                throw new Refused(shown, "broken symbolic link", false);
            }
            throw failure(e, shown);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io) {
                throw failure(io, shown);
            }
            throw new Refused(shown, "not a file name on this system", false);
        }
    }

    private static Refused tooLarge(String shown, long size, long limit) {
        return new Refused(shown, "larger than " + limit + " bytes (" + size + "), not read", false);
    }

    private static Refused failure(IOException e, String shown) {
        if (e instanceof NoSuchFileException) {
            return new Refused(shown, "no such file", true);
        }
        if (e instanceof AccessDeniedException) {
            return new Refused(shown, "permission denied", false);
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().startsWith("Too many levels of symbolic links")) {
            return new Refused(shown, "symbolic link loop", false);
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return new Refused(shown, "cannot be read: " + fse.getReason(), false);
        }
        return new Refused(shown, "cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()), false);
    }
}
