package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.rules.taint.Signature;
import dev.seclens.rules.taint.SummaryTable;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.TaintSpecs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every built-in taint specification entry must be exercised by a fixture: some fixture call,
 * parameter or return must match it while the fixtures are analysed. An entry nobody exercises is
 * either dead or untested. {@code spec-entries-not-exercised.txt} lists the entries written before
 * this test existed and not yet covered, as known gaps; the list may only shrink, so an entry that
 * a fixture now covers must leave it.
 */
class SpecCoverageTest {

    @Test
    void everyBuiltInSpecEntryIsExercisedByAFixture() throws IOException {
        Set<String> used = ConcurrentHashMap.newKeySet();
        TaintEngine engine = TaintEngine.builtInRecordingUse(used);
        Analyzer analyzer = Analyzer.withBuiltInRules().withProjectFiles(Fixtures.projectFiles())
                .withBuildFiles(BuildFileAnalyzer.bundled().withBuildFiles(Fixtures::buildFile));
        for (Path fixture : Fixtures.all()) {
            Analyzer withTaint = Fixtures.project(fixture, engine)
                    .map(project -> analyzer.withTaint(engine, project::table))
                    .orElse(analyzer.withTaint(engine, () -> SummaryTable.EMPTY));
            withTaint.analyze(Fixtures.source(fixture));
        }

        // keyed by what the entry says, not by its position, so adding an entry does not shift the gaps
        Map<String, String> entries = new TreeMap<>();
        TaintSpecs specs = engine.specs();
        specs.sources().forEach(s -> entries.put(s.where(), key(s.where(), s.method() != null ? text(s.method())
                : s.parameterAnnotation() != null ? "@" + s.parameterAnnotation()
                : s.handlerAnnotation() != null ? "handler @" + s.handlerAnnotation()
                : s.setterOf() != null ? "setters of " + s.setterOf()
                : s.implementationOf() != null ? "parameters " + s.parameters() + " of implementations of "
                        + text(s.implementationOf())
                : s.boundByAnnotation() != null ? "bound by @" + s.boundByAnnotation()
                : s.publicApi() ? "public API parameters" : "main arguments")));
        specs.sinks().forEach(s -> entries.put(s.where(), key(s.where(), text(s.method()) + " " + s.args() + " "
                + s.kind() + (s.whenArgEquals().isEmpty() ? "" : " " + new TreeMap<>(s.whenArgEquals())))));
        specs.sanitizers().forEach(s -> entries.put(s.where(), key(s.where(), text(s.method()) + " " + s.kinds())));
        specs.propagators().forEach(p -> entries.put(p.where(), key(p.where(), text(p.method()) + " " + p.from()
                + " -> " + p.to())));
        specs.returns().forEach(r -> entries.put(r.where(), key(r.where(), text(r.method()))));
        specs.neutrals().forEach(n -> entries.put(n.where(), key(n.where(), text(n.method()))));
        specs.handlerReturns().forEach(h -> entries.put(h.where(), key(h.where(), (h.annotation() != null
                ? "@" + h.annotation() : "implementations of " + text(h.implementationOf())) + " " + h.kind() + " "
                + h.label())));

        Set<String> knownGaps = knownGaps();
        Set<String> unexercised = entries.entrySet().stream().filter(e -> !used.contains(e.getKey()))
                .map(Map.Entry::getValue).collect(Collectors.toCollection(TreeSet::new));
        Set<String> newGaps = new TreeSet<>(unexercised);
        newGaps.removeAll(knownGaps);
        Set<String> closedGaps = new TreeSet<>(knownGaps);
        closedGaps.removeAll(unexercised);

        assertTrue(newGaps.isEmpty(), "specification entries that no fixture exercises (add a fixture line that"
                + " matches each):\n  " + String.join("\n  ", newGaps));
        assertTrue(closedGaps.isEmpty(), "entries now exercised (or gone) that are still listed as known gaps in"
                + " spec-entries-not-exercised.txt; remove them:\n  " + String.join("\n  ", closedGaps));
    }

    /** {@code file.json sinks: java.sql.Statement#executeQuery(java.lang.String) [0] sql}. */
    private static String key(String where, String what) {
        String file = where.substring(0, where.indexOf(": "));
        String section = where.substring(file.length() + 2).split("[\\[.]", 2)[0];
        return file + " " + section + ": " + what;
    }

    private static String text(Signature method) {
        return String.join("|", method.owners()) + "#" + method.name() + "("
                + (method.anyParameters() ? ".." : String.join(", ", method.parameters())) + ")";
    }

    private static Set<String> knownGaps() throws IOException {
        try (InputStream in = SpecCoverageTest.class.getResourceAsStream("/spec-entries-not-exercised.txt")) {
            if (in == null) {
                return Set.of();
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
