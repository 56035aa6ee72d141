package dev.seclens.rules.config;

import dev.seclens.rules.Confidence;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code seclens} settings section an editor sends: the same {@code rules},
 * {@code minimumConfidence}, {@code analysisTimeoutMs} and {@code maxFileSize} as
 * {@code .seclens.json}, which they override, plus {@code enable}.
 *
 * @param ignored    top-level keys that are not SecLens server settings (a client's own, such as
 *                   {@code java.home}), left out rather than refused
 * @param advisories OSV advisory files or folders, absolute or relative to the workspace folder,
 *                   added to those of {@code .seclens.json}
 */
public record EditorSettings(
        boolean enable,
        Map<String, RuleSetting> rules,
        Optional<Confidence> minimumConfidence,
        List<String> ignored,
        List<String> advisories,
        OptionalLong analysisTimeoutMillis,
        OptionalLong maxFileSize) {

    public static final EditorSettings DEFAULT = new EditorSettings(true, Map.of(), Optional.empty(), List.of());
    /**
     * The editor's per-file time budget and size limit when the settings give none. A workspace's
     * {@code .seclens.json} comes with the code being read, so it may lower them, never raise them:
     * only the user's settings can.
     */
    public static final long DEFAULT_ANALYSIS_TIMEOUT_MS = 5000;
    public static final long DEFAULT_MAX_FILE_SIZE = 2L << 20;

    /** Settings without extra advisories, leaving the budgets to the file and the defaults. */
    public EditorSettings(boolean enable, Map<String, RuleSetting> rules, Optional<Confidence> minimumConfidence,
                          List<String> ignored) {
        this(enable, rules, minimumConfidence, ignored, List.of(), OptionalLong.empty(), OptionalLong.empty());
    }

    public EditorSettings {
        rules = Map.copyOf(rules);
        ignored = List.copyOf(ignored);
        advisories = List.copyOf(advisories);
    }
}
