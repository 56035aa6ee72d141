package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.checks.BuiltInRules;
import dev.seclens.rules.config.Configuration;
import dev.seclens.rules.config.RuleSetting;
import dev.seclens.rules.taint.SummaryTable;
import dev.seclens.rules.taint.TaintEngine;
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
import java.util.function.Predicate;
import java.util.function.Supplier;

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
    private final Confidence minimumConfidence;
    private final Predicate<SourceFile> testCode;
    private final Function<SourceFile, IgnoreList> ignoreFiles;
    private final TaintEngine taintEngine;
    private final Supplier<SummaryTable> summaries;
    private final ProjectFiles projectFiles;

    public Analyzer(List<? extends Rule> rules) {
        this(rules, Confidence.LOW, file -> false, file -> IgnoreList.EMPTY, TaintEngine.builtIn(),
                () -> SummaryTable.EMPTY, ProjectFiles.NONE);
    }

    private Analyzer(List<? extends Rule> rules, Confidence minimumConfidence, Predicate<SourceFile> testCode,
                     Function<SourceFile, IgnoreList> ignoreFiles, TaintEngine taintEngine,
                     Supplier<SummaryTable> summaries, ProjectFiles projectFiles) {
        this.rules = List.copyOf(rules);
        this.minimumConfidence = minimumConfidence;
        this.testCode = testCode;
        this.ignoreFiles = ignoreFiles;
        this.taintEngine = taintEngine;
        this.summaries = summaries;
        this.projectFiles = projectFiles;
    }

    /**
     * This analyzer, with the taint rules using {@code taintEngine}'s specifications and the
     * summaries of the other files of the workspace or scan that {@code summaries} supplies at
     * each analysis (the caller keeps them current; see {@code WorkspaceSummaries}).
     */
    public Analyzer withTaint(TaintEngine taintEngine, Supplier<SummaryTable> summaries) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, taintEngine, summaries, projectFiles);
    }

    public TaintEngine taintEngine() {
        return taintEngine;
    }

    /**
     * This analyzer, with {@code ignoreFiles} giving each file's accepted findings (the caller
     * knows where ignore files live; the engine does no I/O). It may throw
     * {@link IgnoreList.InvalidIgnoreFile}, which {@link #analyze} passes on.
     */
    public Analyzer withIgnoreFiles(Function<SourceFile, IgnoreList> ignoreFiles) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, taintEngine, summaries, projectFiles);
    }

    /**
     * This analyzer, with rules able to read the project's {@code .properties} files through
     * {@code projectFiles} (settings such as an algorithm name often live there).
     */
    public Analyzer withProjectFiles(ProjectFiles projectFiles) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, taintEngine, summaries, projectFiles);
    }

    /**
     * These rules as {@code configuration} says: disabled ones left out, severities overridden (in
     * the findings and in {@link #rules()}), findings less sure than the minimum confidence dropped,
     * and files {@code testCode} accepts treated as test code besides the built-in naming. Call it
     * on the unconfigured analyzer: a rule disabled here cannot be enabled again later.
     */
    public Analyzer configured(Configuration configuration, Predicate<SourceFile> testCode) {
        List<Rule> configured = new ArrayList<>();
        for (Rule rule : rules) {
            RuleMetadata meta = rule.metadata();
            RuleSetting setting = configuration.rules().get(meta.id());
            if (setting == null) {
                configured.add(rule);
            } else if (setting.enabled()) {
                configured.add(setting.severity().filter(s -> s != meta.severity())
                        .<Rule>map(s -> new ConfiguredRule(rule, meta.withSeverity(s)))
                        .orElse(rule));
            }
        }
        return new Analyzer(configured, configuration.minimumConfidence().orElse(Confidence.LOW), testCode, ignoreFiles,
                taintEngine, summaries, projectFiles);
    }

    /** A rule under another severity; everything else is the rule's own. */
    private record ConfiguredRule(Rule rule, RuleMetadata metadata) implements Rule {
        @Override
        public void check(RuleContext context) {
            rule.check(context);
        }
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
        boolean testCode = file.isTestCode() || this.testCode.test(file);
        Set<Finding> findings = new LinkedHashSet<>();
        List<RuleFailure> failures = new ArrayList<>();
        SummaryTable table = summaries.get();
        for (Rule rule : rules) {
            if (cancelled.getAsBoolean()) {
                return new Analysis(file, parsed.unit(), List.of(), parsed.problems(), failures, true);
            }
            RuleMetadata meta = rule.metadata();
            if (testCode && !meta.inTestCode()) {
                continue;
            }
            RuleContext context = new RuleContext(file, unit, meta, cancelled, taintEngine, table, projectFiles);
            try {
                rule.check(context);
                for (Finding finding : context.findings()) {
                    if (finding.confidence().compareTo(minimumConfidence) >= 0) {
                        findings.add(finding);
                    }
                }
            } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
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
