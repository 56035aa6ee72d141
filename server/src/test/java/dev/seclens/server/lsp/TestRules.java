package dev.seclens.server.lsp;

import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small rules whose behaviour the server tests control. */
final class TestRules {
    private TestRules() {
    }

    /** Reports every call of a method named {@code danger}. */
    @RuleInfo(id = "java/test-danger", title = "Test: danger()", cwe = {20}, owasp = Owasp.A03, concern = Concern.INJECTION,
            severity = Severity.HIGH, confidence = Confidence.HIGH, summary = "Reports calls of danger().")
    static final class Danger implements Rule {
        @Override
        public void check(RuleContext context) {
            for (MethodCallExpr call : context.unit().findAll(MethodCallExpr.class)) {
                if (call.getNameAsString().equals("danger")) {
                    context.report(call, "danger() called");
                }
            }
        }
    }

    /** Holds every run until {@link #release} opens, so a test can change the document meanwhile. */
    @RuleInfo(id = "java/test-gate", title = "Test: gate", cwe = {20}, owasp = Owasp.A03, concern = Concern.INJECTION,
            severity = Severity.LOW, confidence = Confidence.LOW, summary = "Reports nothing, slowly.")
    static final class Gate implements Rule {
        final Semaphore entered = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void check(RuleContext context) {
            runs.incrementAndGet();
            entered.release();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitEntered() throws InterruptedException {
            if (!entered.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the analysis never started");
            }
        }
    }

    /** Always throws, as a buggy rule would. */
    @RuleInfo(id = "java/test-broken", title = "Test: broken", cwe = {20}, owasp = Owasp.A03, concern = Concern.INJECTION,
            severity = Severity.LOW, confidence = Confidence.LOW, summary = "Fails.")
    static final class Broken implements Rule {
        @Override
        public void check(RuleContext context) {
            throw new IllegalStateException("broken on purpose");
        }
    }
}
