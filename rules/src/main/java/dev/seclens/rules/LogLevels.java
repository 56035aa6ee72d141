package dev.seclens.rules;

import dev.seclens.rules.taint.TaintSpecs;

/**
 * The lowest log level the project's logs are taken to hold (the configuration's
 * {@code java/log-injection} {@code minimumLevel}, INFO by default): a service of the analysis
 * ({@link RuleContext#service}) for rules that judge what a logging call exposes, so that they
 * agree with the taint engine's logging sinks.
 */
public record LogLevels(String minimum) {
    public static final LogLevels DEFAULT = new LogLevels(TaintSpecs.DEFAULT_MINIMUM_LOG_LEVEL);

    public LogLevels {
        if (!TaintSpecs.LOG_LEVELS.contains(minimum)) {
            throw new IllegalArgumentException("unknown log level " + minimum);
        }
    }

    /** Whether lines logged at {@code level} (one of {@link TaintSpecs#LOG_LEVELS}) are written. */
    public boolean written(String level) {
        return TaintSpecs.LOG_LEVELS.indexOf(level) >= TaintSpecs.LOG_LEVELS.indexOf(minimum);
    }
}
