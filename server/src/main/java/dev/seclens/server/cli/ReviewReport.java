package dev.seclens.server.cli;

import dev.seclens.rules.Concern;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.TextLines;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A security review in Markdown, written the way a reviewer would: what was looked at, the defects
 * grouped by concern (each with where, what is wrong in this code, why it matters and the fix), and
 * a one-line verdict. The reasons and fixes come from the rules' own documentation, so the review
 * says nothing the rules do not.
 */
final class ReviewReport implements Report {
    private final Function<String, Optional<String>> sourceText;
    private final Map<String, Optional<String>> documentation = new HashMap<>();

    /** {@code sourceText} gives a scanned file's text by its report path, to quote the offending line. */
    ReviewReport(Function<String, Optional<String>> sourceText) {
        this.sourceText = sourceText;
    }

    private record Located(String path, Finding finding) {
    }

    @Override
    public String render(ScanResult result) {
        StringBuilder out = new StringBuilder("# Security review\n\n");
        scope(result, out);
        Map<Concern, List<Located>> byConcern = new EnumMap<>(Concern.class);
        for (FileOutcome.Scanned file : result.files()) {
            for (Finding f : file.findings().stream().sorted(Finding.ORDER).toList()) {
                byConcern.computeIfAbsent(f.rule().concern(), c -> new ArrayList<>()).add(new Located(file.path(), f));
            }
        }
        int number = 0;
        for (Map.Entry<Concern, List<Located>> group : byConcern.entrySet()) {
            out.append("## ").append(group.getKey().title()).append("\n\n");
            for (Located located : group.getValue()) {
                finding(++number, located, out);
            }
        }
        out.append("## Verdict\n\n").append(verdict(result)).append('\n');
        return out.toString();
    }

    private static void scope(ScanResult result, StringBuilder out) {
        out.append("Scope: ").append(count(result.files().size(), "file")).append(", ")
                .append(count(result.lines(), "line")).append(" scanned.\n");
        List<String> notes = new ArrayList<>();
        for (FileOutcome.Skipped s : result.skipped()) {
            notes.add("Not analysed: `" + s.path() + "` (" + s.reason() + ").");
        }
        for (FileOutcome.Scanned file : result.files()) {
            List<ScanWarning> syntax = file.warnings().stream()
                    .filter(w -> w.kind() == ScanWarning.Kind.SYNTAX_ERROR).toList();
            if (!syntax.isEmpty()) {
                ScanWarning first = syntax.get(0);
                notes.add("Partly analysed: `" + file.path() + "` has "
                        + (syntax.size() == 1 ? "a syntax error" : syntax.size() + " syntax errors")
                        + first.range().map(r -> " (first at line " + r.startLine() + ")").orElse("")
                        + "; only what parsed was reviewed.");
            }
            for (ScanWarning w : file.warnings()) {
                if (w.kind() != ScanWarning.Kind.SYNTAX_ERROR) {
                    notes.add("`" + file.path() + "`: " + TextReport.oneLine(w.message()) + ".");
                }
            }
        }
        if (result.suppressedCount() > 0) {
            notes.add(count(result.suppressedCount(), "finding") + " suppressed by the user.");
        }
        result.baselined().ifPresent(n -> {
            if (n > 0) {
                notes.add(count(n, "finding") + " already in the baseline not listed.");
            }
        });
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        out.append('\n');
    }

    private void finding(int number, Located located, StringBuilder out) {
        Finding f = located.finding();
        RuleMetadata rule = f.rule();
        out.append(number).append(". **").append(rule.title()).append("** in `").append(located.path())
                .append("`, line ").append(f.range().startLine()).append(" (").append(f.severity().label())
                .append(", `").append(rule.id()).append("`)\n");
        out.append("   - What is wrong: ").append(TextReport.oneLine(f.message())).append('\n');
        offendingLine(located).ifPresent(line -> {
            String fence = fenceFor(line);
            out.append("\n     ").append(fence).append("java\n     ").append(line).append("\n     ")
                    .append(fence).append("\n\n");
        });
        out.append("   - Why it matters: ").append(docParagraph(rule, "## Why is this an issue?")
                .orElse(rule.summary())).append('\n');
        out.append("   - Fix: ").append(f.fix().map(fix -> fix.title() + ".")
                .or(() -> docParagraph(rule, "## How to fix it"))
                .orElse("see " + rule.docUri())).append("\n\n");
    }

    private Optional<String> offendingLine(Located located) {
        int line = located.finding().range().startLine();
        return sourceText.apply(located.path())
                .map(TextLines::of)
                .filter(lines -> line <= lines.count())
                .map(lines -> lines.line(line).strip())
                .filter(text -> !text.isEmpty());
    }

    /** A code fence longer than any run of backticks in the quoted line. */
    private static String fenceFor(String line) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < line.length(); i++) {
            run = line.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** The first paragraph under {@code heading} in the rule's documentation, on one line. */
    private Optional<String> docParagraph(RuleMetadata rule, String heading) {
        Optional<String> doc = documentation.computeIfAbsent(rule.id(), id -> Optional.ofNullable(rule.documentation()));
        return doc.flatMap(text -> firstParagraph(text, heading));
    }

    static Optional<String> firstParagraph(String markdown, String heading) {
        List<String> lines = markdown.lines().toList();
        int at = lines.indexOf(heading);
        if (at < 0) {
            return Optional.empty();
        }
        StringBuilder paragraph = new StringBuilder();
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || line.startsWith("```") || line.isEmpty() && paragraph.length() > 0) {
                break;
            }
            if (!line.isEmpty()) {
                paragraph.append(paragraph.length() > 0 ? " " : "").append(line);
            }
        }
        return paragraph.length() == 0 ? Optional.empty() : Optional.of(paragraph.toString());
    }

    /**
     * The verdict counts defects in a reviewer's three grades: a critical finding is a high one, and
     * informational findings are notes rather than defects.
     */
    static String verdict(ScanResult result) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (FileOutcome.Scanned file : result.files()) {
            for (Finding f : file.findings()) {
                counts.merge(f.severity(), 1, Integer::sum);
            }
        }
        int high = counts.getOrDefault(Severity.CRITICAL, 0) + counts.getOrDefault(Severity.HIGH, 0);
        int medium = counts.getOrDefault(Severity.MEDIUM, 0);
        int low = counts.getOrDefault(Severity.LOW, 0);
        int notes = counts.getOrDefault(Severity.INFO, 0);
        int defects = high + medium + low;
        String verdict = defects == 0 ? "No security defects were detected."
                : (defects == 1 ? "1 security defect was found" : defects + " security defects were found")
                        + String.format(Locale.ROOT, " (%d high, %d medium, %d low).", high, medium, low);
        return notes == 0 ? verdict : verdict + " " + count(notes, "informational note") + " also listed.";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
