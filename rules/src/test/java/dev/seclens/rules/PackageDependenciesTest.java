package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering inside the analysis core, read from the sources' imports: the taint engine depends on
 * no rule's code (a rule names its fix as data), and the rule context knows no engine by type. (That
 * the core never uses LSP4J is the server's {@code ArchitectureTest}, on the compiled classes.)
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/seclens/rules");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void theTaintEngineImportsNoRule() throws IOException {
        assertEquals(List.of(), importing(SOURCES.resolve("taint"), "dev.seclens.rules.checks"));
    }

    @Test
    void theRuleContextOffersServicesWithoutNamingTheirTypes() throws IOException {
        assertEquals(List.of(), importing(SOURCES.resolve("RuleContext.java"), "dev.seclens.rules.taint"));
    }

    /** The sanity check that makes the others mean something: the scan sees the imports that are there. */
    @Test
    void theScanFindsImportsThatExist() throws IOException {
        assertTrue(importing(SOURCES.resolve("taint"), "com.github.javaparser").size() > 10);
    }

    private static List<String> importing(Path root, String prefix) throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (m.group(1).startsWith(prefix)) {
                        offenders.add(root.relativize(file) + " imports " + m.group(1));
                    }
                }
            }
        }
        return offenders;
    }
}
