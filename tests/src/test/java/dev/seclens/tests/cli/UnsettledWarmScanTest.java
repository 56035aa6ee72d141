package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.JavaSource;
import dev.seclens.rules.taint.WorkspaceSummaries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ring of classes whose summaries need more rounds than {@link WorkspaceSummaries#MAX_ROUNDS}:
 * each link passes its argument to the one before, and only the first reaches a sink, so one more
 * link learns of the sink each round. The cold scan stops settling, warns, and keeps what it
 * reported; a warm scan of the unchanged tree must report exactly that, with the same warning,
 * taking every file from the cache instead of settling on from where the cold scan stopped.
 */
class UnsettledWarmScanTest {
    private static final int LINKS = 2 * WorkspaceSummaries.MAX_ROUNDS + 2;

    @TempDir
    Path root;

    @Test
    void aWarmScanOfATreeThatDidNotSettleReportsWhatTheColdScanReported() throws IOException {
        writeRing();

        InProcessScan cold = InProcessScan.run(Analyzer.withBuiltInRules(), root, "src");
        assertEquals(1, cold.exitCode(), cold.stderr());
        assertTrue(cold.stderr().contains("did not settle in " + WorkspaceSummaries.MAX_ROUNDS + " rounds"),
                "the ring is longer than the rounds:\n" + cold.stderr());
        long reported = cold.stdout().lines().count();
        assertTrue(reported > 1 && reported < LINKS, "some links but not all were reached:\n" + cold.stdout());

        long before = JavaSource.parses();
        InProcessScan warm = InProcessScan.run(Analyzer.withBuiltInRules(), root, "src");
        assertEquals(0, JavaSource.parses() - before, "nothing parsed with the cache warm:\n" + warm.stderr());
        assertEquals(cold.stdout(), warm.stdout(), "the same findings as the cold scan");
        assertEquals(LINKS + 1, fromTheCache(warm.stderr()), "every file from the cache:\n" + warm.stderr());
        assertEquals(settleWarning(cold.stderr()), settleWarning(warm.stderr()), "the same limit, said again");

        InProcessScan again = InProcessScan.run(Analyzer.withBuiltInRules(), root, "src");
        assertEquals(cold.stdout(), again.stdout(), "a warm scan leaves the cache as the cold one left it");
        assertEquals(LINKS + 1, fromTheCache(again.stderr()), again.stderr());
    }

    private void writeRing() throws IOException {
        for (int i = 0; i < LINKS; i++) {
            String previous = "Link" + ((i + LINKS - 1) % LINKS);
            String pass = i == 0
                    ? "if (n <= 0) {\n            return new Sink().run(s);\n        }\n        return new " + previous + "().pass(s, n - 1);"
                    : "return new " + previous + "().pass(s, n - 1);";
            InProcessScan.write(root, "src/ring/Link" + i + ".java", """
                    package ring;

                    class Link%d {
                        Object pass(String s, int n) throws Exception {
                            %s
                        }

                        Object entry(javax.servlet.http.HttpServletRequest request) throws Exception {
                            return pass(request.getParameter("q"), 3);
                        }
                    }
                    """.formatted(i, pass));
        }
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

    private static int fromTheCache(String stderr) {
        Matcher m = Pattern.compile(", (\\d+) from the cache").matcher(stderr);
        assertTrue(m.find(), "the summary says how many files came from the cache:\n" + stderr);
        return Integer.parseInt(m.group(1));
    }

    private static String settleWarning(String stderr) {
        return stderr.lines().filter(l -> l.contains("did not settle")).findFirst().orElse("(no warning)");
    }
}
