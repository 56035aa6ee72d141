package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine learned about one file: findings in {@link Finding#ORDER} (suppressed ones
 * excluded), the syntax problems the parser reported (the rules still ran on what it recovered),
 * the rules that failed, the findings a suppression matched, and every finding's fingerprint.
 */
public record Analysis(
        SourceFile file,
        Optional<CompilationUnit> unit,
        List<Finding> findings,
        List<SyntaxProblem> syntaxProblems,
        List<RuleFailure> failures,
        boolean cancelled,
        List<SuppressedFinding> suppressed,
        Map<Finding, String> fingerprints) {

    public Analysis {
        findings = List.copyOf(findings);
        syntaxProblems = List.copyOf(syntaxProblems);
        failures = List.copyOf(failures);
        suppressed = List.copyOf(suppressed);
        fingerprints = Map.copyOf(fingerprints);
    }

    /** An analysis without suppressions or fingerprints (tests, and files that did not parse). */
    public Analysis(SourceFile file, Optional<CompilationUnit> unit, List<Finding> findings,
            List<SyntaxProblem> syntaxProblems, List<RuleFailure> failures, boolean cancelled) {
        this(file, unit, findings, syntaxProblems, failures, cancelled, List.of(), Map.of());
    }

    /** The finding's {@link Fingerprints fingerprint}, reported or suppressed; empty if it has none. */
    public String fingerprint(Finding finding) {
        return fingerprints.getOrDefault(finding, "");
    }
}
