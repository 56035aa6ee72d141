package dev.seclens.server.lsp;

import dev.seclens.rules.TextLines;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Findings of a document's last version that parsed, carried over while a syntax error keeps the
 * parser from analysing the current one: each finding moves with its lines (the lines the edits
 * since then left alone, found by comparing the two texts from both ends), a finding on an edited
 * line is dropped, and each kept one says it is stale.
 */
final class StaleFindings {
    /** The text of the last version that parsed and the diagnostics of its findings. */
    record LastGood(String text, List<Diagnostic> findings) {
        LastGood {
            findings = List.copyOf(findings);
        }
    }

    private StaleFindings() {
    }

    static List<Diagnostic> carriedOver(LastGood good, String now, int syntaxErrorLine) {
        TextLines before = TextLines.of(good.text());
        TextLines after = TextLines.of(now);
        int oldCount = before.count();
        int newCount = after.count();
        int prefix = 0;
        while (prefix < oldCount && prefix < newCount && before.line(prefix + 1).equals(after.line(prefix + 1))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < oldCount - prefix && suffix < newCount - prefix
                && before.line(oldCount - suffix).equals(after.line(newCount - suffix))) {
            suffix++;
        }
        int shift = newCount - oldCount;
        List<Diagnostic> kept = new ArrayList<>();
        for (Diagnostic finding : good.findings()) {
            int start = finding.getRange().getStart().getLine(); // 0-based
            int end = finding.getRange().getEnd().getLine();
            int delta;
            if (end < prefix) {
                delta = 0;
            } else if (start >= oldCount - suffix) {
                delta = shift;
            } else {
                continue; // on a line edited since: its text is not what the finding was about
            }
            kept.add(stale(finding, delta, syntaxErrorLine));
        }
        return kept;
    }

    private static Diagnostic stale(Diagnostic finding, int delta, int syntaxErrorLine) {
        Range range = finding.getRange();
        Diagnostic copy = new Diagnostic(new Range(
                new Position(range.getStart().getLine() + delta, range.getStart().getCharacter()),
                new Position(range.getEnd().getLine() + delta, range.getEnd().getCharacter())),
                finding.getMessage().getLeft() + " (stale: not re-checked until the syntax error on line "
                        + syntaxErrorLine + " is fixed)",
                finding.getSeverity(), finding.getSource(), finding.getCode().getLeft());
        copy.setCodeDescription(finding.getCodeDescription());
        copy.setRelatedInformation(finding.getRelatedInformation());
        copy.setData(finding.getData());
        return copy;
    }
}
