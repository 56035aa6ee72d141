package dev.seclens.rules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;

/**
 * A coverage-guided fuzz target for the engine, outside the normal build: {@code mvn -Pjazzer -pl
 * rules test} replays the inputs kept under {@code src/jazzer/resources}; with
 * {@code JAZZER_FUZZ=1} in the environment Jazzer searches for new ones for five minutes. A
 * finding is any rule failure, an analysis over its time budget, or a range outside the text.
 */
class AnalyzerJazzerTest {
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();
    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(AnalysisThreads.factory("jazzer"));

    /** The first analysis loads the parser and every rule: not something to time. */
    @BeforeAll
    static void warmUp() throws Exception {
        THREAD.submit(() -> ANALYZER.analyze(new SourceFile("Warm.java", "class Warm { void f() { g(\"x\" + 1); } }")))
                .get();
    }

    @FuzzTest(maxDuration = "5m")
    void analyse(FuzzedDataProvider data) throws Exception {
        String path = data.pickValue(List.of("src/main/java/demo/A.java", "src/test/java/demo/ATest.java"));
        String text = data.consumeRemainingAsString();
        Future<Analysis> running = THREAD.submit(() -> ANALYZER.analyze(new SourceFile(path, text)));
        Analysis analysis;
        try {
            analysis = running.get(BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw new IllegalStateException("analysis took over " + BUDGET.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("analysis threw", e.getCause());
        }
        if (!analysis.failures().isEmpty()) {
            throw new IllegalStateException("rule failures: " + analysis.failures());
        }
        TextLines lines = TextLines.of(text);
        for (Finding f : analysis.findings()) {
            requireInside(f.range(), lines, f.ruleId());
        }
        for (SyntaxProblem p : analysis.syntaxProblems()) {
            requireInside(p.range(), lines, "syntax problem");
        }
    }

    private static void requireInside(SourceRange range, TextLines lines, String what) {
        if (range.endLine() > lines.count() || range.startColumn() > lines.length(range.startLine()) + 1
                || range.endColumn() > lines.length(range.endLine()) + 1) {
            throw new IllegalStateException(what + " " + range + " outside the text (" + lines.count() + " lines)");
        }
    }
}
