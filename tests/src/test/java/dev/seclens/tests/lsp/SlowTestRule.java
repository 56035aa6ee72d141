package dev.seclens.tests.lsp;

import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;

/** Reports nothing, slowly: keeps an analysis in flight long enough to observe what waits for it. */
@RuleInfo(id = "java/test-slow", title = "Test: slow rule", cwe = {1}, owasp = Owasp.A04, concern = Concern.ROBUSTNESS,
        severity = Severity.LOW, confidence = Confidence.LOW, summary = "Takes its time and reports nothing.")
public final class SlowTestRule implements Rule {
    private final long millis;

    public SlowTestRule(long millis) {
        this.millis = millis;
    }

    @Override
    public void check(RuleContext context) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
