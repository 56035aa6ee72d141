package dev.seclens.rules.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A configuration's {@code include}, {@code exclude} and {@code testCode} globs, anchored at the
 * folder the configuration belongs to. Files outside that folder are not subject to them.
 */
public final class PathFilter {
    private final Path root;
    private final List<Glob> include;
    private final List<Glob> exclude;
    private final List<Glob> testCode;

    /** @param root the folder the globs are relative to; made absolute here */
    public PathFilter(Path root, Configuration configuration) {
        this.root = root.toAbsolutePath().normalize();
        // The parser has validated every glob, so compiling cannot fail here.
        this.include = configuration.include().stream().map(Glob::compile).toList();
        this.exclude = configuration.exclude().stream().map(Glob::compile).toList();
        this.testCode = configuration.testCode().stream().map(Glob::compile).toList();
    }

    public Path root() {
        return root;
    }

    /** Whether {@code file} is to be analysed: it matches an include glob (if any) and no exclude glob. */
    public boolean includes(Path file) {
        String relative = relative(file);
        if (relative == null) {
            return true;
        }
        return (include.isEmpty() || include.stream().anyMatch(g -> g.matches(relative)))
                && exclude.stream().noneMatch(g -> g.matches(relative));
    }

    /** Whether a {@code testCode} glob makes {@code file} test code (the built-in naming is checked elsewhere). */
    public boolean isTestCode(Path file) {
        String relative = relative(file);
        return relative != null && testCode.stream().anyMatch(g -> g.matches(relative));
    }

    /** {@code file} relative to the root with '/', or null when it is not under the root. */
    private String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(root) || absolute.equals(root)) {
            return null;
        }
        return root.relativize(absolute).toString().replace(absolute.getFileSystem().getSeparator(), "/");
    }
}
