package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data through a static call of a library no specification names is reported one confidence level lower. */
class ExternalStaticCallTest {
    @Test
    void aResultComputedByAnUnknownLibraryIsLessCertain() {
        String java = """
                import javax.servlet.http.HttpServletRequest;
                class Report {
                    void run(HttpServletRequest request, java.sql.Statement st) throws Exception {
                        String name = request.getParameter("name");
                        st.execute("select * from t where n = '" + name + "'");
                        st.execute("select * from t where n = '" + com.acme.Texts.trimmed(name) + "'");
                    }
                }
                """;
        List<Finding> findings = Analyzer.withBuiltInRules().analyze(new SourceFile("src/main/java/Report.java", java))
                .findings().stream().filter(f -> f.ruleId().equals("java/sql-injection")).toList();
        assertEquals(List.of(5, 6), findings.stream().map(f -> f.range().startLine()).toList());
        assertEquals(List.of(Confidence.HIGH, Confidence.MEDIUM), findings.stream().map(Finding::confidence).toList());
    }
}
