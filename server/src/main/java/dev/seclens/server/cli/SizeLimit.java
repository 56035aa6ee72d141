package dev.seclens.server.cli;

import dev.seclens.server.UserFiles;
import java.util.OptionalLong;

/**
 * The largest file {@code scan} reads, and where that limit came from, so that a skipped file's
 * reason says what to change. Padding a file cannot make the scan spend minutes and gigabytes on
 * it: a larger file is skipped before it is read, counted, and fails the scan under
 * {@code --fail-on-skipped}.
 *
 * @param source how the reason names the limit: {@code --max-file-size}, the configuration's
 *               {@code maxFileSize}, or the default
 */
record SizeLimit(long bytes, String source) {
    /** The editor's default too: hand-written sources are far smaller, generated ones are set aside before this. */
    static final long DEFAULT_BYTES = 2L << 20;

    /**
     * {@code --max-file-size} if given ({@link ScanOptions#NO_SIZE_LIMIT} for {@code none}: only the
     * reader's own bound), else the configuration's, else the default.
     */
    static SizeLimit of(OptionalLong option, OptionalLong configured) {
        if (option.isPresent() && option.getAsLong() == ScanOptions.NO_SIZE_LIMIT) {
            return new SizeLimit(UserFiles.MAX_ANY_FILE, "--max-file-size none");
        }
        if (option.isPresent()) {
            return new SizeLimit(option.getAsLong(), "--max-file-size");
        }
        if (configured.isPresent()) {
            return new SizeLimit(configured.getAsLong(), "maxFileSize in the configuration");
        }
        return new SizeLimit(DEFAULT_BYTES, "the default limit; --max-file-size changes it");
    }

    String skipReason(long size) {
        return "larger than " + (source.equals("--max-file-size") ? "--max-file-size" : "the size limit") + " ("
                + size + " > " + bytes + " bytes" + (source.equals("--max-file-size") ? "" : ", " + source) + ")";
    }
}
