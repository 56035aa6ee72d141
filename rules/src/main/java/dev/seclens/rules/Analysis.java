package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine learned about one file: findings in {@link Finding#ORDER} (suppressed ones
 * excluded), the syntax problems the parser reported (the rules still ran on what it recovered),
 * the rules that failed, the findings a suppression matched, and every finding's fingerprint.
 * {@code incomplete} says why, when the file was not fully analysed: the time budget ran out (the
 * findings are those of the rules that completed), or the file was too large to analyse.
 */
public record Analysis(
        SourceFile file,
        Optional<CompilationUnit> unit,
        List<Finding> findings,
        List<SyntaxProblem> syntaxProblems,
        List<RuleFailure> failures,
        boolean cancelled,
        List<SuppressedFinding> suppressed,
        Map<Finding, String> fingerprints,
        Optional<String> incomplete) {

    private static final String STOPPED_AFTER = "analysis stopped after ";

    public Analysis {
        findings = List.copyOf(findings);
        syntaxProblems = List.copyOf(syntaxProblems);
        failures = List.copyOf(failures);
        suppressed = List.copyOf(suppressed);
        fingerprints = Map.copyOf(fingerprints);
    }

    /** A complete analysis: no time budget ran out. */
    public Analysis(SourceFile file, Optional<CompilationUnit> unit, List<Finding> findings,
            List<SyntaxProblem> syntaxProblems, List<RuleFailure> failures, boolean cancelled,
            List<SuppressedFinding> suppressed, Map<Finding, String> fingerprints) {
        this(file, unit, findings, syntaxProblems, failures, cancelled, suppressed, fingerprints, Optional.empty());
    }

    /** An analysis without suppressions or fingerprints (tests, and files that did not parse). */
    public Analysis(SourceFile file, Optional<CompilationUnit> unit, List<Finding> findings,
            List<SyntaxProblem> syntaxProblems, List<RuleFailure> failures, boolean cancelled) {
        this(file, unit, findings, syntaxProblems, failures, cancelled, List.of(), Map.of());
    }

    /** A file left unanalysed, and why (it is too large, say). */
    public static Analysis notAnalysed(SourceFile file, String reason) {
        return new Analysis(file, Optional.empty(), List.of(), List.of(), List.of(), false, List.of(), Map.of(),
                Optional.of(reason));
    }

    /**
     * What a file's analysis says when the time budget ran out: after how long, which rule was cut
     * short (if one was) and which did not run, so that a reader knows which findings may be missing.
     */
    public static String stoppedAfter(long millis, Optional<String> cutShort, List<String> notRun) {
        return STOPPED_AFTER + millis + " ms" + stoppedDetail(cutShort, notRun);
    }

    /**
     * Whether {@code reason} (an {@link #incomplete()} reason) says the time budget ran out: unlike
     * the engine's limits, which count steps, that depends on the machine and its load, so the same
     * input may give a different result next time.
     */
    public static boolean isTimeBudget(String reason) {
        return reason.startsWith(STOPPED_AFTER);
    }

    private static String stoppedDetail(Optional<String> cutShort, List<String> notRun) {
        List<String> parts = new ArrayList<>();
        cutShort.ifPresent(id -> parts.add(id + " was cut short"));
        if (!notRun.isEmpty()) {
            String named = String.join(", ", notRun.subList(0, Math.min(3, notRun.size())))
                    + (notRun.size() > 3 ? " and " + (notRun.size() - 3) + " more" : "");
            parts.add(notRun.size() + (notRun.size() == 1 ? " rule" : " rules") + " did not run (" + named + ")");
        }
        return (parts.isEmpty() ? "" : ": " + String.join(" and ", parts)) + "; results are partial";
    }

    /** This analysis without its syntax tree, to keep the findings of a document without the memory of its AST. */
    public Analysis withoutUnit() {
        return new Analysis(file, Optional.empty(), findings, syntaxProblems, failures, cancelled, suppressed,
                fingerprints, incomplete);
    }

    /** The finding's {@link Fingerprints fingerprint}, reported or suppressed; empty if it has none. */
    public String fingerprint(Finding finding) {
        return fingerprints.getOrDefault(finding, "");
    }
}
