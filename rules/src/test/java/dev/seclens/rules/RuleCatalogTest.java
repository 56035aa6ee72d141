package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.checks.BuiltInRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every shipped rule is complete: well-formed unique id, metadata, CWE, doc, fixtures, README entry. */
class RuleCatalogTest {
    private static final List<String> DOC_SECTIONS = List.of("## Why is this an issue?", "## How to fix it",
            "## Resources");
    /** The bad and good examples: Java, or the build file for rules on build files. */
    private static final List<String> EXAMPLE_FENCES = List.of("```java", "```xml");
    private static final String README_START = "<!-- rules:start -->";
    private static final String README_END = "<!-- rules:end -->";

    private static List<RuleMetadata> rules() {
        return BuiltInRules.all().stream().map(Rule::metadata).toList();
    }

    @Test
    void idsAreUniqueAndWellFormed() {
        Set<String> seen = new HashSet<>();
        for (RuleMetadata rule : rules()) {
            assertTrue(RuleMetadata.ID_FORMAT.matcher(rule.id()).matches(), "malformed id " + rule.id());
            assertTrue(seen.add(rule.id()), "duplicate id " + rule.id());
        }
        assertFalse(seen.isEmpty());
    }

    @TestFactory
    Stream<DynamicTest> everyRuleIsComplete() {
        return rules().stream().map(rule -> DynamicTest.dynamicTest(rule.id(), () -> {
            assertFalse(rule.title().isBlank(), "title");
            assertFalse(rule.summary().isBlank(), "summary");
            assertFalse(rule.cwe().isEmpty(), "CWE");
            String doc = rule.documentation();
            assertNotNull(doc, "doc resource docs/" + rule.name() + ".md");
            assertTrue(doc.startsWith("# "), "doc starts with a title");
            for (String section : DOC_SECTIONS) {
                assertTrue(doc.contains(section), rule.id() + " doc lacks " + section);
            }
            assertTrue(EXAMPLE_FENCES.stream().anyMatch(doc::contains), rule.id() + " doc lacks a ```java example");
            assertFixtures(rule);
        }));
    }

    /** Positives, near-miss negatives and a test-code case, all in the rule's own fixture folder. */
    private static void assertFixtures(RuleMetadata rule) throws IOException {
        Path folder = Fixtures.root().resolve(rule.name());
        assertTrue(Files.isDirectory(folder), "fixture folder " + folder);
        List<SourceFile> fixtures;
        try (Stream<Path> files = Files.walk(folder)) {
            fixtures = files.filter(Fixtures::isFixture).sorted().map(Fixtures::source).toList();
        }
        assertTrue(fixtures.stream().anyMatch(f -> !f.isTestCode() && has(f, "expect", rule)), "no positive fixture");
        assertTrue(fixtures.stream().anyMatch(f -> !f.isTestCode() && has(f, "ok", rule)), "no near-miss fixture");
        assertTrue(fixtures.stream().anyMatch(SourceFile::isTestCode), "no test-code fixture");
        if (!rule.inTestCode()) {
            assertTrue(fixtures.stream().filter(SourceFile::isTestCode).allMatch(f -> has(f, "ok", rule)),
                    "test-code fixtures must mark the silenced look-alike with // ok:");
        }
    }

    private static boolean has(SourceFile file, String kind, RuleMetadata rule) {
        return Fixtures.markers(file.text(), kind).stream().anyMatch(e -> e.ruleId().equals(rule.id()));
    }

    @Test
    void readmeListsExactlyTheShippedRules() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(README_START);
        int end = readme.indexOf(README_END);
        assertTrue(start >= 0 && end > start, "README.md needs " + README_START + " ... " + README_END);
        String actual = readme.substring(start + README_START.length(), end).strip();
        assertEquals(ruleTable(), actual, "README rule list is stale; replace it with the expected table");
    }

    /** The README's rule table, generated from the metadata. */
    static String ruleTable() {
        String rows = rules().stream().map(r -> "| `" + r.id() + "` | " + r.title() + " | "
                + r.cwe().stream().map(c -> "CWE-" + c).collect(Collectors.joining(", ")) + " | "
                + r.severity().label() + " | " + (r.inTestCode() ? "yes" : "no") + " |")
                .collect(Collectors.joining("\n"));
        return "| Rule | Title | CWE | Severity | In test code |\n|---|---|---|---|---|\n" + rows;
    }
}
