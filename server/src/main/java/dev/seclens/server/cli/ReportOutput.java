package dev.seclens.server.cli;

import dev.seclens.server.AtomicFile;
import dev.seclens.server.workspace.IoErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Optional;

/**
 * Where {@code --output} sends the report. A scan may run as root in CI, so the target's type
 * decides how it is written: a regular file (through any links) is replaced atomically, so that a
 * report is never half-written; a device, pipe or {@code /dev/stdout} is written in place, as a
 * shell redirection would (renaming over it would replace the device node or the link for the whole
 * machine); {@code -} is standard output. A folder, a broken link and a file the scan reads are
 * refused before anything is written.
 */
final class ReportOutput {
    private enum Kind { STDOUT, REGULAR_FILE, IN_PLACE }

    private final String shown;
    private final Path path;
    private final Kind kind;

    /** Why the report cannot go where {@code --output} says, as one line. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private ReportOutput(String shown, Path path, Kind kind) {
        this.shown = shown;
        this.path = path;
        this.kind = kind;
    }

    /** {@code --output}'s value, resolved against the working directory; empty means standard output. */
    static ReportOutput of(Optional<String> output, Path workingDirectory) throws Refused {
        if (output.isEmpty() || output.get().equals("-")) {
            return new ReportOutput("standard output", null, Kind.STDOUT);
        }
        String shown = output.get();
        Path target;
        try {
            target = workingDirectory.resolve(shown).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new Refused("cannot write " + shown + ": not a file name on this system");
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(target, BasicFileAttributes.class); // through links
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(target)) {
                throw new Refused("cannot write " + shown + ": a broken symbolic link");
            }
            if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
                throw new Refused("cannot write " + shown + ": no such directory");
            }
            return new ReportOutput(shown, target, Kind.REGULAR_FILE);
        } catch (IOException e) {
            throw new Refused("cannot write " + shown + ": " + IoErrors.reason(e, target));
        }
        if (attributes.isDirectory()) {
            throw new Refused("cannot write " + shown + ": it is a folder");
        }
        if (!attributes.isRegularFile()) {
            return new ReportOutput(shown, target, Kind.IN_PLACE);
        }
        try {
            // a link to a report is followed: the file it names is replaced, the link stays
            return new ReportOutput(shown, target.toRealPath(), Kind.REGULAR_FILE);
        } catch (IOException e) {
            throw new Refused("cannot write " + shown + ": " + IoErrors.reason(e, target));
        }
    }

    /** Refuses a target that is one of the files the scan reads: the report would overwrite a source. */
    void checkNotAmong(Collection<Path> scanned) throws Refused {
        if (kind != Kind.REGULAR_FILE) {
            return;
        }
        for (Path file : scanned) {
            Path real;
            try {
                real = file.toRealPath();
            } catch (IOException | RuntimeException e) {
                real = file.toAbsolutePath().normalize();
            }
            if (real.equals(path)) {
                throw new Refused("cannot write " + shown + ": it is one of the files scanned; choose another --output");
            }
        }
    }

    void write(byte[] report, PrintStream stdout) throws Refused {
        try {
            switch (kind) {
                case STDOUT -> {
                    stdout.write(report, 0, report.length);
                    stdout.flush();
                }
                case REGULAR_FILE -> AtomicFile.write(path, report);
                case IN_PLACE -> {
                    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
                        out.write(report);
                    }
                }
            }
        } catch (IOException e) {
            throw new Refused("cannot write " + shown + ": " + IoErrors.reason(e, path));
        }
    }
}
