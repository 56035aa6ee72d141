package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.checks.BuiltInRules;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An internal error while analysing one file costs that file, not the scan: it is reported as not
 * analysed, with the error as the reason, and every other file is analysed and reported as usual.
 */
class PerFileIsolationTest {
    /** A rule with a defect the JVM reports as an error rather than an exception, on one class only. */
    @RuleInfo(id = "java/test-fragile", title = "Fails on one class (test rule)", cwe = 20, owasp = Owasp.A04,
            concern = Concern.ROBUSTNESS, severity = Severity.LOW, confidence = Confidence.LOW,
            summary = "Throws an InternalError on classes named Fragile.")
    public static final class FragileRule implements Rule {
        @Override
        public void check(RuleContext context) {
            if (context.unit().getClassByName("Fragile").isPresent()) {
                throw new InternalError("inconsistent state in a test rule");
            }
        }
    }

    @TempDir
    Path root;

    @Test
    void aFileWhoseAnalysisFailsIsSkippedWithItsReasonAndTheOthersAreAnalysed() throws IOException {
        InProcessScan.write(root, "src/demo/Fragile.java", """
                package demo;

                class Fragile {
                    String name() {
                        return "fragile";
                    }
                }
                """);
        InProcessScan.write(root, "src/demo/Search.java", """
                package demo;

                class Search {
                    private java.sql.Connection connection;

                    Object find(javax.servlet.http.HttpServletRequest request) throws Exception {
                        return connection.createStatement().executeQuery("SELECT * FROM t WHERE n = '"
                                + request.getParameter("n") + "'");
                    }
                }
                """);
        List<Rule> rules = new ArrayList<>(BuiltInRules.all());
        rules.add(new FragileRule());
        Analyzer analyzer = new Analyzer(rules);

        InProcessScan scan = InProcessScan.run(analyzer, root, "--format", "json", "--fail-on", "none", "src");
        assertEquals(0, scan.exitCode(), scan.stderr());
        JsonObject report = JsonParser.parseString(scan.stdout()).getAsJsonObject();
        assertEquals(1, report.getAsJsonArray("skipped").size(), scan.stdout());
        JsonObject skipped = report.getAsJsonArray("skipped").get(0).getAsJsonObject();
        assertEquals("src/demo/Fragile.java", skipped.get("path").getAsString());
        assertTrue(skipped.get("reason").getAsString().contains("InternalError: inconsistent state in a test rule"),
                skipped.toString());
        assertEquals("java/sql-injection", report.getAsJsonArray("findings").get(0).getAsJsonObject()
                .get("rule").getAsString(), "the other file is analysed");
        assertTrue(scan.stderr().contains(" 1 skipped, "), "the summary counts it:\n" + scan.stderr());

        InProcessScan gated = InProcessScan.run(analyzer, root, "--fail-on", "none", "--fail-on-skipped", "src");
        assertEquals(1, gated.exitCode(), "--fail-on-skipped fails on it:\n" + gated.stderr());
        assertTrue(gated.stderr().contains("seclens: skipped src/demo/Fragile.java: "), gated.stderr());
    }
}
