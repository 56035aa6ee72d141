package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.SyntaxProblem;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

class DiagnosticsMapperTest {
    private static final String URI = "file:///p/A.java";
    private static final RuleMetadata RULE = new RuleMetadata("java/weak-hash", "Weak hash", List.of(328),
            Owasp.A02, Severity.MEDIUM, Confidence.HIGH, "Weak hash.", false, Concern.CRYPTOGRAPHY);

    @Test
    void convertsOneBasedEndExclusiveRangesToZeroBasedOnes() {
        assertEquals(new Range(new Position(0, 0), new Position(0, 1)),
                DiagnosticsMapper.range(new SourceRange(1, 1, 1, 2)));
        assertEquals(new Range(new Position(3, 4), new Position(5, 0)),
                DiagnosticsMapper.range(new SourceRange(4, 5, 6, 1)));
        assertEquals(new Range(new Position(0, 0), new Position(0, 0)),
                DiagnosticsMapper.range(SourceRange.point(1, 1)));
    }

    @Test
    void mapsSeverities() {
        assertEquals(DiagnosticSeverity.Error, DiagnosticsMapper.severity(Severity.CRITICAL));
        assertEquals(DiagnosticSeverity.Error, DiagnosticsMapper.severity(Severity.HIGH));
        assertEquals(DiagnosticSeverity.Warning, DiagnosticsMapper.severity(Severity.MEDIUM));
        assertEquals(DiagnosticSeverity.Information, DiagnosticsMapper.severity(Severity.LOW));
        assertEquals(DiagnosticSeverity.Hint, DiagnosticsMapper.severity(Severity.INFO));
    }

    @Test
    void aFindingBecomesADiagnosticWithCodeLinkSourceAndRelatedPlaces() {
        Finding finding = new Finding(RULE, new SourceRange(3, 9, 3, 40), "MessageDigest.getInstance(\"MD5\") ...",
                Severity.HIGH, Confidence.HIGH,
                List.of(new RelatedLocation(new SourceRange(2, 5, 2, 10), "algorithm defined here")), Optional.empty());
        Diagnostic d = DiagnosticsMapper.finding(URI, finding);
        assertEquals(new Range(new Position(2, 8), new Position(2, 39)), d.getRange());
        assertEquals("java/weak-hash", d.getCode().getLeft());
        assertEquals("https://seclens.dev/rules/java/weak-hash", d.getCodeDescription().getHref());
        assertEquals("seclens", d.getSource());
        assertEquals(DiagnosticSeverity.Error, d.getSeverity(), "the finding's severity, not the rule's default");
        assertEquals("MessageDigest.getInstance(\"MD5\") ...", d.getMessage().getLeft());
        assertEquals(1, d.getRelatedInformation().size());
        assertEquals(URI, d.getRelatedInformation().get(0).getLocation().getUri());
        assertEquals(new Range(new Position(1, 4), new Position(1, 9)),
                d.getRelatedInformation().get(0).getLocation().getRange());
        assertEquals("algorithm defined here", d.getRelatedInformation().get(0).getMessage());
    }

    @Test
    void syntaxProblemsComeFirstAndSayThatSecLensSkippedThatPart() {
        Finding finding = new Finding(RULE, new SourceRange(1, 1, 1, 2), "m", Severity.LOW, Confidence.HIGH,
                List.of(), Optional.empty());
        Analysis analysis = new Analysis(new SourceFile("A.java", ""), Optional.empty(), List.of(finding),
                List.of(new SyntaxProblem("Parse error. Found \";\"",
                        new SourceRange(3, 11, 3, 12))), List.of(), false);
        List<Diagnostic> diagnostics = DiagnosticsMapper.diagnostics(URI, analysis);
        assertEquals(2, diagnostics.size());
        Diagnostic syntax = diagnostics.get(0);
        assertEquals("java/syntax-error", syntax.getCode().getLeft());
        assertEquals(DiagnosticSeverity.Warning, syntax.getSeverity());
        assertEquals("seclens", syntax.getSource());
        assertTrue(syntax.getMessage().getLeft().startsWith("SecLens could not parse this part"), syntax.getMessage().getLeft());
        assertTrue(syntax.getMessage().getLeft().endsWith("Parse error. Found \";\""), syntax.getMessage().getLeft());
        assertNull(syntax.getCodeDescription());
        assertEquals("java/weak-hash", diagnostics.get(1).getCode().getLeft());
        assertNull(diagnostics.get(1).getRelatedInformation());
    }
}
