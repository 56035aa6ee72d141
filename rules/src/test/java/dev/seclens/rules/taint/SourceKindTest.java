package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A source's {@code kind}: its data reaches only that kind's sinks, and those sinks report only
 * such data, whichever file declared the kind's source first.
 */
class SourceKindTest {
    private static final String OWN = "{\"method\": \"com.acme.Bundle#entryName()\", \"label\": \"bundle entry\", \"kind\": \"archive\"}";
    private static final String PLAIN = "{\"method\": \"com.acme.Inbox#next()\", \"label\": \"inbox\"}";

    private static TaintSpecs.Source source(TaintSpecs specs, String label) {
        return specs.sources().stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
    }

    @Test
    void aSourceOfAKindIsSafeForEveryOtherKind() throws SpecException {
        TaintSpecs specs = new SpecLoader(Set.of("sql", "path", "archive")).load("team.json",
                "{\"sources\": [" + OWN + "]}").specs();
        assertEquals(Set.of("sql", "path"), source(specs, "bundle entry").safeFor());
    }

    @Test
    void sourcesWithoutAKindAreSafeForTheKindsSourcesOwnEvenWhenDeclaredEarlier() throws SpecException {
        TaintSpecs specs = new SpecLoader(Set.of("sql", "path", "archive"))
                .load("first.json", "{\"sources\": [" + PLAIN + "]}")
                .load("second.json", "{\"sources\": [" + OWN + "]}").specs();
        assertEquals(Set.of("archive"), source(specs, "inbox").safeFor());
    }

    @Test
    void withoutOwnedKindsSourcesAreUnchanged() throws SpecException {
        TaintSpecs specs = new SpecLoader(Set.of("sql", "archive")).load("team.json", "{\"sources\": [" + PLAIN + "]}").specs();
        assertEquals(Set.of(), source(specs, "inbox").safeFor());
    }

    @Test
    void anUnknownKindAndAKindWithSafeForAreErrors() {
        SpecException unknown = assertThrows(SpecException.class, () -> new SpecLoader(Set.of("sql")).load("team.json",
                "{\"sources\": [" + OWN + "]}"));
        assertTrue(unknown.getMessage().contains("unknown taint kind \"archive\""), unknown.getMessage());
        SpecException both = assertThrows(SpecException.class, () -> new SpecLoader(Set.of("sql", "archive")).load("team.json",
                "{\"sources\": [{\"method\": \"com.acme.Bundle#entryName()\", \"label\": \"e\", \"kind\": \"archive\","
                        + " \"safeFor\": [\"sql\"]}]}"));
        assertTrue(both.getMessage().contains("a kind or safeFor, not both"), both.getMessage());
    }

    @Test
    void anEntryNameIsZipSlipAtAWriteAndARequestParameterIsPathTraversal() throws SpecException {
        String java = """
                import java.io.FileOutputStream;
                import java.sql.Statement;
                import java.util.zip.ZipEntry;
                import javax.servlet.http.HttpServletRequest;

                class Both {
                    void run(ZipEntry entry, HttpServletRequest request, Statement st) throws Exception {
                        new FileOutputStream("/srv/" + entry.getName()).close();
                        new FileOutputStream("/srv/" + request.getParameter("f")).close();
                        st.execute(entry.getName());
                    }
                }
                """;
        List<String> findings = Analyzer.withBuiltInRules().withTaint(TaintEngine.withSpecFiles(Map.of()), () -> SummaryTable.EMPTY)
                .analyze(new SourceFile("src/main/java/Both.java", java)).findings().stream()
                .map(f -> f.range().startLine() + " " + f.ruleId()).sorted().toList();
        assertEquals(List.of("8 java/zip-slip", "9 java/path-traversal"), findings);
    }
}
