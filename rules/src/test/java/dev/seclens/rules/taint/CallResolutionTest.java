package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.checks.BuiltInRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How calls choose their targets: overloads by type, virtual calls capped and reported, never silently. */
class CallResolutionTest {
    private final Overloads overloads = new Overloads(SummaryTable.EMPTY);

    private static MethodSummary method(String... parameterTypes) {
        return new MethodSummary("p.C", "m", List.of(parameterTypes), "", true, false, "C.java", 1,
                Value.CLEAN, Value.CLEAN, List.of());
    }

    @Test
    void nullFitsAnyReferenceButNoPrimitive() {
        MethodSummary text = method("java.lang.String");
        MethodSummary number = method("int");
        assertEquals(List.of(text), overloads.choose(List.of(text, number), List.of(Optional.of("null"))).methods());
    }

    @Test
    void boxingAndUnboxingOnlyWhenNothingFitsWithout() {
        MethodSummary wide = method("long");
        MethodSummary boxed = method("java.lang.Integer");
        assertEquals(List.of(wide), overloads.choose(List.of(wide, boxed), List.of(Optional.of("int"))).methods());
        assertEquals(List.of(boxed), overloads.choose(List.of(wide, boxed),
                List.of(Optional.of("java.lang.Integer"))).methods());
        MethodSummary object = method("java.lang.Object");
        MethodSummary text = method("java.lang.String");
        assertEquals(List.of(text), overloads.choose(List.of(object, text),
                List.of(Optional.of("java.lang.String"))).methods(), "the most specific wins");
    }

    @Test
    void unknownArgumentTypesJoinWhatMayApplyAndSaySo() {
        MethodSummary text = method("java.lang.String");
        MethodSummary file = method("java.io.File");
        Overloads.Choice choice = overloads.choose(List.of(text, file), List.of(Optional.empty()));
        assertEquals(List.of(text, file), choice.methods());
        assertTrue(choice.ambiguous());
        assertEquals(List.of(file), overloads.choose(List.of(text, file), List.of(Optional.of("java.io.File"))).methods());
    }

    @Test
    void thePlatformsOwnClassesDecideByTheirHierarchy() {
        MethodSummary stream = method("java.io.InputStream");
        MethodSummary text = method("java.lang.String");
        MethodSummary file = method("java.io.File");
        Overloads.Choice choice = overloads.choose(List.of(stream, text, file),
                List.of(Optional.of("java.io.ByteArrayInputStream")));
        assertEquals(List.of(stream), choice.methods());
        assertTrue(!choice.ambiguous());
        MethodSummary entry = method("java.util.Map.Entry");
        MethodSummary map = method("java.util.Map");
        assertEquals(List.of(entry), overloads.choose(List.of(entry, map),
                List.of(Optional.of("java.util.AbstractMap.SimpleEntry"))).methods(), "member types by their binary names");
        MethodSummary servlet = method("javax.servlet.ServletRequest");
        assertEquals(List.of(text), overloads.choose(List.of(servlet, text),
                List.of(Optional.of("java.lang.String"))).methods(), "a platform class extends no class from outside it");
    }

    @Test
    void aVarargsMethodAppliesToOtherCountsOnlyWhenNoFixedArityOneDoes() {
        MethodSummary one = method("java.lang.String");
        MethodSummary varargs = method("java.lang.String", "java.lang.Object[]");
        MethodSummary two = method("java.lang.String", "java.lang.String");
        List<Optional<String>> three = List.of(Optional.of("java.lang.String"), Optional.of("int"), Optional.of("int"));
        assertTrue(SummaryTable.accepts(varargs, 3) && SummaryTable.accepts(varargs, 1) && !SummaryTable.accepts(two, 3));
        assertEquals(List.of(varargs), overloads.choose(List.of(one, varargs), three).methods());
        assertEquals(List.of(one), overloads.choose(List.of(one, varargs), List.of(Optional.of("java.lang.String"))).methods());
        assertEquals(List.of(two), overloads.choose(List.of(varargs, two),
                List.of(Optional.of("java.lang.String"), Optional.of("java.lang.String"))).methods());
    }

    @Test
    void aCallWithTooManyTargetsIsCappedAndReportedAsALimit() {
        Map<String, String> texts = new TreeMap<>();
        texts.put("p/Handler.java", "package p; public interface Handler { String handle(String s); }");
        for (int i = 0; i < SummaryTable.MAX_TARGETS + 2; i++) {
            texts.put("p/H" + i + ".java", "package p; public class H" + i
                    + " implements Handler { public String handle(String s) { return s; } }");
        }
        String caller = """
                package p;
                class Caller {
                    void run(javax.servlet.http.HttpServletRequest request, java.sql.Statement st, Handler h)
                            throws Exception {
                        st.execute(h.handle(request.getParameter("q")));
                    }
                }
                """;
        texts.put("p/Caller.java", caller);
        WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());
        summaries.addAll(texts);
        Analyzer analyzer = new Analyzer(BuiltInRules.all()).withTaint(TaintEngine.builtIn(), summaries);
        Analysis analysis = analyzer.analyze(new SourceFile("p/Caller.java", caller));
        List<Finding> sql = analysis.findings().stream().filter(f -> f.rule().id().equals("java/sql-injection")).toList();
        assertEquals(1, sql.size());
        assertEquals(Confidence.MEDIUM, sql.get(0).confidence(), "a capped call's flow is trusted less");
        assertTrue(analysis.incomplete().orElse("").contains("more than " + SummaryTable.MAX_TARGETS
                + " possible targets"), analysis.incomplete().toString());
    }
}
