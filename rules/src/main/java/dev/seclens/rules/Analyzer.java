package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.checks.BuiltInRules;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The engine: parses a file once, runs every enabled rule over the tree, and returns the findings
 * in a deterministic order. A rule that throws is logged and recorded; the others still report.
 * Then every finding gets its {@link Fingerprints fingerprint} and {@link Suppressions} are
 * applied, so every consumer sees the same findings suppressed.
 * Thread-safe; call it from a thread made by {@link AnalysisThreads}.
 */
public final class Analyzer {
    private static final Logger LOG = System.getLogger("dev.seclens.rules");

    private final List<Rule> rules;
    private final Function<SourceFile, IgnoreList> ignoreFiles;

    public Analyzer(List<? extends Rule> rules) {
        this(rules, file -> IgnoreList.EMPTY);
    }

    private Analyzer(List<? extends Rule> rules, Function<SourceFile, IgnoreList> ignoreFiles) {
        this.rules = List.copyOf(rules);
        this.ignoreFiles = ignoreFiles;
    }

    /**
     * This analyzer, with {@code ignoreFiles} giving each file's accepted findings (the caller
     * knows where ignore files live; the engine does no I/O). It may throw
     * {@link IgnoreList.InvalidIgnoreFile}, which {@link #analyze} passes on.
     */
    public Analyzer withIgnoreFiles(Function<SourceFile, IgnoreList> ignoreFiles) {
        return new Analyzer(rules, ignoreFiles);
    }

    public static Analyzer withBuiltInRules() {
        return new Analyzer(BuiltInRules.all());
    }

    public List<Rule> rules() {
        return rules;
    }

    public Analysis analyze(SourceFile file) {
        return analyze(file, () -> false);
    }

    /** Analyses {@code file}; when {@code cancelled} turns true the run stops between rules. */
    public Analysis analyze(SourceFile file, BooleanSupplier cancelled) {
        JavaSource.Parsed parsed = JavaSource.parse(file.text());
        if (parsed.unit().isEmpty()) {
            return new Analysis(file, Optional.empty(), List.of(), parsed.problems(), List.of(), false);
        }
        CompilationUnit unit = parsed.unit().get();
        boolean testCode = file.isTestCode();
        Set<Finding> findings = new LinkedHashSet<>();
        List<RuleFailure> failures = new ArrayList<>();
        for (Rule rule : rules) {
            if (cancelled.getAsBoolean()) {
                return new Analysis(file, parsed.unit(), List.of(), parsed.problems(), failures, true);
            }
            RuleMetadata meta = rule.metadata();
            if (testCode && !meta.inTestCode()) {
                continue;
            }
            RuleContext context = new RuleContext(file, unit, meta, cancelled);
            try {
                rule.check(context);
                findings.addAll(context.findings());
            } catch (RuntimeException | StackOverflowError e) {
                String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                failures.add(new RuleFailure(meta.id(), file.path(), error));
                LOG.log(Level.WARNING, "rule " + meta.id() + " failed on " + file.path() + ": " + error, e);
            }
        }
        List<Finding> ordered = new ArrayList<>(findings);
        ordered.sort(Finding.ORDER);
        Map<Finding, String> fingerprints = Fingerprints.of(unit, ordered);
        Suppressions.Result result = Suppressions.apply(unit, ordered, fingerprints,
                ordered.isEmpty() ? IgnoreList.EMPTY : ignoreFiles.apply(file));
        return new Analysis(file, parsed.unit(), result.reported(), parsed.problems(), failures,
                cancelled.getAsBoolean(), result.suppressed(), fingerprints);
    }
}
