package dev.seclens.rules.checks;

import dev.seclens.rules.Rule;
import dev.seclens.rules.deps.VulnerableDependencyRule;
import dev.seclens.rules.taint.TaintRules;
import java.util.ArrayList;
import java.util.List;

/** Every rule SecLens ships, in the order they run. */
public final class BuiltInRules {
    private BuiltInRules() {
    }

    public static List<Rule> all() {
        List<Rule> rules = new ArrayList<>(List.of(
                new WeakHashRule(),
                new WeakCipherRule(),
                new PredictableRandomRule(),
                new InsecureCookieRule(),
                new HardcodedCredentialRule(),
                new XxeRule(),
                new UnsafeDeserializationRule(),
                new SwallowedExceptionRule(),
                new ErrorInformationExposureRule(),
                new SensitiveDataLoggedRule(),
                new WeakCryptoConfigRule(),
                new HardcodedCryptoKeyRule(),
                new TrustAllCertificatesRule(),
                new HostnameVerificationDisabledRule(),
                new WeakPasswordHashRule(),
                new InsecureRandomSeedRule(),
                new CleartextTransmissionRule(),
                new CsrfDisabledRule(),
                new PermissiveCorsRule(),
                new MissingAuthorizationRule(),
                new UncheckedRandomPickRule(),
                new PartialPathTraversalRule(),
                new TestCodeInProductionRule(),
                new RegexDosRule(),
                new VulnerableDependencyRule()));
        rules.addAll(TaintRules.all());
        return List.copyOf(rules);
    }
}
