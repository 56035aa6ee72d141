package dev.seclens.rules.deps;

import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;

/**
 * The rule's place in the catalogue (metadata, documentation, configuration, SARIF). Its findings
 * come from build files, which the engine hands to {@link BuildFileAnalyzer} under this rule's
 * configured metadata; Java sources declare no dependencies, so {@link #check} has nothing to do.
 */
@RuleInfo(
        id = VulnerableDependencyRule.ID,
        title = "Dependency with a known vulnerability",
        cwe = {1395},
        owasp = Owasp.A06,
        concern = Concern.DEPENDENCIES,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "A pom.xml, Gradle build or version catalog asks for a library version that a known advisory affects.")
public final class VulnerableDependencyRule implements Rule {
    public static final String ID = "java/vulnerable-dependency";

    @Override
    public void check(RuleContext context) {
        // Java sources declare no dependencies: see BuildFileAnalyzer.
    }
}
