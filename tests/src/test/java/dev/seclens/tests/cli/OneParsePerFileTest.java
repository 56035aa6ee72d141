package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.JavaSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold {@code scan} parses each file once: the files a file calls are analysed before it, and
 * the one analysis gives both its findings and the summaries its callers use. Counted in this JVM
 * by {@link JavaSource#parses()}, so the scans run in process, one at a time.
 */
class OneParsePerFileTest {
    /** A controller → service → repository chain, each in its own file and package, plus a helper none calls. */
    private static final List<String[]> CHAIN = List.of(
            new String[] {"src/web/SearchController.java", """
                    package web;

                    import javax.servlet.http.HttpServletRequest;
                    import service.SearchService;

                    class SearchController {
                        private final SearchService service = new SearchService();

                        Object search(HttpServletRequest request) throws Exception {
                            return service.find(request.getParameter("q"));
                        }
                    }
                    """},
            new String[] {"src/service/SearchService.java", """
                    package service;

                    import data.Repository;

                    public class SearchService {
                        private final Repository repository = new Repository();

                        public Object find(String term) throws Exception {
                            return repository.query("SELECT * FROM items WHERE name = '" + term.trim() + "'");
                        }
                    }
                    """},
            new String[] {"src/data/Repository.java", """
                    package data;

                    public class Repository {
                        private java.sql.Connection connection;

                        public Object query(String sql) throws Exception {
                            return connection.createStatement().executeQuery(sql);
                        }
                    }
                    """},
            new String[] {"src/data/Names.java", """
                    package data;

                    final class Names {
                        static String upper(String s) {
                            return s.toUpperCase(java.util.Locale.ROOT);
                        }
                    }
                    """});

    @TempDir
    Path root;

    @Test
    void aColdScanParsesEachFileOnceAndStillFollowsTheChain() throws Exception {
        for (String[] file : CHAIN) {
            InProcessScan.write(root, file[0], file[1]);
        }
        long before = JavaSource.parses();
        InProcessScan cold = InProcessScan.run(Analyzer.withBuiltInRules(), root, "src");
        long parses = JavaSource.parses() - before;

        assertEquals(1, cold.exitCode(), cold.stderr());
        assertTrue(cold.stdout().startsWith("src/web/SearchController.java:10:29: high java/sql-injection"),
                "the request parameter reaches the repository's query through two other files:\n" + cold.stdout());
        assertEquals(CHAIN.size(), parses, "each of the " + CHAIN.size() + " files parsed once:\n" + cold.stderr());

        before = JavaSource.parses();
        InProcessScan warm = InProcessScan.run(Analyzer.withBuiltInRules(), root, "src");
        assertEquals(0, JavaSource.parses() - before, "nothing parsed with the cache warm:\n" + warm.stderr());
        assertEquals(cold.stdout(), warm.stdout());
    }

    @Test
    void filesThatCallEachOtherSettleAndAreReportedAsIfAnalysedInOrder() throws Exception {
        writeRing(root);
        InProcessScan scan = InProcessScan.run(Analyzer.withBuiltInRules(), root, "src");
        assertEquals(1, scan.exitCode(), scan.stderr());
        assertTrue(scan.stdout().contains("src/ring/Pong.java:9:") && scan.stdout().contains("java/sql-injection"),
                "the request parameter goes round the ring to the sink:\n" + scan.stdout());
    }

    @Test
    void aTestSourceIsParsedOnceWhileTheFilesItUsesSettle(@TempDir Path other) throws Exception {
        writeRing(root);
        long before = JavaSource.parses();
        InProcessScan ring = InProcessScan.run(Analyzer.withBuiltInRules(), root, "src");
        long ringParses = JavaSource.parses() - before;
        assertTrue(ringParses > 3, "the ring's files are analysed again as their summaries settle: " + ringParses);

        writeRing(other);
        InProcessScan.write(other, "src/test/java/ring/PingTest.java", """
                package ring;

                class PingTest {
                    Object both(String s) throws Exception {
                        return new Pong().pong(new Ping().ping(s, 1).toString(), 2);
                    }
                }
                """);
        before = JavaSource.parses();
        InProcessScan withTest = InProcessScan.run(Analyzer.withBuiltInRules(), other, "src");
        assertEquals(ringParses + 1, JavaSource.parses() - before,
                "no rule runs in the test, so nothing it uses changes its outcome:\n" + withTest.stderr());
        assertEquals(ring.stdout(), withTest.stdout());
    }

    private static void writeRing(Path root) throws Exception {
        InProcessScan.write(root, "src/ring/Ping.java", """
                package ring;

                class Ping {
                    Object ping(String s, int n) throws Exception {
                        return n > 0 ? new Pong().pong(s, n - 1) : new Sink().run(s);
                    }
                }
                """);
        InProcessScan.write(root, "src/ring/Pong.java", """
                package ring;

                class Pong {
                    Object pong(String s, int n) throws Exception {
                        return new Ping().ping(s, n);
                    }

                    Object entry(javax.servlet.http.HttpServletRequest request) throws Exception {
                        return pong(request.getParameter("q"), 3);
                    }
                }
                """);
        InProcessScan.write(root, "src/ring/Sink.java", """
                package ring;

                class Sink {
                    private java.sql.Connection connection;

                    Object run(String sql) throws Exception {
                        return connection.createStatement().executeQuery(sql);
                    }
                }
                """);
    }
}
