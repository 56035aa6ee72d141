package dev.seclens.server.cli;

import dev.seclens.rules.Concern;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.TextLines;
import dev.seclens.rules.ast.Code;
import dev.seclens.server.RuleDocs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A security review in Markdown, written the way a reviewer would: what was looked at, the defects
 * in sections by severity, most severe first, then by concern (each with where, what is wrong in this
 * code, why it matters and the fix), and a one-line verdict. The reasons and fixes come from the rules' own
 * documentation, so the review says nothing the rules do not: of a rule's "why" paragraphs, the one
 * about what this finding names (ECB, not DES), and each only once. Identical findings on one line
 * are one item. The list stays valid CommonMark for any number of items: continuation lines are
 * indented by the width of their item's number.
 */
final class ReviewReport implements Report {
    /** More generated sources than this are counted rather than named. */
    private static final int MAX_GENERATED_LISTED = 10;

    private final Function<String, Optional<String>> sourceText;
    private final Map<String, Optional<String>> documentation = new HashMap<>();

    /** {@code sourceText} gives a scanned file's text by its report path, to quote the offending line. */
    ReviewReport(Function<String, Optional<String>> sourceText) {
        this.sourceText = sourceText;
    }

    /** One listed defect: a finding, and how many identical ones share its line. */
    private record Located(String path, Finding finding, int occurrences) {
    }

    private static final Map<Severity, String> SECTIONS = Map.of(Severity.CRITICAL, "Critical", Severity.HIGH, "High",
            Severity.MEDIUM, "Medium", Severity.LOW, "Low", Severity.INFO, "Informational notes");

    private static final Comparator<Located> MOST_SEVERE_FIRST = Comparator
            .comparing((Located l) -> l.finding().severity(), Comparator.reverseOrder())
            .thenComparing(l -> l.finding().rule().concern())
            .thenComparing(Located::path)
            .thenComparing(l -> l.finding(), Finding.ORDER);

    @Override
    public String render(ScanResult result) {
        StringBuilder out = new StringBuilder("# Security review\n\n");
        scope(result, out);
        List<Located> defects = defects(result);
        Map<Severity, List<Located>> bySeverity = new LinkedHashMap<>();
        for (Located located : defects) {
            bySeverity.computeIfAbsent(located.finding().severity(), c -> new ArrayList<>()).add(located);
        }
        int number = 0;
        Map<String, Integer> explained = new HashMap<>();
        for (Map.Entry<Severity, List<Located>> group : bySeverity.entrySet()) {
            out.append("## ").append(SECTIONS.get(group.getKey())).append("\n\n");
            for (Located located : group.getValue()) {
                finding(++number, located, explained, out);
            }
        }
        String verdict = verdict(defects.stream().map(Located::finding).toList());
        out.append("## Verdict\n\n").append(result.incomplete().isPresent()
                ? "The scan did not finish, so this verdict covers only what was analysed: " + verdict : verdict).append('\n');
        return out.toString();
    }

    /** The findings to list, most severe first, identical findings on one line merged. */
    private static List<Located> defects(ScanResult result) {
        Map<List<Object>, Located> merged = new LinkedHashMap<>();
        for (FileOutcome.Scanned file : result.files()) {
            for (Finding f : file.findings()) {
                List<Object> key = List.of(file.path(), f.ruleId(), f.range().startLine(), f.message());
                merged.merge(key, new Located(file.path(), f, 1),
                        (a, b) -> new Located(a.path(), a.finding(), a.occurrences() + 1));
            }
        }
        return merged.values().stream().sorted(MOST_SEVERE_FIRST).toList();
    }

    private static void scope(ScanResult result, StringBuilder out) {
        out.append("Scope: ").append(count(result.files().size(), "file")).append(", ")
                .append(count(result.lines(), "line")).append(" scanned.\n");
        List<String> notes = new ArrayList<>();
        result.incomplete().ifPresent(reason -> notes.add("**Incomplete:** the scan stopped early ("
                + TextReport.oneLine(reason) + "); files not named in this review may not have been analysed."));
        for (FileOutcome.Skipped s : result.skipped()) {
            notes.add("Not analysed: " + code(s.path()) + " (" + s.reason() + ").");
        }
        if (!result.generated().isEmpty()) {
            List<String> shown = result.generated().stream().limit(MAX_GENERATED_LISTED).map(g -> code(g.path())).toList();
            int more = result.generated().size() - shown.size();
            notes.add(count(result.generated().size(), "generated source") + " not analysed (`--include-generated`"
                    + " analyses them): " + String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "") + ".");
        }
        result.cache().filter(c -> c.files() > 0).ifPresent(c -> notes.add("The findings of "
                + count(c.files(), "unchanged file") + " came from the cache of an earlier scan in "
                + code(c.folder().toString()) + " (`--no-cache` analyses every file)."));
        for (FileOutcome.Scanned file : result.files()) {
            List<ScanWarning> syntax = file.warnings().stream()
                    .filter(w -> w.kind() == ScanWarning.Kind.SYNTAX_ERROR).toList();
            if (!syntax.isEmpty()) {
                ScanWarning first = syntax.get(0);
                notes.add("Partly analysed: " + code(file.path()) + " has "
                        + (syntax.size() == 1 ? "a syntax error" : syntax.size() + " syntax errors")
                        + first.range().map(r -> " (first at line " + r.startLine() + ")").orElse("")
                        + "; only what parsed was reviewed.");
            }
            for (ScanWarning w : file.warnings()) {
                if (w.kind() != ScanWarning.Kind.SYNTAX_ERROR) {
                    notes.add(code(file.path()) + ": " + TextReport.oneLine(w.message()) + ".");
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

    private void finding(int number, Located located, Map<String, Integer> explained, StringBuilder out) {
        Finding f = located.finding();
        RuleMetadata rule = f.rule();
        String marker = number + ". ";
        String indent = " ".repeat(marker.length());
        out.append(marker).append("**").append(rule.title()).append("** in ").append(code(located.path()))
                .append(", line ").append(f.range().startLine()).append(" (").append(f.severity().label())
                .append(", ").append(rule.concern().title().toLowerCase(Locale.ROOT))
                .append(", `").append(rule.id()).append("`)");
        if (located.occurrences() > 1) {
            out.append(", ").append(located.occurrences()).append(" times on this line");
        }
        out.append('\n');
        out.append(indent).append("- What is wrong: ").append(TextReport.oneLine(f.message())).append('\n');
        offendingLine(located).ifPresent(line -> {
            String fence = fenceFor(line);
            String code = indent + "  ";
            out.append('\n').append(code).append(fence).append(language(located.path())).append('\n')
                    .append(code).append(line).append('\n').append(code).append(fence).append("\n\n");
        });
        String why = why(rule, f.message()).orElse(rule.summary());
        Integer first = explained.putIfAbsent(rule.id() + "\n" + why, number);
        out.append(indent).append("- Why it matters: ")
                .append(first == null ? why : "as for finding " + first + ".").append('\n');
        out.append(indent).append("- Fix: ").append(f.fix().map(fix -> fix.title() + ".")
                .or(() -> docParagraph(rule, RuleDocs.HOW_TO_FIX))
                .orElse("see the rule's documentation (`seclens.showRuleDoc " + rule.id() + "` in an editor)."))
                .append("\n\n");
    }

    /**
     * A file name as an inline code span that nothing in the name can end early or break across
     * lines: a repository may name a file with a newline and "## Verdict" or a backtick in it to
     * forge a finding or a verdict. Control characters are escaped as in the text report, and the
     * span's delimiter is longer than any run of backticks inside (CommonMark's rule).
     */
    static String code(String path) {
        String text = TextReport.escaped(path);
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String delimiter = "`".repeat(longest + 1);
        // a span that starts or ends with a backtick needs a space inside its delimiters, which CommonMark strips
        String padding = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return delimiter + padding + text + padding + delimiter;
    }

    /** The info string of a quoted line's code fence, from the file's type. */
    static String language(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.endsWith(".java")) {
            return "java";
        } else if (name.endsWith(".xml")) {
            return "xml";
        } else if (name.endsWith(".gradle")) {
            return "groovy";
        } else if (name.endsWith(".kts") || name.endsWith(".kt")) {
            return "kotlin";
        } else if (name.endsWith(".toml")) {
            return "toml";
        } else if (name.endsWith(".properties")) {
            return "properties";
        }
        return "";
    }

    private Optional<String> offendingLine(Located located) {
        int line = located.finding().range().startLine();
        boolean secret = located.finding().rule().concern() == Concern.SECRETS;
        return sourceText.apply(located.path())
                .map(TextLines::of)
                .filter(lines -> line <= lines.count())
                .map(lines -> lines.line(line).strip())
                .map(text -> secret ? maskedLiterals(text) : text)
                .filter(text -> !text.isEmpty());
    }

    /** A line quoting a secret, its string literals masked as the finding's message masks them. */
    private static String maskedLiterals(String line) {
        return STRING_LITERAL.matcher(line).replaceAll(m -> Matcher.quoteReplacement("\"" + Code.masked(m.group(1)) + "\""));
    }

    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

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

    /**
     * Of the paragraphs under "Why is this an issue?", the first of those naming most of the
     * acronyms in what the finding's message reports (ECB, DES, MD5, SHA-1); the first when none does.
     */
    private Optional<String> why(RuleMetadata rule, String message) {
        Optional<String> doc = documentation.computeIfAbsent(rule.id(), id -> Optional.ofNullable(rule.documentation()));
        if (doc.isEmpty()) {
            return Optional.empty();
        }
        List<String> paragraphs = RuleDocs.paragraphs(doc.get(), RuleDocs.WHY);
        // What the finding names, not its advice after the semicolon ("use SHA-256 ... or PBKDF2").
        int advice = message.indexOf("; ");
        Set<String> names = distinctiveWords(advice < 0 ? message : message.substring(0, advice));
        String best = null;
        long bestScore = 0;
        for (String paragraph : paragraphs) {
            long score = distinctiveWords(paragraph).stream().filter(names::contains).count();
            if (score > bestScore) {
                best = paragraph;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best).or(() -> paragraphs.stream().findFirst());
    }

    /** Words written in capitals or with digits: algorithm, protocol and mode names. */
    private static Set<String> distinctiveWords(String text) {
        Set<String> words = new HashSet<>();
        Matcher m = DISTINCTIVE.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    private static final Pattern DISTINCTIVE = Pattern.compile("\\b(?=[A-Z0-9-]*[A-Z])[A-Z][A-Z0-9-]+\\b");

    /** The first paragraph under {@code heading} in the rule's documentation, on one line. */
    private Optional<String> docParagraph(RuleMetadata rule, String heading) {
        Optional<String> doc = documentation.computeIfAbsent(rule.id(), id -> Optional.ofNullable(rule.documentation()));
        return doc.flatMap(text -> RuleDocs.firstParagraph(text, heading));
    }

    /**
     * The verdict counts the listed defects by severity; informational findings are notes rather
     * than defects.
     */
    static String verdict(List<Finding> findings) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : findings) {
            counts.merge(f.severity(), 1, Integer::sum);
        }
        int critical = counts.getOrDefault(Severity.CRITICAL, 0);
        int high = counts.getOrDefault(Severity.HIGH, 0);
        int medium = counts.getOrDefault(Severity.MEDIUM, 0);
        int low = counts.getOrDefault(Severity.LOW, 0);
        int notes = counts.getOrDefault(Severity.INFO, 0);
        int defects = critical + high + medium + low;
        String verdict = defects == 0 ? "No security defects were detected."
                : (defects == 1 ? "1 security defect was found" : defects + " security defects were found")
                        + String.format(Locale.ROOT, " (%d critical, %d high, %d medium, %d low).",
                        critical, high, medium, low);
        return notes == 0 ? verdict : verdict + " " + count(notes, "informational note") + " also listed.";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
