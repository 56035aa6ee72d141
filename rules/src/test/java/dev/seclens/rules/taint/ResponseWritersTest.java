package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A write through a helper in another file is reported at the call, naming the writer and the helper's write. */
class ResponseWritersTest {
    private static final String HELPER = """
            package p;
            import java.io.IOException;
            import java.io.Writer;
            final class Html {
                static void paragraph(Writer out, String text) throws IOException {
                    out.write("<p>" + text + "</p>");
                }
            }
            """;
    private static final String SERVLET = """
            package p;
            import java.io.IOException;
            import java.io.PrintWriter;
            import javax.servlet.http.HttpServletRequest;
            import javax.servlet.http.HttpServletResponse;
            class Search {
                void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    PrintWriter out = response.getWriter();
                    String q = request.getParameter("q");
                    Html.paragraph(out, q);
                }
            }
            """;

    @Test
    void theFindingNamesWhereTheWriterCameFromAndTheHelpersWrite() {
        WorkspaceSummaries workspace = new WorkspaceSummaries(TaintEngine.builtIn());
        workspace.addAll(Map.of("src/main/java/p/Html.java", HELPER, "src/main/java/p/Search.java", SERVLET));
        List<Finding> findings = Analyzer.withBuiltInRules().withTaint(TaintEngine.builtIn(), workspace)
                .analyze(new SourceFile("src/main/java/p/Search.java", SERVLET)).findings().stream()
                .filter(f -> f.ruleId().equals("java/xss")).toList();

        assertEquals(1, findings.size(), findings.toString());
        Finding finding = findings.get(0);
        assertEquals(10, finding.range().startLine());
        assertEquals(29, finding.range().startColumn(), "the argument that carries the data: `q`");
        assertEquals("`request.getParameter(\"q\")` (line 9) reaches `Writer.write` in `Html.paragraph` (Html.java:6)"
                + " writing to `response.getWriter()` (line 8)", finding.message().substring(0, finding.message().indexOf(" — ")));
        List<String> steps = finding.related().stream().map(RelatedLocation::message).toList();
        assertTrue(steps.contains("passes through `Html.paragraph` (Html.java:5)"), steps.toString());
        assertTrue(steps.contains("sink: `Writer.write` in `Html.paragraph`"), steps.toString());
    }

    @Test
    void theSameHelperWritingToAStringWriterIsNoFinding() {
        String buffer = SERVLET.replace("PrintWriter out = response.getWriter();",
                "java.io.StringWriter out = new java.io.StringWriter();");
        WorkspaceSummaries workspace = new WorkspaceSummaries(TaintEngine.builtIn());
        workspace.addAll(Map.of("src/main/java/p/Html.java", HELPER, "src/main/java/p/Search.java", buffer));
        List<Finding> findings = Analyzer.withBuiltInRules().withTaint(TaintEngine.builtIn(), workspace)
                .analyze(new SourceFile("src/main/java/p/Search.java", buffer)).findings();
        assertEquals(List.of(), findings.stream().filter(f -> f.ruleId().equals("java/xss")).toList());
    }
}
