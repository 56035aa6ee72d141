package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;
import java.util.Optional;

/**
 * What the engine learned about one file: findings in {@link Finding#ORDER}, the syntax problems
 * the parser reported (the rules still ran on what it recovered), and the rules that failed.
 */
public record Analysis(
        SourceFile file,
        Optional<CompilationUnit> unit,
        List<Finding> findings,
        List<SyntaxProblem> syntaxProblems,
        List<RuleFailure> failures,
        boolean cancelled) {

    public Analysis {
        findings = List.copyOf(findings);
        syntaxProblems = List.copyOf(syntaxProblems);
        failures = List.copyOf(failures);
    }
}
