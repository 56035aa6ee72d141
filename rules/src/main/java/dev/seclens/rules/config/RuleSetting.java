package dev.seclens.rules.config;

import dev.seclens.rules.Severity;
import java.util.Optional;

/** One rule's override: off, or on with an optional severity replacing the rule's own. */
public record RuleSetting(boolean enabled, Optional<Severity> severity) {

    public static RuleSetting off() {
        return new RuleSetting(false, Optional.empty());
    }

    public static RuleSetting on(Severity severity) {
        return new RuleSetting(true, Optional.ofNullable(severity));
    }
}
