package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShownFilesTest {
    private static final SourceRange AT = SourceRange.point(3, 5);

    @Test
    void theSummariesShowThePathsTheirStepsAndSinksLieInAndTheFilesTheirMessagesCite() {
        // as Gson writes it: `=` in a folder's name is escaped, and read back as it was
        String json = new Gson().toJson(Map.of(
                "sink", Map.of("file", "lib/a=b/Helper.java", "range", "3:5-3:9"),
                "steps", List.of(Map.of("file", "src/Service.java", "message", "passes through `wrap` (Wrapper.java:12)")),
                "code", "request.getParameter(\"name.java\")"));
        assertTrue(json.contains("\\u003d"), json);
        Set<String> shown = ShownFiles.of(json, List.of(), Stream.empty());
        assertEquals(Set.of("lib/a=b/Helper.java", "src/Service.java", "Wrapper.java"), shown);
        assertTrue(ShownFiles.shows(shown, "lib/a=b/Helper.java"));
        assertTrue(ShownFiles.shows(shown, "other/folder/Wrapper.java"), "a file cited by name, wherever it lies");
        assertFalse(ShownFiles.shows(shown, "lib/Helper2.java"));
    }

    @Test
    void stringsAreReadWithTheirEscapesWhereverAQuoteOrBackslashStandsBesideTheName() {
        String json = new Gson().toJson(Map.of(
                "windows", "C:\\src\\A.java",
                "quoted", "a note on \"B.java\" and (C.java:3), then \"D.java\"",
                "notAPath", "E.javax",
                "keyed", Map.of("src/F.java", 1)));
        assertEquals(Set.of("C:\\src\\A.java", "C.java", "src/F.java"),
                ShownFiles.of(json, List.of(), Stream.empty()));
    }

    @Test
    void theFindingsShowTheirStepsFilesAndTheFilesTheirMessagesAndNotesCite() {
        Finding finding = new Finding(TaintRules.all().get(0).metadata(), AT,
                "`name` (Source.java:4) reaches `Statement.execute`", Severity.HIGH, Confidence.HIGH,
                List.of(new RelatedLocation(AT, "passes through `wrap`", "lib/Helper.java", true),
                        new RelatedLocation(AT, "here")), Optional.empty());
        Set<String> shown = ShownFiles.of("{}", List.of(finding), Stream.of("a call to `run` (Runner.java:7) is capped"));
        assertEquals(Set.of("Source.java", "lib/Helper.java", "Runner.java"), shown);
    }

    @Test
    void resultsOfTheFileAloneShowNothing() {
        Finding finding = new Finding(TaintRules.all().get(0).metadata(), AT,
                "`name` (line 4) reaches `Statement.execute`", Severity.HIGH, Confidence.HIGH,
                List.of(new RelatedLocation(AT, "source")), Optional.empty());
        assertEquals(Set.of(), ShownFiles.of("{\"file\":\"\",\"line\":3}", List.of(finding), Stream.empty()));
    }
}
