package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.JavaSource;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.checks.BuiltInRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every limit the taint engine applies is said with the file's findings (the partial-analysis
 * note), never applied silently; a file that meets no limit gets no note.
 */
class AnalysisLimitsTest {
    private static Optional<String> noteOf(String text) {
        Analysis analysis = new Analyzer(BuiltInRules.all()).analyze(new SourceFile("p/C.java", text));
        return analysis.incomplete();
    }

    private static String method(String body) {
        return """
                package p;
                class C {
                    void run(javax.servlet.http.HttpServletRequest request, java.sql.Statement st, boolean more)
                            throws Exception {
                %s
                    }
                }
                """.formatted(body);
    }

    @Test
    void anOrdinaryLoopSettlesAndLeavesNoNote() {
        assertEquals(Optional.empty(), noteOf(method("""
                String a = "", b = "";
                while (more) { a = b; b = request.getParameter("q"); }
                st.execute(a);
                """)));
    }

    @Test
    void aLoopThatNeedsMoreRoundsThanTheEngineRunsIsNoted() {
        String note = noteOf(method("""
                String a = "", b = "", c = "", d = "", e = "", f = "";
                while (more) { a = b; b = c; c = d; d = e; e = f; f = request.getParameter("q"); }
                st.execute(a);
                """)).orElse("");
        assertTrue(note.contains("the loop at line 6 did not settle"), note);
    }

    @Test
    void taintsDroppedFromAValueThatJoinsTooManySourcesAreNoted() {
        String note = noteOf(method("""
                String q = request.getParameter("a") + request.getHeader("b") + request.getQueryString()
                        + request.getRequestURI() + request.getPathInfo() + request.getRemoteUser();
                st.execute(q);
                """)).orElse("");
        assertTrue(note.contains("dropped"), note);
    }

    @Test
    void aMethodOverTheEvaluationBudgetIsNotedAndOneWithinItIsNot() {
        String text = method("String s = request.getParameter(\"q\");\n" + "s = s.trim() + s;\n".repeat(50)
                + "st.execute(s);\n");
        CompilationUnit unit = JavaSource.parse(text).unit().orElseThrow();
        SpecIndex specs = new SpecIndex(TaintEngine.builtIn().specs(), null, TaintEngine.DEFAULT_THREAT_MODELS,
                TaintSpecs.DEFAULT_MINIMUM_LOG_LEVEL);
        FileTaint within = new FileTaint(unit, "p/C.java", specs, SummaryTable.EMPTY, () -> false).run();
        assertEquals(List.of(), within.limits());
        assertEquals(1, within.flows().size());
        FileTaint over = new FileTaint(unit, "p/C.java", specs, SummaryTable.EMPTY, () -> false)
                .withMethodBudget(100).run();
        assertEquals(List.of("`run` (line 3) needs more than 100 evaluation steps; flows in the rest of it are not followed"),
                over.limits());
        assertEquals(List.of(), over.flows(), "the sink after the budget ran out is not reached");
    }

    @Test
    void aMethodThatReachesMoreSinksThanItsSummaryKeepsIsNoted() {
        assertEquals(Optional.empty(), noteOf(sinks(32)));
        String note = noteOf(sinks(33)).orElse("");
        assertTrue(note.contains("`run` (line 3) reaches more than 32 sinks"), note);
    }

    /** A method that runs its parameter as SQL {@code count} times, each a sink of its own. */
    private static String sinks(int count) {
        return "package p;\nclass C {\n    void run(String s, java.sql.Statement st) throws Exception {\n"
                + "        st.execute(s);\n".repeat(count) + "    }\n}\n";
    }

    /** {@code count} classes in a ring, each handing its argument to the next; the last also runs it as SQL. */
    private static WorkspaceSummaries ring(int count) {
        Map<String, String> texts = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String sink = i == count - 1 ? " st.execute(s);" : "";
            texts.put("p/R" + i + ".java", "package p; public class R" + i + " { static java.sql.Statement st;"
                    + " public static void m(String s, int depth) throws Exception { if (depth > 0) R" + ((i + 1) % count)
                    + ".m(s, depth - 1);" + sink + " } }");
        }
        WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());
        summaries.addAll(texts);
        summaries.settle(path -> Optional.ofNullable(texts.get(path)), 1);
        return summaries;
    }

    @Test
    void aRingOfCallsLongerThanTheRoundsIsNotedOnceForTheWorkspace() {
        assertEquals(Optional.empty(), ring(2).settleLimit());
        String note = ring(8).settleLimit().orElse("");
        assertTrue(note.startsWith("taint summaries of "), note);
        assertTrue(note.contains("did not settle in 3 rounds"), note);
    }
    /**
     * A map's entries fold in the order they were put, so the taints a full join keeps, and the
     * count of those it drops, are the same in every run (entries once iterated in an order each JVM
     * drew anew, which changed the limit note's counts from run to run of the same scan).
     */
    @Test
    void aMapsEntriesFoldInTheOrderTheyWerePutSoTheTaintsKeptAreTheSameInEveryRun() {
        Value map = Value.emptyMap();
        List<String> codes = List.of("a()", "b()", "c()", "d()", "e()", "f()", "g()");
        for (String code : codes) {
            map = map.put("key " + code, Value.of(Taint.of(new Origin(code, "request parameter", "p/C.java",
                    dev.seclens.rules.SourceRange.point(1, 1), dev.seclens.rules.Confidence.HIGH, Origin.REAL, "remote"))));
        }
        Value.countDropped();
        Value folded = map.all();
        assertEquals(codes.subList(0, Value.MAX_TAINTS), folded.taints().stream().map(t -> t.origin().code()).toList());
        assertEquals(codes.size() - Value.MAX_TAINTS, Value.countDropped());
    }
}
