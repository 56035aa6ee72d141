package dev.seclens.rules.config;

import dev.seclens.rules.Confidence;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.TaintSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@code .seclens.json} says, or the editor's settings on top of it. Rules not listed keep
 * their defaults; empty lists mean "no restriction".
 *
 * @param rules             per-rule overrides keyed by rule id
 * @param minimumConfidence findings less sure than this are dropped; empty for all findings
 * @param include           globs a file must match one of (relative to the file's folder); empty for all files
 * @param exclude           globs of files left out, whatever {@code include} says
 * @param testCode          globs of test code, in addition to {@code src/test/} and {@code *Test}, {@code *Tests},
 *                          {@code *IT} names
 * @param taintSpecs        extra taint specification files, relative paths; validated, not yet used
 * @param advisories        OSV advisory files or folders added to the bundled ones, relative paths
 * @param analysisTimeoutMillis how long the rules may run on one file before the analysis stops with partial
 *                          results; empty for the caller's default
 * @param maxFileSize       files larger than this many bytes are not analysed; empty for the caller's default
 * @param threatModels      the threat models whose taint sources count ({@code remote}, {@code local},
 *                          {@code database}); empty for the default, {@code remote} alone
 */
public record Configuration(
        Map<String, RuleSetting> rules,
        Optional<Confidence> minimumConfidence,
        List<String> include,
        List<String> exclude,
        List<String> testCode,
        List<String> taintSpecs,
        List<String> advisories,
        OptionalLong analysisTimeoutMillis,
        OptionalLong maxFileSize,
        Set<String> threatModels) {

    /** No configuration: every rule as declared, every file, every finding. */
    public static final Configuration DEFAULT =
            new Configuration(Map.of(), Optional.empty(), List.of(), List.of(), List.of(), List.of());

    /** A configuration without extra advisories, leaving the budgets to the caller's defaults. */
    public Configuration(Map<String, RuleSetting> rules, Optional<Confidence> minimumConfidence, List<String> include,
                         List<String> exclude, List<String> testCode, List<String> taintSpecs) {
        this(rules, minimumConfidence, include, exclude, testCode, taintSpecs, List.of(), OptionalLong.empty(),
                OptionalLong.empty(), Set.of());
    }

    public Configuration {
        rules = Map.copyOf(rules);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        testCode = List.copyOf(testCode);
        taintSpecs = List.copyOf(taintSpecs);
        advisories = List.copyOf(advisories);
        threatModels = Set.copyOf(threatModels);
    }

    /** The lowest log level whose calls {@code java/log-injection} reports: the one configured, else INFO. */
    public String minimumLogLevel() {
        RuleSetting logInjection = rules.get(RuleSetting.LOG_INJECTION);
        return logInjection == null ? TaintSpecs.DEFAULT_MINIMUM_LOG_LEVEL
                : logInjection.minimumLevel().orElse(TaintSpecs.DEFAULT_MINIMUM_LOG_LEVEL);
    }

    /** The threat models in force: those configured, else {@code remote} alone. */
    public Set<String> enabledThreatModels() {
        return threatModels.isEmpty() ? TaintEngine.DEFAULT_THREAT_MODELS : threatModels;
    }

    /**
     * This configuration with the editor's settings on top: a rule's {@code enabled}, its severity
     * when the settings give one, and the minimum confidence come from the settings. So {@code true}
     * in the settings turns a rule on again at the severity the file gives it. Budgets and threat
     * models given in the settings win too; without them the file's budgets apply only up to the
     * editor's defaults ({@link EditorSettings#DEFAULT_ANALYSIS_TIMEOUT_MS},
     * {@link EditorSettings#DEFAULT_MAX_FILE_SIZE}), so a repository cannot switch the editor's guards off.
     */
    public Configuration overriddenBy(EditorSettings settings) {
        Map<String, RuleSetting> merged = new TreeMap<>(rules);
        settings.rules().forEach((id, setting) -> merged.merge(id, setting,
                (file, editor) -> new RuleSetting(editor.enabled(), editor.severity().or(file::severity),
                        editor.minimumLevel().or(file::minimumLevel))));
        return new Configuration(merged, settings.minimumConfidence().or(() -> minimumConfidence),
                include, exclude, testCode, taintSpecs,
                settings.advisories().isEmpty() ? advisories : concat(advisories, settings.advisories()),
                settings.analysisTimeoutMillis().isPresent() ? settings.analysisTimeoutMillis()
                        : atMost(analysisTimeoutMillis, EditorSettings.DEFAULT_ANALYSIS_TIMEOUT_MS),
                settings.maxFileSize().isPresent() ? settings.maxFileSize()
                        : atMost(maxFileSize, EditorSettings.DEFAULT_MAX_FILE_SIZE),
                settings.threatModels().isEmpty() ? threatModels : settings.threatModels());
    }

    private static OptionalLong atMost(OptionalLong fromFile, long editorDefault) {
        return fromFile.isPresent() ? OptionalLong.of(Math.min(fromFile.getAsLong(), editorDefault)) : fromFile;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
