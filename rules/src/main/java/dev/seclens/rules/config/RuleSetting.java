package dev.seclens.rules.config;

import dev.seclens.rules.Severity;
import java.util.Optional;

/**
 * One rule's override: off, or on with an optional severity replacing the rule's own, and for
 * {@code java/log-injection} an optional lowest log level whose calls it reports
 * ({@link dev.seclens.rules.taint.TaintSpecs#LOG_LEVELS}).
 */
public record RuleSetting(boolean enabled, Optional<Severity> severity, Optional<String> minimumLevel) {
    /** The rule whose setting may give a {@link #minimumLevel}. */
    public static final String LOG_INJECTION = "java/log-injection";

    public RuleSetting(boolean enabled, Optional<Severity> severity) {
        this(enabled, severity, Optional.empty());
    }

    public static RuleSetting off() {
        return new RuleSetting(false, Optional.empty());
    }

    public static RuleSetting on(Severity severity) {
        return new RuleSetting(true, Optional.ofNullable(severity));
    }
}
