package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.checks.BuiltInRules;
import dev.seclens.rules.config.Configuration;
import dev.seclens.rules.config.RuleSetting;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
    /** How long the rules may run on one file; empty for no limit. */
    private final Optional<Duration> timeBudget;
    /** Texts longer than this many UTF-8 bytes are not analysed; empty for no limit. */
    private final OptionalLong maxFileSize;

    public Analyzer(List<? extends Rule> rules) {
        this(rules, Confidence.LOW, file -> false, file -> IgnoreList.EMPTY, Optional.empty(), OptionalLong.empty());
    }

    private Analyzer(List<? extends Rule> rules, Confidence minimumConfidence, Predicate<SourceFile> testCode,
                     Function<SourceFile, IgnoreList> ignoreFiles, Optional<Duration> timeBudget,
                     OptionalLong maxFileSize) {
        this.rules = List.copyOf(rules);
        this.minimumConfidence = minimumConfidence;
        this.testCode = testCode;
        this.ignoreFiles = ignoreFiles;
        this.timeBudget = timeBudget;
        this.maxFileSize = maxFileSize;
    }

    /**
     * This analyzer, with {@code ignoreFiles} giving each file's accepted findings (the caller
     * knows where ignore files live; the engine does no I/O). It may throw
     * {@link IgnoreList.InvalidIgnoreFile}, which {@link #analyze} passes on.
     */
    public Analyzer withIgnoreFiles(Function<SourceFile, IgnoreList> ignoreFiles) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, timeBudget, maxFileSize);
    }

    /**
     * This analyzer with a time limit per file: when it runs out, the rule in progress is stopped
     * (rules poll {@link RuleContext#isCancelled()}) and dropped, no further rule runs, and the
     * {@link Analysis#incomplete()} says so. The findings of the rules that completed stay.
     */
    public Analyzer withTimeBudget(Duration budget) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, Optional.of(budget), maxFileSize);
    }

    /** This analyzer leaving texts over {@code bytes} (UTF-8) unanalysed, with the reason in {@link Analysis#incomplete()}. */
    public Analyzer withMaxFileSize(long bytes) {
        return new Analyzer(rules, minimumConfidence, testCode, ignoreFiles, timeBudget, OptionalLong.of(bytes));
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
     * configuration's analysis time limit and maximum file size, if it sets them. Call it on the unconfigured analyzer: a
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
        return new Analyzer(configured, configuration.minimumConfidence().orElse(Confidence.LOW), testCode, ignoreFiles,
                budget, configuration.maxFileSize().isPresent() ? configuration.maxFileSize() : maxFileSize);
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
        MessageDigest digest = sha256();
        update(digest, "seclens-analyzer/1");
        update(digest, minimumConfidence.name());
        for (Rule rule : rules) {
            Rule code = rule instanceof ConfiguredRule configured ? configured.rule() : rule;
            RuleMetadata meta = rule.metadata();
            update(digest, code.getClass().getName());
            update(digest, meta.id() + " " + meta.severity() + " " + meta.confidence() + " " + meta.inTestCode());
            digest.update(classBytes(code.getClass()));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * What else, besides its own text and this analyzer, a file's findings depend on, for caches
     * to add to the file's key. Nothing yet: the cross-file taint engine will return here the hash
     * of the method summaries of other files that {@code file} uses.
     */
    public String dependencyKey(SourceFile file) {
        return "";
    }

    private static byte[] classBytes(Class<?> type) {
        String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    public Analysis analyze(SourceFile file) {
        return analyze(file, () -> false);
    }

    /** Analyses {@code file}; when {@code cancelled} turns true the run stops between rules. */
    public Analysis analyze(SourceFile file, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        long budget = timeBudget.map(Duration::toNanos).orElse(Long.MAX_VALUE);
        BooleanSupplier outOfTime = () -> System.nanoTime() - started > budget;
        if (maxFileSize.isPresent()) {
            long size = utf8Length(file.text());
            if (size > maxFileSize.getAsLong()) {
                return Analysis.notAnalysed(file, "file too large to analyse (" + size + " bytes, limit "
                        + maxFileSize.getAsLong() + ")");
            }
        }
        JavaSource.Parsed parsed = JavaSource.parse(file.text());
        if (parsed.unit().isEmpty()) {
            return new Analysis(file, Optional.empty(), List.of(), parsed.problems(), List.of(), false);
        }
        CompilationUnit unit = parsed.unit().get();
        boolean testCode = file.isTestCode() || this.testCode.test(file);
        Set<Finding> findings = new LinkedHashSet<>();
        List<RuleFailure> failures = new ArrayList<>();
        Optional<String> stoppedAfter = Optional.empty();
        for (Rule rule : rules) {
            if (cancelled.getAsBoolean()) {
                return new Analysis(file, parsed.unit(), List.of(), parsed.problems(), failures, true);
            }
            RuleMetadata meta = rule.metadata();
            if (testCode && !meta.inTestCode()) {
                continue;
            }
            if (outOfTime.getAsBoolean()) {
                stoppedAfter = Optional.of(Analysis.stoppedAfter(elapsedMillis(started)));
                break;
            }
            RuleContext context = new RuleContext(file, unit, meta,
                    () -> cancelled.getAsBoolean() || outOfTime.getAsBoolean());
            try {
                rule.check(context);
                if (outOfTime.getAsBoolean()) {
                    // it may have returned early when the budget ran out: its findings are not the whole story
                    stoppedAfter = Optional.of(Analysis.stoppedAfter(elapsedMillis(started)));
                    break;
                }
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
                cancelled.getAsBoolean(), result.suppressed(), fingerprints, stoppedAfter);
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
}
