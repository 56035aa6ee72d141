package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Rule;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.WorkspaceSummaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cache's codec loses nothing: every fixture of the rules module (the cross-file projects
 * too, whose findings point into other files and carry flow steps) comes back from its JSON
 * exactly as it was analysed.
 */
class CachedOutcomesRoundTripTest {
    private static final Path FIXTURES = Path.of("..", "rules", "src", "test", "resources", "fixtures");

    private final Analyzer analyzer = Analyzer.withBuiltInRules();
    private final CachedOutcomes codec = new CachedOutcomes(analyzer.rules().stream().map(Rule::metadata).toList());

    @Test
    void everyFixtureComesBackFromTheCacheAsItWasAnalysed() throws Exception {
        Map<Path, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                texts.put(p, Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        assertTrue(texts.size() > 100, "the fixtures are where this test expects them: " + FIXTURES.toAbsolutePath());
        int findings = 0;
        int inOtherFiles = 0;
        for (Map.Entry<Path, String> e : texts.entrySet()) {
            // paths as a project would name them: under src/test/ the fixtures would be test code
            String path = relative(e.getKey());
            Analysis analysis = analyzerFor(e.getKey(), texts).analyze(new SourceFile(path, e.getValue()));
            FileOutcome.Scanned scanned = new FileOutcome.Scanned(path, 1, analysis.findings(),
                    List.of(), analysis.suppressed(), analysis.fingerprints());
            String json = codec.encode(scanned).toString();
            FileOutcome.Scanned back = codec.decode(JsonParser.parseString(json).getAsJsonObject());
            assertEquals(scanned, back, path);
            findings += scanned.findings().size();
            inOtherFiles += (int) scanned.findings().stream()
                    .flatMap(f -> f.related().stream()).filter(r -> r.isInAnotherFile()).count();
        }
        assertTrue(findings > 300, "findings round-tripped: " + findings);
        assertTrue(inOtherFiles > 0, "related locations in other files round-tripped: " + inOtherFiles);
    }

    private static String relative(Path fixture) {
        return FIXTURES.relativize(fixture).toString().replace('\\', '/');
    }

    /** A fixture of a {@code *.project} folder sees the summaries of the folder's other files. */
    private Analyzer analyzerFor(Path fixture, Map<Path, String> texts) {
        for (Path dir = fixture.getParent(); dir != null && !dir.equals(FIXTURES); dir = dir.getParent()) {
            if (dir.getFileName().toString().endsWith(".project")) {
                Path project = dir;
                Map<String, String> projectTexts = new TreeMap<>();
                texts.forEach((p, t) -> {
                    if (p.startsWith(project)) projectTexts.put(relative(p), t);
                });
                WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());
                summaries.addAll(projectTexts);
                return analyzer.withTaint(TaintEngine.builtIn(), summaries);
            }
        }
        return analyzer;
    }
}
