package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
    private static final String MD5 = """
            import java.security.MessageDigest;
            class A {
                void f() throws Exception {
                    MessageDigest.getInstance("MD5");
                }
            }
            """;

    @RuleInfo(id = "java/test-always-throws", title = "throws", cwe = {1}, owasp = Owasp.A04, concern = Concern.ROBUSTNESS,
            severity = Severity.LOW, confidence = Confidence.LOW, summary = "throws", inTestCode = true)
    static final class ThrowingRule implements Rule {
        @Override
        public void check(RuleContext context) {
            throw new IllegalStateException("boom");
        }
    }

    @RuleInfo(id = "java/test-every-call", title = "every call", cwe = {1}, owasp = Owasp.A04, concern = Concern.ROBUSTNESS,
            severity = Severity.LOW, confidence = Confidence.LOW, summary = "reports every call", inTestCode = false)
    static final class EveryCallRule implements Rule {
        @Override
        public void check(RuleContext context) {
            context.unit().findAll(MethodCallExpr.class).forEach(c -> context.report(c, "call " + c.getNameAsString()));
        }
    }

    @Test
    void aThrowingRuleIsRecordedAndTheOthersStillReport() {
        Analyzer analyzer = new Analyzer(List.of(new ThrowingRule(), new EveryCallRule()));
        Analysis analysis = analyzer.analyze(new SourceFile("src/main/java/A.java", MD5));
        assertEquals(1, analysis.failures().size());
        assertEquals("java/test-always-throws", analysis.failures().get(0).ruleId());
        assertTrue(analysis.failures().get(0).error().contains("boom"));
        assertEquals(1, analysis.findings().size());
    }

    @Test
    void rulesOffInTestCodeDoNotRunThere() {
        Analyzer analyzer = new Analyzer(List.of(new EveryCallRule()));
        for (String path : List.of("src/test/java/A.java", "AServiceTest.java", "ATests.java", "pkg/AIT.java")) {
            assertEquals(List.of(), analyzer.analyze(new SourceFile(path, MD5)).findings(), path);
        }
        assertEquals(1, analyzer.analyze(new SourceFile("src/main/java/Attest.java", MD5)).findings().size());
    }

    @Test
    void findingsComeOutInPositionOrder() {
        String text = "class A { void f() { b(); a(); c(a()); } }";
        Analysis analysis = new Analyzer(List.of(new EveryCallRule())).analyze(new SourceFile("A.java", text));
        assertEquals(List.of("call b", "call a", "call c", "call a"),
                analysis.findings().stream().map(Finding::message).toList());
    }

    @Test
    void rangesAreOneBasedWithExclusiveEnd() {
        Analysis analysis = Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", MD5));
        SourceRange range = analysis.findings().get(0).range();
        assertEquals(new SourceRange(4, 9, 4, 41), range);
    }

    @Test
    void brokenCodeGetsProblemsAndTheRecoveredPartsAreStillAnalysed() {
        String text = MD5.replace("class A {", "class A {\n    void broken( {\n    }\n");
        Analysis analysis = Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", text));
        assertFalse(analysis.syntaxProblems().isEmpty());
    }

    @Test
    void aLexicalErrorIsPlacedWhereItIs() {
        String text = "class A {\n    String s = \"unterminated;\n}\n";
        Analysis analysis = Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", text));
        assertFalse(analysis.syntaxProblems().isEmpty());
        assertEquals(2, analysis.syntaxProblems().get(0).range().startLine(), analysis.syntaxProblems().toString());
    }

    @Test
    void syntaxProblemsAtTheEndOfFileStayInsideTheDocument() {
        // regression (FuzzTest): the parser puts <EOF> problems one column past the last line
        Analysis eof = Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", "class A {\n  void f() {\n"));
        assertFalse(eof.syntaxProblems().isEmpty());
        for (SyntaxProblem problem : eof.syntaxProblems()) {
            SourceRange r = problem.range();
            assertTrue(r.endLine() < 3 || r.endLine() == 3 && r.endColumn() == 1, problem.toString());
        }
        // and a lexical error on a line end covers no character beyond it
        Analysis lexical = Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", "class A {\n String s = \"ab\n}"));
        for (SyntaxProblem problem : lexical.syntaxProblems()) {
            SourceRange r = problem.range();
            assertTrue(r.endLine() > 2 || r.endColumn() <= " String s = \"ab".length() + 1, problem.toString());
        }
        Analysis nul = Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", "\0"));
        for (SyntaxProblem problem : nul.syntaxProblems()) {
            assertTrue(problem.range().endColumn() <= 2, problem.toString());
        }
    }

    @Test
    void syntaxProblemsDoNotListEveryTokenTheParserExpected() {
        Analysis analysis = Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", "class A { int x = ; }"));
        assertFalse(analysis.syntaxProblems().isEmpty());
        for (SyntaxProblem problem : analysis.syntaxProblems()) {
            assertFalse(problem.message().contains("expected one of"), problem.message());
            assertFalse(problem.message().contains("\n"), problem.message());
        }
    }

    @Test
    void emptyAndGarbageInputAreNotErrors() {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        assertEquals(List.of(), analyzer.analyze(new SourceFile("Empty.java", "")).findings());
        Analysis garbage = analyzer.analyze(new SourceFile("Bin.java", "\u0000\u0001\uFFFD}}}{{{ class"));
        assertFalse(garbage.syntaxProblems().isEmpty());
    }

    @Test
    void deepNestingOnAnOrdinaryThreadBecomesAProblemNotACrash() throws Exception {
        String deep = "class A { int x = " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + "; }";
        Analysis analysis = runOnSmallStack(() -> Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", deep)));
        assertFalse(analysis.syntaxProblems().isEmpty());
    }

    @Test
    void fiveThousandChainedOperandsAreAnalysedOnAnAnalysisThread() throws Exception {
        StringBuilder sql = new StringBuilder("\"SELECT * FROM t WHERE a = '\" + name");
        for (int i = 0; i < 5000; i++) {
            sql.append(" + \"x\"");
        }
        String text = "class A { void f(javax.servlet.http.HttpServletRequest request, java.sql.Statement st)"
                + " throws Exception { String name = request.getParameter(\"n\"); st.executeQuery(" + sql + "); } }";
        ExecutorService pool = Executors.newSingleThreadExecutor(AnalysisThreads.factory("test"));
        try {
            Analysis analysis = pool.submit(() -> Analyzer.withBuiltInRules().analyze(new SourceFile("A.java", text))).get();
            assertEquals(List.of(), analysis.syntaxProblems());
            assertEquals(List.of("java/sql-injection"), analysis.findings().stream().map(Finding::ruleId).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Analysis runOnSmallStack(Callable<Analysis> task) throws Exception {
        FutureTask<Analysis> future = new FutureTask<>(task);
        new Thread(null, future, "small-stack", 256 * 1024).start();
        return future.get();
    }
}
