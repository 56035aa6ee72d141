package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.checks.BuiltInRules;
import dev.seclens.rules.config.Configuration;
import dev.seclens.rules.config.RuleSetting;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.rules.deps.VulnerableDependencyRule;
import dev.seclens.rules.model.ProjectModel;
import dev.seclens.rules.taint.FileFlows;
import dev.seclens.rules.taint.SummaryProjectModel;
import dev.seclens.rules.taint.SummaryTable;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.WorkspaceSummaries;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
    /** What the analysis of one file reads besides the file, all supplied by the caller. */
    private final Inputs inputs;
    /** How long the rules may run on one file; empty for no limit. */
    private final Optional<Duration> timeBudget;
    /** Texts longer than this many UTF-8 bytes are not analysed; empty for no limit. */
    private final OptionalLong maxFileSize;

    /**
     * @param taintEngine  the taint specifications in force
     * @param summaries    the summaries of the other files of the workspace or scan, current at each analysis
     * @param projectFiles the project's other files rules may read (its {@code .properties})
     * @param buildFiles   how build files are analysed: advisories, the other build files
     */
    private record Inputs(TaintEngine taintEngine, Supplier<SummaryTable> summaries, ProjectFiles projectFiles,
                          BuildFileAnalyzer buildFiles, Function<String, String> dependencyKeys) {
        Inputs(TaintEngine taintEngine, Supplier<SummaryTable> summaries, ProjectFiles projectFiles,
               BuildFileAnalyzer buildFiles) {
            this(taintEngine, summaries, projectFiles, buildFiles, path -> "");
        }
    }

    public Analyzer(List<? extends Rule> rules) {
        this(rules, Confidence.LOW, file -> false, file -> IgnoreList.EMPTY,
                new Inputs(TaintEngine.builtIn(), () -> SummaryTable.EMPTY, ProjectFiles.NONE,
                        BuildFileAnalyzer.bundled()),
                Optional.empty(), OptionalLong.empty());
    }

    private Analyzer(List<? extends Rule> rules, Confidence minimumConfidence, Predicate<SourceFile> testCode,
                     Function<SourceFile, IgnoreList> ignoreFiles, Inputs inputs, Optional<Duration> timeBudget,
                     OptionalLong maxFileSize) {
        this.rules = List.copyOf(rules);
        this.minimumConfidence = minimumConfidence;
        this.testCode = testCode;
        this.ignoreFiles = ignoreFiles;
        this.inputs = inputs;
        this.timeBudget = timeBudget;
        this.maxFileSize = maxFileSize;
    }

    /**
     * This analyzer, with the taint rules using {@code taintEngine}'s specifications and the
     * summaries of the other files of the workspace or scan that {@code summaries} supplies at
     * each analysis (the caller keeps them current; see {@code WorkspaceSummaries}).
     */
    public Analyzer withTaint(TaintEngine taintEngine, Supplier<SummaryTable> summaries) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles,
                new Inputs(taintEngine, summaries, inputs.projectFiles(), inputs.buildFiles()), timeBudget, maxFileSize);
    }

    /**
     * This analyzer, with the taint rules reading {@code workspace}'s summaries of the other files,
     * and {@link #dependencyKey} telling caches which of them each file's findings depend on.
     */
    public Analyzer withTaint(TaintEngine taintEngine, WorkspaceSummaries workspace) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, new Inputs(taintEngine, workspace::table,
                inputs.projectFiles(), inputs.buildFiles(), workspace::dependencyKey), timeBudget, maxFileSize);
    }

    public TaintEngine taintEngine() {
        return inputs.taintEngine();
    }

    /**
     * This analyzer, with {@code ignoreFiles} giving each file's accepted findings (the caller
     * knows where ignore files live; the engine does no I/O). It may throw
     * {@link IgnoreList.InvalidIgnoreFile}, which {@link #analyze} passes on.
     */
    public Analyzer withIgnoreFiles(Function<SourceFile, IgnoreList> ignoreFiles) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, inputs, timeBudget, maxFileSize);
    }

    /**
     * This analyzer, with rules able to read the project's {@code .properties} files through
     * {@code projectFiles} (settings such as an algorithm name often live there).
     */
    public Analyzer withProjectFiles(ProjectFiles projectFiles) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles,
                new Inputs(inputs.taintEngine(), inputs.summaries(), projectFiles, inputs.buildFiles()), timeBudget,
                maxFileSize);
    }

    /**
     * This analyzer, reading build files ({@link BuildFileAnalyzer#isBuildFile}) with
     * {@code newBuildFiles} (its advisories and its view of the other build files).
     */
    public Analyzer withBuildFiles(BuildFileAnalyzer newBuildFiles) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles,
                new Inputs(inputs.taintEngine(), inputs.summaries(), inputs.projectFiles(), newBuildFiles), timeBudget,
                maxFileSize);
    }

    public BuildFileAnalyzer buildFiles() {
        return inputs.buildFiles();
    }

    /**
     * This analyzer with a time limit for the rules on each file, counted from the end of the parse:
     * when it runs out, a rule that polls {@link RuleContext#isCancelled()} stops and its findings
     * are dropped, no further rule runs, and {@link Analysis#incomplete()} names the rule cut short
     * and those not run. The findings of every rule that completed stay, in order.
     */
    public Analyzer withTimeBudget(Duration budget) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, inputs, Optional.of(budget), maxFileSize);
    }

    /** This analyzer leaving texts over {@code bytes} (UTF-8) unanalysed, with the reason in {@link Analysis#incomplete()}. */
    public Analyzer withMaxFileSize(long bytes) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, inputs, timeBudget, OptionalLong.of(bytes));
    }

    public OptionalLong maxFileSize() {
        return maxFileSize;
    }

    public Optional<Duration> timeBudget() {
        return timeBudget;
    }

    /**
     * These rules as {@code configuration} says: disabled ones left out, severities overridden (in
     * the findings and in {@link #rules()}), findings less sure than the minimum confidence dropped,
     * and files {@code testCode} accepts treated as test code besides the built-in naming, and the
     * configuration's analysis time limit and maximum file size, if it sets them, and the taint engine
     * counting the sources of the configuration's threat models and the logging calls from
     * {@code java/log-injection}'s minimum level up. Call it on the unconfigured analyzer: a
     * rule disabled here cannot be enabled again later.
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
        Optional<Duration> budget = configuration.analysisTimeoutMillis().isPresent()
                ? Optional.of(Duration.ofMillis(configuration.analysisTimeoutMillis().getAsLong())) : timeBudget;
        Inputs threatModels = new Inputs(inputs.taintEngine().withThreatModels(configuration.enabledThreatModels())
                .withMinimumLogLevel(configuration.minimumLogLevel()),
                inputs.summaries(), inputs.projectFiles(), inputs.buildFiles(), inputs.dependencyKeys());
        return new Analyzer(configured, configuration.minimumConfidence().orElse(Confidence.LOW), testCode, ignoreFiles,
                threatModels, budget, configuration.maxFileSize().isPresent() ? configuration.maxFileSize() : maxFileSize);
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

    /**
     * A stable hash of what decides this analyzer's findings for a given text: each rule's class,
     * its compiled code and its metadata as configured, and the minimum confidence. Caches of
     * findings key on it. What is configured outside the analyzer (test-code globs, ignore files)
     * the caller adds to its own key.
     */
    public String fingerprint() {
        MessageDigest digest = Sha256.digest();
        Sha256.update(digest, "seclens-analyzer/1");
        Sha256.update(digest, minimumConfidence.name());
        Sha256.update(digest, inputs.taintEngine().specHash());
        for (Rule rule : rules) {
            Rule code = rule instanceof ConfiguredRule configured ? configured.rule() : rule;
            RuleMetadata meta = rule.metadata();
            Sha256.update(digest, code.getClass().getName());
            Sha256.update(digest, meta.id() + " " + meta.severity() + " " + meta.confidence() + " " + meta.inTestCode());
            digest.update(classBytes(code.getClass()));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * What else, besides its own text and this analyzer, a file's findings depend on, for caches
     * to add to the file's key: a hash of the method summaries of the other files whose classes it
     * mentions (empty without a workspace), so that a change in a helper re-analyses its callers.
     */
    public String dependencyKey(SourceFile file) {
        return inputs.dependencyKeys().apply(file.path());
    }

    private static byte[] classBytes(Class<?> type) {
        String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    public Analysis analyze(SourceFile file) {
        return analyze(file, () -> false);
    }

    /** Analyses {@code file}; when {@code cancelled} turns true the run stops between rules. */
    public Analysis analyze(SourceFile file, BooleanSupplier cancelled) {
        return analyze(file, Optional.empty(), cancelled);
    }

    /**
     * Analyses {@code file}, an edit of the file {@code previous} analysed: when that analysis kept
     * its syntax tree and the parser reported no problem, an edit inside one method's body parses
     * only that body again ({@link JavaSource#reparse}). The findings are those of a fresh analysis.
     */
    public Analysis analyze(SourceFile file, Optional<Analysis> previous, BooleanSupplier cancelled) {
        if (BuildFileAnalyzer.isBuildFile(file.path())) {
            return analyzeBuildFile(file);
        }
        long started = System.nanoTime();
        if (maxFileSize.isPresent()) {
            long size = utf8Length(file.text());
            if (size > maxFileSize.getAsLong()) {
                return Analysis.notAnalysed(file, "file too large to analyse (" + size + " bytes, limit "
                        + maxFileSize.getAsLong() + ")");
            }
        }
        Optional<Analysis> base = previous.filter(p -> p.unit().isPresent() && p.syntaxProblems().isEmpty()
                && p.file().path().equals(file.path()));
        JavaSource.Parsed parsed = base.isPresent()
                ? JavaSource.reparse(file.text(), base.get().file().text(), base.get().unit().get())
                : JavaSource.parse(file.text());
        if (parsed.unit().isEmpty()) {
            return new Analysis(file, Optional.empty(), List.of(), parsed.problems(), List.of(), false);
        }
        // The budget is the rules': the size limit and the nesting check bound the parse, and a
        // parse that used it up must not leave a large file with no rule run at all.
        long rulesStarted = System.nanoTime();
        long budget = timeBudget.map(Duration::toNanos).orElse(Long.MAX_VALUE);
        BooleanSupplier outOfTime = () -> System.nanoTime() - rulesStarted > budget;
        CompilationUnit unit = parsed.unit().get();
        boolean testCode = file.isTestCode() || this.testCode.test(file);
        Set<Finding> findings = new LinkedHashSet<>();
        List<RuleFailure> failures = new ArrayList<>();
        SummaryTable table = inputs.summaries().get();
        Map<Class<?>, Object> services = Map.of(
                FileFlows.class, new FileFlows(inputs.taintEngine(), table, unit, file.path()),
                ThreatModels.class, new ThreatModels(inputs.taintEngine().threatModels()),
                LogLevels.class, inputs.taintEngine().logLevels(),
                ProjectModel.class, new SummaryProjectModel(table, unit));
        Optional<String> stoppedAfter = Optional.empty();
        for (int index = 0; index < rules.size(); index++) {
            Rule rule = rules.get(index);
            if (cancelled.getAsBoolean()) {
                return new Analysis(file, parsed.unit(), List.of(), parsed.problems(), failures, true);
            }
            RuleMetadata meta = rule.metadata();
            if (testCode && !meta.inTestCode()) {
                continue;
            }
            if (outOfTime.getAsBoolean()) {
                stoppedAfter = Optional.of(Analysis.stoppedAfter(elapsedMillis(started), Optional.empty(),
                        notRun(index, testCode)));
                break;
            }
            // A rule that asked whether to stop and was told so may have left its work half done; one that
            // never asked (or always heard "go on") finished, and its findings are whole even past the budget.
            AtomicBoolean cutShort = new AtomicBoolean();
            RuleContext context = new RuleContext(file, unit, meta, () -> {
                boolean stop = cancelled.getAsBoolean() || outOfTime.getAsBoolean();
                if (stop) {
                    cutShort.set(true);
                }
                return stop;
            }, services, inputs.projectFiles());
            try {
                rule.check(context);
                if (!cutShort.get()) {
                    for (Finding finding : context.findings()) {
                        if (finding.confidence().compareTo(minimumConfidence) >= 0) {
                            findings.add(finding);
                        }
                    }
                }
                if (cutShort.get() && outOfTime.getAsBoolean()) {
                    stoppedAfter = Optional.of(Analysis.stoppedAfter(elapsedMillis(started), Optional.of(meta.id()),
                            notRun(index + 1, testCode)));
                    break;
                }
            } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
                String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                failures.add(new RuleFailure(meta.id(), file.path(), error));
                LOG.log(Level.WARNING, "rule " + meta.id() + " failed on " + file.path() + ": " + error, e);
            }
        }
        if (stoppedAfter.isEmpty()) {
            // a limit the taint engine applied (a capped call, a method over budget, a loop or summaries that did
            // not settle, dropped taints, summaries that failed) leaves flows unseen: say so, never silently
            List<String> limits = new ArrayList<>(inputs.taintEngine().limitsOf(unit));
            limits.addAll(table.limitsOf(file.path()));
            if (!limits.isEmpty()) {
                stoppedAfter = Optional.of("taint analysis limited: " + String.join("; ", limits));
            }
        }
        List<Finding> ordered = new ArrayList<>(findings);
        ordered.sort(Finding.ORDER);
        Map<Finding, String> fingerprints = Fingerprints.of(unit, ordered);
        Suppressions.Result result = Suppressions.apply(unit, file.text(), ordered, fingerprints,
                ordered.isEmpty() ? IgnoreList.EMPTY : ignoreFiles.apply(file));
        return new Analysis(file, parsed.unit(), result.reported(), parsed.problems(), failures,
                cancelled.getAsBoolean(), result.suppressed(), fingerprints, stoppedAfter);
    }

    /** The ids of the rules from {@code from} on that would have run on this file. */
    private List<String> notRun(int from, boolean testCode) {
        return rules.subList(from, rules.size()).stream().map(Rule::metadata)
                .filter(meta -> !testCode || meta.inTestCode()).map(RuleMetadata::id).toList();
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static long elapsedMillis(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
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
            return inputs.buildFiles().analyze(file, rule.get(), configured, minimumConfidence, () -> ignoreFiles.apply(file));
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
