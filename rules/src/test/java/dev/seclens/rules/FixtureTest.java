package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.rules.taint.SummaryTable;
import dev.seclens.rules.taint.TaintEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every rule over every fixture and compares the exact set of (line, rule) pairs with the markers. */
class FixtureTest {
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules().withProjectFiles(Fixtures.projectFiles())
            .withBuildFiles(BuildFileAnalyzer.bundled().withBuildFiles(Fixtures::buildFile));

    @TestFactory
    Stream<DynamicTest> everyFixtureYieldsExactlyItsMarkedFindings() {
        return Fixtures.all().stream().map(path -> DynamicTest.dynamicTest(
                Fixtures.root().relativize(path).toString(), () -> check(path)));
    }

    private static void check(Path path) {
        SourceFile source = Fixtures.source(path);
        TaintEngine engine = ANALYZER.taintEngine().withThreatModels(Fixtures.threatModels(source.text()))
                .withMinimumLogLevel(Fixtures.minimumLogLevel(source.text()));
        Analysis analysis = ANALYZER.withTaint(engine, Fixtures.project(path, engine)
                .<Supplier<SummaryTable>>map(project -> project::table).orElse(() -> SummaryTable.EMPTY))
                .analyze(source);
        assertEquals(List.of(), analysis.syntaxProblems(), "fixtures must parse");
        assertEquals(List.of(), analysis.failures(), "no rule may fail on a fixture");

        Set<Fixtures.Expectation> expected = Fixtures.markers(source.text(), "expect");
        Set<Fixtures.Expectation> actual = analysis.findings().stream()
                .map(f -> new Fixtures.Expectation(f.range().startLine(), f.ruleId()))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<Fixtures.Expectation> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<Fixtures.Expectation> unexpected = new TreeSet<>(actual);
        unexpected.removeAll(expected);
        String details = analysis.findings().stream()
                .filter(f -> unexpected.contains(new Fixtures.Expectation(f.range().startLine(), f.ruleId())))
                .map(f -> "  " + f.range() + " " + f.ruleId() + ": " + f.message())
                .collect(Collectors.joining("\n"));
        assertTrue(missing.isEmpty() && unexpected.isEmpty(),
                source.path() + "\nmissing: " + missing + "\nunexpected: " + unexpected + "\n" + details);

        Set<Fixtures.Expectation> suppressed = analysis.suppressed().stream()
                .map(s -> new Fixtures.Expectation(s.finding().range().startLine(), s.finding().ruleId()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Fixtures.markers(source.text(), "suppressed"), suppressed, source.path() + ": suppressed findings");

        for (Fixtures.Expectation ok : Fixtures.markers(source.text(), "ok")) {
            assertTrue(ANALYZER.rules().stream().anyMatch(r -> r.metadata().id().equals(ok.ruleId())),
                    source.path() + ": // ok: names an unknown rule " + ok);
        }
    }
}
