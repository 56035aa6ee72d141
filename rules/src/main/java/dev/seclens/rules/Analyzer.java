package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.checks.BuiltInRules;
import dev.seclens.rules.config.Configuration;
import dev.seclens.rules.config.RuleSetting;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.rules.deps.VulnerableDependencyRule;
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
    private final BuildFileAnalyzer buildFiles;

    public Analyzer(List<? extends Rule> rules) {
        this(rules, Confidence.LOW, file -> false, file -> IgnoreList.EMPTY, BuildFileAnalyzer.bundled());
    }

    private Analyzer(List<? extends Rule> rules, Confidence minimumConfidence, Predicate<SourceFile> testCode,
                     Function<SourceFile, IgnoreList> ignoreFiles, BuildFileAnalyzer buildFiles) {
        this.rules = List.copyOf(rules);
        this.minimumConfidence = minimumConfidence;
        this.testCode = testCode;
        this.ignoreFiles = ignoreFiles;
        this.buildFiles = buildFiles;
    }

    /**
     * This analyzer, with {@code ignoreFiles} giving each file's accepted findings (the caller
     * knows where ignore files live; the engine does no I/O). It may throw
     * {@link IgnoreList.InvalidIgnoreFile}, which {@link #analyze} passes on.
     */
    public Analyzer withIgnoreFiles(Function<SourceFile, IgnoreList> ignoreFiles) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, buildFiles);
    }

    /**
     * This analyzer, reading build files ({@link BuildFileAnalyzer#isBuildFile}) with
     * {@code newBuildFiles} (its advisories and its view of the other build files).
     */
    public Analyzer withBuildFiles(BuildFileAnalyzer newBuildFiles) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, newBuildFiles);
    }

    public BuildFileAnalyzer buildFiles() {
        return buildFiles;
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
                buildFiles);
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
        if (BuildFileAnalyzer.isBuildFile(file.path())) {
            return analyzeBuildFile(file);
        }
        JavaSource.Parsed parsed = JavaSource.parse(file.text());
        if (parsed.unit().isEmpty()) {
            return new Analysis(file, Optional.empty(), List.of(), parsed.problems(), List.of(), false);
        }
        CompilationUnit unit = parsed.unit().get();
        boolean testCode = file.isTestCode() || this.testCode.test(file);
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

    /** A build file, under the dependency rule as configured; nothing when it is disabled. */
    private Analysis analyzeBuildFile(SourceFile file) {
        Optional<RuleMetadata> rule = rules.stream().map(Rule::metadata)
                .filter(m -> m.id().equals(VulnerableDependencyRule.ID)).findFirst();
        boolean testCode = file.isTestCode() || this.testCode.test(file);
        if (rule.isEmpty() || (testCode && !rule.get().inTestCode())) {
            return new Analysis(file, Optional.empty(), List.of(), List.of(), List.of(), false);
        }
        Optional<Severity> configured = Optional.of(rule.get().severity())
                .filter(s -> s != RuleMetadata.of(VulnerableDependencyRule.class).severity());
        try {
            return buildFiles.analyze(file, rule.get(), configured, minimumConfidence, () -> ignoreFiles.apply(file));
        } catch (IgnoreList.InvalidIgnoreFile e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            LOG.log(Level.WARNING, "rule " + rule.get().id() + " failed on " + file.path() + ": " + error, e);
            return new Analysis(file, Optional.empty(), List.of(), List.of(),
                    List.of(new RuleFailure(rule.get().id(), file.path(), error)), false);
        }
    }
}
