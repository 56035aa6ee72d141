package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.checks.BuiltInRules;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Objects keep their fields apart ({@link Value#field}): a field's data never reaches its
 * siblings, an object used whole carries every field, and past the depth and width bounds a field
 * joins its object, counted so the file's analysis note can say so.
 */
class FieldSensitivityTest {
    private static final Value REQUEST = Value.of(Taint.of(new Origin("request.getParameter(\"q\")", "request parameter",
            "p/C.java", SourceRange.point(3, 5), Confidence.HIGH, Origin.REAL, "remote")));
    private static final Value RECEIVER = Value.of(Taint.of(Origin.receiver()));

    @BeforeEach
    void resetCounts() {
        Value.countFoldedFields();
        Value.countDropped();
    }

    @Test
    void aFieldsDataStaysInThatField() {
        Value query = Value.CLEAN.withField("sql", Value.CLEAN).withField("param", REQUEST);
        assertFalse(query.field("sql").isTainted());
        assertTrue(query.field("param").isTainted());
        assertTrue(query.isTainted(), "the object used whole carries its fields");
        assertEquals(REQUEST.taints(), query.flat().taints());
    }

    @Test
    void aWholeObjectFromARealSourceTaintsEveryField() {
        assertEquals(REQUEST.taints(), REQUEST.field("status").taints());
    }

    @Test
    void aParametersFieldIsThatFieldOfWhatCallersPass() {
        Value name = Value.of(Taint.of(Origin.parameter(0))).field("customer").field("name");
        assertEquals(List.of("customer", "name"), name.taints().get(0).origin().path());
        assertEquals(0, name.taints().get(0).origin().parameter());
    }

    @Test
    void joiningKeepsFieldsApartAndAssignmentReplacesOne() {
        Value a = Value.CLEAN.withField("owner", REQUEST);
        Value b = Value.CLEAN.withField("status", Value.CLEAN);
        Value joined = a.join(b);
        assertTrue(joined.field("owner").isTainted());
        assertFalse(joined.field("status").isTainted());
        assertFalse(joined.withField("owner", Value.CLEAN).isTainted());
        assertTrue(joined.sameFacts(b.join(a)));
        assertFalse(joined.sameFacts(b));
    }

    @Test
    void manyFieldsOfOneObjectWidenToTheObjectInsteadOfBeingDropped() {
        Value v = Value.CLEAN;
        for (String f : List.of("a", "b", "c", "d", "e", "f")) v = v.join(RECEIVER.field(f));
        v = v.join(REQUEST);
        assertEquals(0, Value.countDropped());
        assertTrue(v.taints().size() <= Value.MAX_TAINTS, v.toString());
        assertTrue(v.taints().stream().anyMatch(t -> t.origin().parameter() == Origin.RECEIVER && t.origin().path().isEmpty()),
                "the receiver's fields widen to the receiver: " + v);
        assertTrue(v.taints().stream().anyMatch(t -> t.origin().isReal()), v.toString());
    }

    @Test
    void fieldsNestedPastTheDepthBoundJoinTheirField() {
        Value deep = Value.CLEAN.withField("d", Value.CLEAN.withField("e", REQUEST).withField("f", Value.CLEAN));
        Value three = Value.CLEAN.withField("c", deep);
        assertEquals(0, Value.countFoldedFields());
        Value four = Value.CLEAN.withField("b", three);
        assertEquals(1, Value.countFoldedFields());
        assertTrue(four.field("b").field("c").field("d").field("f").isTainted(), "past the bound siblings share data");
        assertFalse(three.field("c").field("d").field("f").isTainted());
    }

    @Test
    void fieldsPastTheWidthBoundJoinTheWholeObject() {
        Value wide = Value.CLEAN;
        for (int i = 0; i < Value.MAX_FIELDS; i++) wide = wide.withField("f" + i, Value.CLEAN);
        assertEquals(0, Value.countFoldedFields());
        Value over = wide.withField("extra", REQUEST);
        assertEquals(1, Value.countFoldedFields());
        assertTrue(over.field("f0").isTainted());
    }

    @Test
    void summariesKeepFieldsAndFoldEntries() {
        Value map = Value.emptyMap().put("k", REQUEST);
        Value object = Value.CLEAN.withField("entries", map).withField("name", Value.CLEAN);
        Value kept = object.keepingFields();
        assertFalse(kept.field("name").isTainted());
        assertTrue(kept.field("entries").isTainted());
        assertFalse(kept.field("entries").tracksKeys());
    }

    @Test
    void aFieldWrittenPastTheDepthBoundIsNotedAndAShallowOneIsNot() {
        Analysis shallow = analyze(file("a.b.e = request.getParameter(\"q\"); st.execute(a.b.f);"));
        assertEquals(Optional.empty(), shallow.incomplete());
        assertEquals(0, sqlFindings(shallow));

        Analysis deep = analyze(file("a.b.c.d.e = request.getParameter(\"q\"); st.execute(a.b.c.d.f);"));
        assertTrue(deep.incomplete().orElse("").contains("fields nested deeper than 3 levels"), deep.incomplete().toString());
        assertEquals(1, sqlFindings(deep), "past the bound the sibling carries the data, as the note says");
    }

    private static long sqlFindings(Analysis analysis) {
        return analysis.findings().stream().filter(f -> f.ruleId().equals("java/sql-injection")).count();
    }

    private static String file(String statements) {
        return """
                package p;
                class C {
                    C b; C c; C d; String e; String f;
                    void run(javax.servlet.http.HttpServletRequest request, java.sql.Statement st) throws Exception {
                        C a = new C();
                        %s
                    }
                }
                """.formatted(statements);
    }

    private static Analysis analyze(String text) {
        return new Analyzer(BuiltInRules.all()).analyze(new SourceFile("p/C.java", text));
    }
}
