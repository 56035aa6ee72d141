package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Rule;
import dev.seclens.server.workspace.ScanTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure in the scan's own work on one file (here the cache key of its ignore files, which
 * reads the file system) costs that file only: it is reported as not analysed, with the error as
 * the reason, and the other files are analysed, their flows through each other included.
 */
class OnePassScanIsolationTest {
    @TempDir
    Path root;

    @Test
    void aFileWhoseScanFailsIsSkippedAndTheOthersAreAnalysed() throws Exception {
        write("src/demo/Broken.java", "package demo;\n\nclass Broken {\n}\n");
        write("src/demo/Search.java", """
                package demo;

                class Search {
                    Object find(javax.servlet.http.HttpServletRequest request) throws Exception {
                        return new Repository().query(request.getParameter("n"));
                    }
                }
                """);
        write("src/demo/Repository.java", """
                package demo;

                class Repository {
                    private java.sql.Connection connection;

                    Object query(String name) throws Exception {
                        return connection.createStatement().executeQuery("SELECT * FROM t WHERE n = '" + name + "'");
                    }
                }
                """);
        List<ScanTarget> targets = List.of("src/demo/Broken.java", "src/demo/Search.java", "src/demo/Repository.java")
                .stream().map(p -> new ScanTarget(p, root.resolve(p))).toList();
        Analyzer analyzer = Analyzer.withBuiltInRules();
        ScanCache cache = new ScanCache(root.resolve("user-cache"), root, "run", ScanCache.DEFAULT_MAX_BYTES,
                new CachedOutcomes(analyzer.rules().stream().map(Rule::metadata).toList()));
        OnePassScan scan = new OnePassScan(analyzer, 2, SizeLimit.of(java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty()), false, Optional.of(new OnePassScan.Caching(cache, target -> {
                    if (target.path().endsWith("Broken.java")) {
                        throw new UncheckedIOException(new IOException("Input/output error"));
                    }
                    return "none";
                })));
        Map<String, FileOutcome> outcomes = new ConcurrentHashMap<>();
        try (ScanProgress progress = ScanProgress.start(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), false, targets.size(), 3600)) {
            scan.scan(targets, targets, progress, outcome -> outcomes.put(outcome.path(), outcome));
        }

        assertEquals(3, outcomes.size(), new TreeMap<>(outcomes).toString());
        FileOutcome.Skipped broken = assertInstanceOf(FileOutcome.Skipped.class, outcomes.get("src/demo/Broken.java"));
        assertEquals("analysis failed: UncheckedIOException: java.io.IOException: Input/output error", broken.reason());
        FileOutcome.Scanned search = assertInstanceOf(FileOutcome.Scanned.class, outcomes.get("src/demo/Search.java"));
        assertEquals(List.of("java/sql-injection"), search.findings().stream().map(f -> f.ruleId()).toList(),
                "the flow through the repository is still followed");
        assertTrue(outcomes.get("src/demo/Repository.java") instanceof FileOutcome.Scanned);
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
