package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.JavaSource;
import dev.seclens.rules.Rule;
import dev.seclens.server.workspace.ScanTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a warm scan reads of the cache: when nothing a file's summaries depend on changed, each
 * file's findings come back without any summary being decoded (a tree as large as the JDK's holds
 * hundreds of megabytes of them); when a file must be analysed, it still sees the summaries of the
 * files it calls that did not change, and the files that call a changed file are analysed again.
 */
class OnePassScanCacheTest {
    private static final String SEARCH = """
            package demo;

            class Search {
                Object find(javax.servlet.http.HttpServletRequest request) throws Exception {
                    return new Repository().query(request.getParameter("n"));
                }
            }
            """;
    private static final String REPOSITORY = """
            package demo;

            class Repository {
                private java.sql.Connection connection;

                Object query(String name) throws Exception {
                    return connection.createStatement().executeQuery("SELECT * FROM t WHERE n = '" + name + "'");
                }
            }
            """;

    @TempDir
    Path root;

    private final Analyzer analyzer = Analyzer.withBuiltInRules();
    private List<ScanTarget> targets;

    @BeforeEach
    void coldScan() throws Exception {
        targets = List.of("src/demo/Search.java", "src/demo/Repository.java").stream()
                .map(p -> new ScanTarget(p, root.resolve(p))).toList();
        write("src/demo/Search.java", SEARCH);
        write("src/demo/Repository.java", REPOSITORY);
        Scan cold = scan();
        assertEquals(0, cold.cache.hits());
        assertEquals(Map.of("src/demo/Search.java", List.of("java/sql-injection"), "src/demo/Repository.java", List.of()),
                cold.rules(), "the flow through the repository");
    }

    @Test
    void aFullyWarmScanDecodesNoSummary() throws Exception {
        long parses = JavaSource.parses();
        Scan warm = scan();
        assertEquals(0, warm.cache.summariesRead(), "no summary read to be decoded");
        assertEquals(0, JavaSource.parses() - parses, "nothing parsed");
        assertEquals(2, warm.cache.hits(), "both files from the cache");
        assertEquals(Map.of("src/demo/Search.java", List.of("java/sql-injection"), "src/demo/Repository.java", List.of()),
                warm.rules());
    }

    @Test
    void anEditedCallerStillSeesTheSummaryOfTheUnchangedFileItCalls() throws Exception {
        write("src/demo/Search.java", SEARCH.replace("Object find(", "Object lookUp("));
        Scan warm = scan();
        assertEquals(1, warm.cache.hits(), "the repository's findings from the cache");
        assertTrue(warm.cache.summariesRead() >= 1, "the repository's summaries decoded for the search's analysis");
        assertEquals(Map.of("src/demo/Search.java", List.of("java/sql-injection"), "src/demo/Repository.java", List.of()),
                warm.rules(), "the flow into the unchanged repository still followed");
    }

    @Test
    void theCallersOfAnEditedFileAreAnalysedAgain() throws Exception {
        write("src/demo/Repository.java", REPOSITORY.replace("\"SELECT * FROM t WHERE n = '\" + name + \"'\"",
                "\"SELECT * FROM t\""));
        Scan warm = scan();
        assertEquals(0, warm.cache.hits(), "the search depends on the repository's summary, which changed");
        assertEquals(Map.of("src/demo/Search.java", List.of(), "src/demo/Repository.java", List.of()), warm.rules(),
                "the flow is gone with the repository's query");
    }

    @Test
    void aCommentAboveACalleeLeavesInTheCacheTheCallersWhoseResultsDoNotShowItsLines() throws Exception {
        String audit = """
                package demo;

                class Audit {
                    Object all() throws Exception {
                        return new Repository().query("*");
                    }
                }
                """;
        write("src/demo/Audit.java", audit);
        targets = List.of("src/demo/Search.java", "src/demo/Repository.java", "src/demo/Audit.java").stream()
                .map(p -> new ScanTarget(p, root.resolve(p))).toList();
        scan();

        // every line of the repository moves down one: its facts stay, its lines do not
        write("src/demo/Repository.java", "// the repository\n" + REPOSITORY);
        Scan warm = scan();
        assertEquals(1, warm.cache.hits(), "the audit's results show nothing of the repository: from the cache");
        int sinkLine = REPOSITORY.lines().toList().indexOf(REPOSITORY.lines()
                .filter(l -> l.contains("executeQuery")).findFirst().orElseThrow()) + 2;
        assertEquals(List.of(sinkLine), sinkLines(warm, "src/demo/Search.java"),
                "the search's finding, which runs through the repository, analysed again: the sink one line down");
        assertEquals(scan(root.resolve("cold-cache")).findings(), warm.findings(), "as a cold scan of the same files");
    }

    /** The lines, in the repository, of the steps of the findings of {@code path}. */
    private static List<Integer> sinkLines(Scan scan, String path) {
        return ((FileOutcome.Scanned) scan.outcomes().get(path)).findings().stream()
                .flatMap(f -> f.related().stream())
                .filter(r -> r.file().equals("src/demo/Repository.java") && r.message().contains("executeQuery"))
                .map(r -> r.range().startLine()).distinct().toList();
    }

    @Test
    void withoutItsManifestAWarmScanRestoresTheSummariesAndTakesTheSameFindings() throws Exception {
        Scan first = scan();
        Files.delete(first.cache.directory().resolve(ScanCache.MANIFEST));
        Scan warm = scan();
        assertEquals(2, warm.cache.summariesRead(), "each file's summaries restored");
        assertEquals(2, warm.cache.hits());
        assertEquals(first.rules(), warm.rules());
        assertEquals(0, scan().cache.summariesRead(), "the manifest written again");
    }

    /** One scan of the files, with a cache of its own over the same folder, as a new process has. */
    private Scan scan() throws Exception {
        return scan(root.resolve("user-cache"));
    }

    private Scan scan(Path cacheFolder) throws Exception {
        ScanCache cache = new ScanCache(cacheFolder, root, "run", ScanCache.DEFAULT_MAX_BYTES,
                new CachedOutcomes(analyzer.rules().stream().map(Rule::metadata).toList()));
        OnePassScan scan = new OnePassScan(analyzer, 2, SizeLimit.of(java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty()), false, Optional.of(new OnePassScan.Caching(cache, target -> "none")));
        Map<String, FileOutcome> outcomes = new ConcurrentHashMap<>();
        try (ScanProgress progress = ScanProgress.start(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), false, targets.size(), 3600)) {
            scan.scan(targets, targets, progress, outcome -> outcomes.put(outcome.path(), outcome));
        }
        return new Scan(cache, outcomes);
    }

    private record Scan(ScanCache cache, Map<String, FileOutcome> outcomes) {
        /** Each file's findings, in order. */
        Map<String, List<Finding>> findings() {
            Map<String, List<Finding>> out = new TreeMap<>();
            outcomes.forEach((path, outcome) -> out.put(path, ((FileOutcome.Scanned) outcome).findings()));
            return out;
        }

        /** Each file's findings' rule ids, in order. */
        Map<String, List<String>> rules() {
            Map<String, List<String>> out = new TreeMap<>();
            outcomes.forEach((path, outcome) -> out.put(path,
                    ((FileOutcome.Scanned) outcome).findings().stream().map(Finding::ruleId).toList()));
            return out;
        }
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
