package dev.seclens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The layers, checked on the compiled classes: a class refers to another through its constant
 * pool, where the other's internal name ({@code dev/seclens/server/cli/ScanCommand}) appears
 * whether it was imported, written out in full or only reached through a method's signature.
 */
class ArchitectureTest {
    private static final String CLI = "dev/seclens/server/cli/";
    private static final String LSP = "dev/seclens/server/lsp/";
    private static final String WORKSPACE = "dev/seclens/server/workspace/";
    private static final String LSP4J = "org/eclipse/lsp4j/";

    @Test
    void theLanguageServerDoesNotUseTheScanCommand() throws IOException {
        Map<String, String> lsp = classes(Main.class, name -> name.startsWith(LSP));
        assertTrue(lsp.size() > 20, "the language server's classes are found: " + lsp.keySet());
        assertTrue(lsp.values().stream().anyMatch(pool -> pool.contains(LSP4J)),
                "the check reads constant pools: the language server refers to LSP4J");
        assertEquals(List.of(), referring(lsp, CLI));
    }

    @Test
    void onlyTheEntryPointStartsTheCommandLineFrontEnd() throws IOException {
        Map<String, String> outside = classes(Main.class, name -> !name.startsWith(CLI));
        assertEquals(List.of("dev/seclens/server/Main.class"), referring(outside, CLI));
    }

    @Test
    void whatBothFrontEndsShareDependsOnNeither() throws IOException {
        Map<String, String> shared = classes(Main.class, name -> name.startsWith(WORKSPACE));
        assertTrue(shared.containsKey(WORKSPACE + "SourceWalker.class"), shared.keySet().toString());
        assertEquals(List.of(), referring(shared, CLI));
        assertEquals(List.of(), referring(shared, LSP));
        assertEquals(List.of(), referring(shared, LSP4J));
    }

    @Test
    void theAnalysisCoreDoesNotKnowTheProtocol() throws IOException {
        Map<String, String> rules = classes(Analyzer.class, name -> name.startsWith("dev/seclens/rules/"));
        assertTrue(rules.containsKey("dev/seclens/rules/Analyzer.class"), "the rules' classes are found");
        assertEquals(List.of(), referring(rules, LSP4J));
    }

    private static List<String> referring(Map<String, String> classes, String prefix) {
        return classes.entrySet().stream().filter(e -> e.getValue().contains(prefix)).map(Map.Entry::getKey).toList();
    }

    /**
     * The class files next to {@code anchor} (its folder of classes, or its jar when the build
     * hands the module over packaged) whose names pass {@code wanted}, each with its bytes read as
     * Latin-1: the constant pool's ASCII names survive that unchanged.
     */
    private static Map<String, String> classes(Class<?> anchor, Predicate<String> wanted) throws IOException {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Map<String, String> found = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = location.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    if (wanted.test(name)) {
                        found.put(name, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                    }
                }
            }
            return found;
        }
        try (ZipFile jar = new ZipFile(location.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && wanted.test(entry.getName())) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        found.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        return found;
    }
}
