package dev.seclens.rules;

import java.util.Optional;

/**
 * The project's other files (today its {@code .properties} files), as the caller can read them: the
 * engine does no I/O itself. A path is in the form {@link SourceFile#path()} uses, with {@code /}.
 */
@FunctionalInterface
public interface ProjectFiles {
    /** No project files: what an analyzer sees unless its caller supplies some. */
    ProjectFiles NONE = path -> Optional.empty();

    /** The text of the file at {@code path}; empty when it does not exist or may not be read. */
    Optional<String> read(String path);
}
