package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.JavaSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A file whose first round read nothing that round changed (its own methods' summaries, the
 * fields and collection keys it wrote, static fields) takes one round; one that did takes a
 * second, and the flows that only the second round sees are found.
 */
class FileTaintRoundsTest {
    private static FileTaint run(String members) {
        String text = """
                package p;
                import javax.servlet.http.HttpServletRequest;
                import java.sql.Statement;
                class C {
                %s
                }
                """.formatted(members);
        CompilationUnit unit = JavaSource.parse(text).unit().orElseThrow();
        SpecIndex specs = new SpecIndex(TaintEngine.builtIn().specs(), null, TaintEngine.DEFAULT_THREAT_MODELS,
                TaintSpecs.DEFAULT_MINIMUM_LOG_LEVEL);
        return new FileTaint(unit, "p/C.java", specs, SummaryTable.EMPTY, () -> false).run();
    }

    private static List<Integer> sinkLines(FileTaint taint) {
        return taint.flows().stream().map(f -> f.at().getBegin().orElseThrow().line).sorted().toList();
    }

    @Test
    void methodsThatUseNothingOfEachOtherTakeOneRound() {
        FileTaint taint = run("""
                    void search(HttpServletRequest request, Statement st) throws Exception {
                        st.execute("SELECT * FROM t WHERE name = '" + request.getParameter("q") + "'");
                    }
                    String token(java.util.Random random) {
                        return Integer.toHexString(random.nextInt());
                    }
                """);
        assertEquals(1, taint.rounds());
        assertEquals(List.of(6), sinkLines(taint));
    }

    @Test
    void aCallOfAHelperDeclaredBelowTakesASecondRoundThatFollowsIt() {
        FileTaint taint = run("""
                    void search(HttpServletRequest request, Statement st) throws Exception {
                        st.execute(where(request.getParameter("q")));
                    }
                    String where(String name) {
                        return "SELECT * FROM t WHERE name = '" + name + "'";
                    }
                """);
        assertEquals(2, taint.rounds());
        assertEquals(List.of(6), sinkLines(taint));
    }

    @Test
    void aFieldReadBeforeAnotherMethodWritesItTakesASecondRoundThatFollowsIt() {
        FileTaint taint = run("""
                    private String name;
                    void search(Statement st) throws Exception {
                        st.execute("SELECT * FROM t WHERE name = '" + name + "'");
                    }
                    void remember(HttpServletRequest request) {
                        name = request.getParameter("q");
                    }
                """);
        assertEquals(2, taint.rounds());
        assertEquals(List.of(7), sinkLines(taint));
    }

    @Test
    void aFieldWrittenButNeverReadTakesOneRound() {
        FileTaint taint = run("""
                    private String name;
                    void remember(HttpServletRequest request) {
                        name = request.getParameter("q");
                    }
                """);
        assertEquals(1, taint.rounds());
        assertEquals(List.of(), sinkLines(taint));
    }

    @Test
    void aMethodWhoseReadsDidNotChangeIsReplayedWithItsFlowsAndWrites() {
        FileTaint taint = run("""
                    private String last;
                    void search(HttpServletRequest request, Statement st) throws Exception {
                        st.execute(where(request.getParameter("q")));
                    }
                    String where(String name) {
                        return "SELECT * FROM t WHERE name = '" + name + "'";
                    }
                    void direct(HttpServletRequest request, Statement st) throws Exception {
                        last = request.getParameter("id");
                        st.execute("DELETE FROM t WHERE id = " + last);
                    }
                    void echo(Statement st) throws Exception {
                        st.execute(last);
                    }
                """);
        // the second round runs search (where's summary changed) and echo (the field last was written), and
        // replays where and direct, which read neither: direct's flow is still there, and its write to last, or the
        // round would not have found the fields as they were and taken a third
        assertEquals(2, taint.rounds());
        assertEquals(2, taint.replayed());
        assertEquals(List.of(7, 14, 17), sinkLines(taint));
    }
}
