package dev.seclens.rules;

import java.util.Set;

/**
 * The threat models in force (the configuration's {@code threatModels}): where untrusted data may come
 * from. A service of the analysis ({@link RuleContext#service}) for rules that judge a value's origin
 * themselves, so they agree with the taint engine's sources.
 */
public record ThreatModels(Set<String> enabled) {
    /** Parameters of a library's public methods: data chosen by whoever calls the library. */
    public static final String API = "api";

    public ThreatModels {
        enabled = Set.copyOf(enabled);
    }

    public boolean has(String model) {
        return enabled.contains(model);
    }
}
