package dev.seclens.tests.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.Analyzer;
import dev.seclens.tests.cli.SeclensJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One model everywhere: over a tree with every suppression form and an ignore file, the editor
 * publishes exactly the findings that {@code seclens scan} reports.
 */
class EditorScanAgreementTest {
    private static final Path SOURCE = SeclensJar.repositoryRoot().resolve("tests/src/test/resources/cli/suppressed-tree");

    /** A copy, since in the repository the tree is under src/test/, where the editor sees test code. */
    @TempDir
    Path tree;

    @Test
    void editorAndScanReportTheSameFindings() throws Exception {
        try (Stream<Path> walk = Files.walk(SOURCE)) {
            for (Path p : walk.toList()) {
                Path copy = tree.resolve(SOURCE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
        }
        Path root = tree;
        Set<String> scanned = new TreeSet<>();
        JsonObject report = JsonParser.parseString(SeclensJar.scan(root, "--format", "json", ".").stdout())
                .getAsJsonObject();
        for (JsonElement f : report.getAsJsonArray("findings")) {
            JsonObject o = f.getAsJsonObject();
            scanned.add(o.get("path").getAsString() + ":" + o.getAsJsonObject("range").get("startLine").getAsInt()
                    + " " + o.get("rule").getAsString());
        }
        assertTrue(report.getAsJsonArray("suppressed").size() > 0, "the tree exercises suppressions");

        Set<String> published = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root.resolve("src"))) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.initialize();
            for (Path file : files) {
                String uri = file.toUri().toString();
                lsp.open(uri, 1, Files.readString(file));
                PublishDiagnosticsParams params = lsp.awaitVersion(uri, 1);
                for (Diagnostic d : params.getDiagnostics()) {
                    published.add(root.relativize(file).toString().replace('\\', '/') + ":"
                            + (d.getRange().getStart().getLine() + 1) + " " + d.getCode().getLeft());
                }
            }
        }
        assertEquals(1, scanned.size(), scanned.toString());
        assertEquals(scanned, published);
    }
}
