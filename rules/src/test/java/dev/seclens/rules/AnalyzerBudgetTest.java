package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.seclens.rules.config.ConfigurationException;
import dev.seclens.rules.config.ConfigurationParser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-file time budget (partial results, said so) and the analyzer's fingerprint for caches. */
class AnalyzerBudgetTest {
    private static final SourceFile FILE = new SourceFile("src/main/java/A.java", "class A { void f() { g(); } }");

    @RuleInfo(id = "java/test-calls", title = "calls", cwe = {1}, owasp = Owasp.A04, concern = Concern.ROBUSTNESS,
            severity = Severity.LOW, confidence = Confidence.LOW, summary = "reports every call", inTestCode = false)
    static final class CallsRule implements Rule {
        @Override
        public void check(RuleContext context) {
            context.unit().findAll(MethodCallExpr.class).forEach(c -> context.report(c, "call"));
        }
    }

    /** Spins until cancelled, reporting first: its findings must not survive the budget. */
    @RuleInfo(id = "java/test-spins", title = "spins", cwe = {1}, owasp = Owasp.A04, concern = Concern.ROBUSTNESS,
            severity = Severity.LOW, confidence = Confidence.LOW, summary = "spins", inTestCode = false)
    static final class SpinningRule implements Rule {
        @Override
        public void check(RuleContext context) {
            context.unit().findAll(MethodCallExpr.class).forEach(c -> context.report(c, "spun"));
            long started = System.nanoTime();
            while (!context.isCancelled() && System.nanoTime() - started < Duration.ofSeconds(30).toNanos()) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void theBudgetStopsTheRuleInProgressKeepsTheCompletedOnesAndSaysSo() {
        Analyzer analyzer = new Analyzer(List.of(new CallsRule(), new SpinningRule(), new CallsRule()))
                .withTimeBudget(Duration.ofMillis(200));
        long started = System.nanoTime();
        Analysis analysis = analyzer.analyze(FILE);
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(tookMillis < 5_000, "stopped after " + tookMillis + " ms");
        assertEquals(List.of("call"), analysis.findings().stream().map(Finding::message).toList());
        String incomplete = analysis.incomplete().orElseThrow();
        assertTrue(incomplete.matches("analysis stopped after \\d+ ms: java/test-spins was cut short and 1 rule did not"
                + " run \\(java/test-calls\\); results are partial"), incomplete);
    }

    /** Reports every call, then takes its time without ever asking whether to stop, as the AST rules do. */
    @RuleInfo(id = "java/test-slow-calls", title = "slow calls", cwe = {1}, owasp = Owasp.A04, concern = Concern.ROBUSTNESS,
            severity = Severity.LOW, confidence = Confidence.LOW, summary = "slow", inTestCode = false)
    static final class SlowButWholeRule implements Rule {
        @Override
        public void check(RuleContext context) {
            context.unit().findAll(MethodCallExpr.class).forEach(c -> context.report(c, "slow call"));
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aRuleThatFinishedPastTheBudgetKeepsItsFindingsAndTheRestAreNamed() {
        // the large file whose finding on line 4 went missing: its first rule finished after the budget
        Analysis analysis = new Analyzer(List.of(new SlowButWholeRule(), new CallsRule(), new SpinningRule()))
                .withTimeBudget(Duration.ofMillis(100)).analyze(FILE);
        assertEquals(List.of("slow call"), analysis.findings().stream().map(Finding::message).toList());
        String incomplete = analysis.incomplete().orElseThrow();
        assertTrue(incomplete.matches("analysis stopped after \\d+ ms: 2 rules did not run \\(java/test-calls,"
                + " java/test-spins\\); results are partial"), incomplete);
    }

    @Test
    void withoutABudgetOrWithinItTheAnalysisIsComplete() {
        Analysis analysis = new Analyzer(List.of(new CallsRule())).withTimeBudget(Duration.ofSeconds(30)).analyze(FILE);
        assertEquals(Optional.empty(), analysis.incomplete());
        assertEquals(1, analysis.findings().size());
    }

    @Test
    void theConfigurationSetsTheBudget() throws ConfigurationException {
        ConfigurationParser parser = new ConfigurationParser(List.of("java/test-calls", "java/test-spins"));
        Analyzer analyzer = new Analyzer(List.of(new SpinningRule()))
                .configured(parser.parseFile("{\"analysisTimeoutMs\": 100}", "f"), file -> false);
        assertEquals(Optional.of(Duration.ofMillis(100)), analyzer.timeBudget());
        assertTrue(analyzer.analyze(FILE).incomplete().isPresent());
    }

    @Test
    void aFileOverTheSizeLimitIsNotAnalysedAndSaysWhy() {
        Analyzer analyzer = new Analyzer(List.of(new CallsRule())).withMaxFileSize(1024);
        SourceFile large = new SourceFile("A.java", "class A { void f() { g(); } }\n" + "// \u00e9\n".repeat(300));
        Analysis analysis = analyzer.analyze(large);
        assertEquals(List.of(), analysis.findings());
        assertEquals(Optional.of("file too large to analyse (" + (30 + 300 * 6) + " bytes, limit 1024)"),
                analysis.incomplete());
        assertEquals(1, analyzer.analyze(FILE).findings().size());
    }

    @Test
    void theFingerprintIsStableAndChangesWithTheRulesAndTheirSettings() throws ConfigurationException {
        ConfigurationParser parser = new ConfigurationParser(List.of("java/test-calls", "java/test-spins"));
        Analyzer one = new Analyzer(List.of(new CallsRule()));
        assertEquals(one.fingerprint(), new Analyzer(List.of(new CallsRule())).fingerprint());
        assertEquals(64, one.fingerprint().length());
        assertNotEquals(one.fingerprint(), new Analyzer(List.of(new CallsRule(), new SpinningRule())).fingerprint());
        assertNotEquals(one.fingerprint(),
                one.configured(parser.parseFile("{\"rules\": {\"java/test-calls\": \"high\"}}", "f"), f -> false).fingerprint());
        assertNotEquals(one.fingerprint(),
                one.configured(parser.parseFile("{\"minimumConfidence\": \"high\"}", "f"), f -> false).fingerprint());
        assertEquals(one.fingerprint(), one.withTimeBudget(Duration.ofSeconds(1)).fingerprint(),
                "a budget does not change complete results, and partial ones are not cached");
    }
}
