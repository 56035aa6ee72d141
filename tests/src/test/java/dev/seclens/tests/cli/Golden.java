package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Expected outputs kept in tests/src/test/resources/cli/golden. They change whenever rules are
 * added or a report's shape changes: run with {@code -Dseclens.updateGolden=true} to rewrite them
 * in the source tree, then review the diff.
 */
final class Golden {
    static final String UPDATE_PROPERTY = "seclens.updateGolden";

    private Golden() {
    }

    static Path directory() {
        return SeclensJar.repositoryRoot().resolve("tests/src/test/resources/cli/golden");
    }

    static void assertMatches(String name, String actual) {
        Path file = directory().resolve(name);
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
                if (!actual.equals(before)) {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, actual, StandardCharsets.UTF_8);
                    fail("golden " + file + " was rewritten (-D" + UPDATE_PROPERTY
                            + "=true); review it with git diff and run again without the property");
                }
                return;
            }
            if (!Files.exists(file)) {
                fail("golden " + file + " is missing; create it with -D" + UPDATE_PROPERTY + "=true");
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                    "output differs from golden " + name + "; if the change is intended, regenerate with -D"
                            + UPDATE_PROPERTY + "=true (see tests/README.md)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
