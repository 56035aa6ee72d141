package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The review's parts that the golden files do not reach: severities, undocumented rules, unreadable files. */
class ReviewReportTest {
    /** A rule without a documentation resource: the review falls back to its summary and doc link. */
    private static final RuleMetadata UNDOCUMENTED = new RuleMetadata("java/undocumented-example", "Example",
            List.of(1), Owasp.A05, Severity.HIGH, Confidence.HIGH, "Summary of the example.", false, Concern.SECRETS);

    private static Finding finding(Severity severity, int line) {
        return new Finding(UNDOCUMENTED.withSeverity(severity), new SourceRange(line, 1, line, 5), "What went wrong.",
                severity, Confidence.HIGH, List.of(), Optional.empty());
    }

    private static ScanResult result(Finding... findings) {
        return new ScanResult(List.of(new FileOutcome.Scanned("A.java", 3, List.of(findings), List.of())),
                List.of(), Duration.ZERO);
    }

    @Test
    void criticalCountsAsHighAndInformationalFindingsAreNotes() {
        String verdict = ReviewReport.verdict(result(finding(Severity.CRITICAL, 1), finding(Severity.HIGH, 2),
                finding(Severity.LOW, 2), finding(Severity.INFO, 3)));
        assertEquals("3 security defects were found (2 high, 0 medium, 1 low). 1 informational note also listed.",
                verdict);
    }

    @Test
    void onlyNotesIsStillNoDefect() {
        assertEquals("No security defects were detected. 2 informational notes also listed.",
                ReviewReport.verdict(result(finding(Severity.INFO, 1), finding(Severity.INFO, 2))));
    }

    @Test
    void undocumentedRuleAndUnreadableFileStillGiveAReview() {
        String review = new ReviewReport(path -> Optional.empty()).render(result(finding(Severity.CRITICAL, 2)));
        assertTrue(review.contains("## Secrets\n\n1. **Example** in `A.java`, line 2 (critical, `java/undocumented-example`)"),
                review);
        assertTrue(review.contains("   - Why it matters: Summary of the example.\n"), review);
        assertTrue(review.contains("   - Fix: see https://seclens.dev/rules/java/undocumented-example\n"), review);
        assertFalse(review.contains("```"), "no line to quote: " + review);
    }

    @Test
    void quotesTheLineInAFenceLongerThanItsBackticks() {
        String review = new ReviewReport(path -> Optional.of("class A {\n    String s = \"```\";\n}\n"))
                .render(result(finding(Severity.MEDIUM, 2)));
        assertTrue(review.contains("\n     ````java\n     String s = \"```\";\n     ````\n"), review);
    }

    @Test
    void firstParagraphJoinsLinesAndStopsAtABlankLineOrCode() {
        String doc = "# T\n\n## Why is this an issue?\nFirst line\nsecond line.\n\nMore.\n\n## How to fix it\n"
                + "```java\nx();\n```\n";
        assertEquals(Optional.of("First line second line."), ReviewReport.firstParagraph(doc, "## Why is this an issue?"));
        assertEquals(Optional.empty(), ReviewReport.firstParagraph(doc, "## How to fix it"));
        assertEquals(Optional.empty(), ReviewReport.firstParagraph(doc, "## Resources"));
    }
}
