package dev.seclens.rules.checks;

import dev.seclens.rules.Rule;
import dev.seclens.rules.deps.VulnerableDependencyRule;
import java.util.List;

/** Every rule SecLens ships, in the order they run. */
public final class BuiltInRules {
    private BuiltInRules() {
    }

    public static List<Rule> all() {
        return List.of(
                new WeakHashRule(),
                new WeakCipherRule(),
                new PredictableRandomRule(),
                new InsecureCookieRule(),
                new HardcodedCredentialRule(),
                new SqlInjectionRule(),
                new VulnerableDependencyRule());
    }
}
