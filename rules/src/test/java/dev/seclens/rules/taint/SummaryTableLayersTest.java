package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A table layered over another ({@link SummaryTable#with}) hides the classes of the file it replaces, however deep. */
class SummaryTableLayersTest {
    @Test
    void aLayerHidesTheClassesOfTheFileItReplacesFromEveryQuestion() {
        WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());
        summaries.addAll(Map.of(
                "Helper.java", "class Helper { static String wrap(String v) { return v; } }",
                "Service.java", "class Service { String run(String v) { return Helper.wrap(v); } }"));
        SummaryTable table = summaries.table();
        assertTrue(table.knows("Helper"));
        assertTrue(table.knows("Service"));
        assertFalse(table.knows("Other"));

        SummaryTable withoutHelper = table.with("Helper.java", List.of());
        assertFalse(withoutHelper.knows("Helper"));
        assertTrue(withoutHelper.knows("Service"));
        assertEquals(List.of(), withoutHelper.declared("Helper"));

        SummaryTable withoutEither = withoutHelper.with("Service.java", List.of());
        assertFalse(withoutEither.knows("Helper"), "hidden by the layer below");
        assertFalse(withoutEither.knows("Service"));

        SummaryTable helperBack = withoutEither.with("Helper.java", table.declared("Helper"));
        assertTrue(helperBack.knows("Helper"), "a layer's own classes of the file it replaces");
        assertFalse(helperBack.knows("Service"));
    }
}
