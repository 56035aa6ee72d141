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
import dev.seclens.server.RuleDocs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BulletList;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.parser.Parser;
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
    void criticalIsCountedApartAndInformationalFindingsAreNotes() {
        String verdict = ReviewReport.verdict(List.of(finding(Severity.CRITICAL, 1), finding(Severity.HIGH, 2),
                finding(Severity.LOW, 2), finding(Severity.INFO, 3)));
        assertEquals("3 security defects were found (1 critical, 1 high, 0 medium, 1 low). 1 informational note"
                + " also listed.", verdict);
    }

    @Test
    void onlyNotesIsStillNoDefect() {
        assertEquals("No security defects were detected. 2 informational notes also listed.",
                ReviewReport.verdict(List.of(finding(Severity.INFO, 1), finding(Severity.INFO, 2))));
    }

    @Test
    void undocumentedRuleAndUnreadableFileStillGiveAReview() {
        String review = new ReviewReport(path -> Optional.empty()).render(result(finding(Severity.CRITICAL, 2)));
        assertTrue(review.contains("## Critical\n\n1. **Example** in `A.java`, line 2 (critical, secrets, `java/undocumented-example`)"),
                review);
        assertTrue(review.contains("   - Why it matters: Summary of the example.\n"), review);
        assertTrue(review.contains("   - Fix: see the rule's documentation (`seclens.showRuleDoc java/undocumented-example`"
                + " in an editor).\n"), review);
        assertFalse(review.contains("```"), "no line to quote: " + review);
    }

    @Test
    void quotesTheLineInAFenceLongerThanItsBackticks() {
        String review = new ReviewReport(path -> Optional.of("class A {\n    int s; // ``` fenced\n}\n"))
                .render(result(finding(Severity.MEDIUM, 2)));
        assertTrue(review.contains("\n     ````java\n     int s; // ``` fenced\n     ````\n"), review);
    }

    @Test
    void aQuotedLineOfASecretsFindingHasItsLiteralsMasked() {
        String review = new ReviewReport(path -> Optional.of("class A {\n    String password = \"Sup3rS3cretPassw0rd\";\n}\n"))
                .render(result(finding(Severity.HIGH, 2)));
        assertTrue(review.contains("\n     String password = \"Sup3r\u2026\";\n"), review);
        assertFalse(review.contains("S3cret"), review);
    }

    @Test
    void fileNamesCannotEndTheirCodeSpanOrStartALine() {
        assertEquals("``a`b.java``", ReviewReport.code("a`b.java"));
        assertEquals("`` `x` ``", ReviewReport.code("`x`"));
        assertEquals("`A.java\\n## Verdict\\nNo security defects were detected.java`",
                ReviewReport.code("A.java\n## Verdict\nNo security defects were detected.java"));
    }

    @Test
    void firstParagraphJoinsLinesAndStopsAtABlankLineOrCode() {
        String doc = "# T\n\n## Why is this an issue?\nFirst line\nsecond line.\n\nMore.\n\n## How to fix it\n"
                + "```java\nx();\n```\n";
        assertEquals(Optional.of("First line second line."), RuleDocs.firstParagraph(doc, "## Why is this an issue?"));
        assertEquals(Optional.empty(), RuleDocs.firstParagraph(doc, "## How to fix it"));
        assertEquals(Optional.empty(), RuleDocs.firstParagraph(doc, "## Resources"));
        assertEquals(List.of("First line second line.", "More."), RuleDocs.paragraphs(doc, "## Why is this an issue?"));
    }

    private static final RuleMetadata WEAK_CIPHER = new RuleMetadata("java/weak-cipher", "Weak cipher", List.of(327),
            Owasp.A02, Severity.HIGH, Confidence.HIGH, "Weak cipher.", false, Concern.CRYPTOGRAPHY);

    private static Finding at(RuleMetadata rule, Severity severity, int line, String message) {
        return new Finding(rule.withSeverity(severity), new SourceRange(line, 1, line, 5), message, severity,
                Confidence.HIGH, List.of(), Optional.empty());
    }

    private static String source(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            text.append("line").append(i).append("();\n");
        }
        return text.toString();
    }

    /** The top-level ordered lists' items, in document order. */
    private static List<ListItem> items(Node document) {
        List<ListItem> items = new java.util.ArrayList<>();
        for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof OrderedList list) {
                for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                    items.add((ListItem) item);
                }
            }
        }
        return items;
    }

    private static <T extends Node> List<T> all(Node node, Class<T> type) {
        List<T> found = new java.util.ArrayList<>();
        node.accept(new AbstractVisitor() {
            @Override
            protected void visitChildren(Node parent) {
                if (type.isInstance(parent)) {
                    found.add(type.cast(parent));
                }
                super.visitChildren(parent);
            }
        });
        return found;
    }

    @Test
    void anyNumberOfFindingsIsValidCommonMarkWithTheRightFences() {
        List<Finding> java = new java.util.ArrayList<>();
        for (int line = 1; line <= 11; line++) {
            java.add(finding(Severity.MEDIUM, line));
        }
        ScanResult result = new ScanResult(List.of(
                new FileOutcome.Scanned("src/A.java", 11, java, List.of()),
                new FileOutcome.Scanned("pom.xml", 3, List.of(finding(Severity.LOW, 2)), List.of()),
                new FileOutcome.Scanned("build.gradle", 3, List.of(finding(Severity.LOW, 3)), List.of())),
                List.of(), Duration.ZERO);
        String review = new ReviewReport(path -> Optional.of(source(11))).render(result);
        Node document = Parser.builder().build().parse(review);
        List<ListItem> items = items(document);
        assertEquals(13, items.size(), review);
        for (ListItem item : items) {
            List<BulletList> details = all(item, BulletList.class);
            assertEquals(1, details.size(), "one nested list per finding: " + review);
            int parts = 0;
            for (Node n = details.get(0).getFirstChild(); n != null; n = n.getNext()) {
                parts++;
            }
            assertEquals(3, parts, "what, why, fix in every item, the 10th and later too: " + review);
            assertEquals(1, all(item, FencedCodeBlock.class).size(), "the quoted line inside its item: " + review);
        }
        List<String> languages = items.stream().map(i -> all(i, FencedCodeBlock.class).get(0).getInfo()).toList();
        assertEquals(List.of("java", "groovy", "xml"), List.of(languages.get(0), languages.get(11), languages.get(12)),
                review);
        assertTrue(review.contains("\n10. **Example**") && review.contains("\n    - What is wrong:"), review);
    }

    @Test
    void criticalFirstDuplicatesMergedAndEachReasonGivenOnce() {
        ScanResult result = new ScanResult(List.of(
                new FileOutcome.Scanned("A.java", 5, List.of(finding(Severity.LOW, 1), finding(Severity.LOW, 1),
                        finding(Severity.LOW, 3)), List.of()),
                new FileOutcome.Scanned("pom.xml", 5, List.of(finding(Severity.CRITICAL, 4)), List.of())),
                List.of(), Duration.ZERO);
        String review = new ReviewReport(path -> Optional.empty()).render(result);
        assertTrue(review.contains("1. **Example** in `pom.xml`, line 4 (critical"), review);
        assertTrue(review.contains("2. **Example** in `A.java`, line 1 (low, secrets, `java/undocumented-example`), 2 times on this line"),
                review);
        assertTrue(review.contains("3. **Example** in `A.java`, line 3"), review);
        assertEquals(1, review.split("Why it matters: Summary of the example.", -1).length - 1, review);
        assertTrue(review.contains("Why it matters: as for finding 1."), review);
        assertTrue(review.endsWith("3 security defects were found (1 critical, 0 high, 0 medium, 2 low).\n"), review);
    }

    @Test
    void theReasonIsTheParagraphAboutWhatTheFindingNames() {
        ScanResult result = new ScanResult(List.of(new FileOutcome.Scanned("A.java", 5, List.of(
                at(WEAK_CIPHER, Severity.HIGH, 1, "Cipher.getInstance(\"AES/ECB/PKCS5Padding\") uses ECB mode."),
                at(WEAK_CIPHER, Severity.HIGH, 2, "Cipher.getInstance(\"DES\") uses DES.")), List.of())),
                List.of(), Duration.ZERO);
        String review = new ReviewReport(path -> Optional.empty()).render(result);
        String[] items = review.split("\n2\\. ");
        assertTrue(items[0].contains("Why it matters: ECB encrypts each block on its own"), review);
        assertTrue(items[1].contains("Why it matters: DES has a 56-bit key"), review);
    }
}
