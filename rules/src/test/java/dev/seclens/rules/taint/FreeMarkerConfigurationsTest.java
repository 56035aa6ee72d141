package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A template from request text is reported whatever the configuration; how sure depends on its setup. */
class FreeMarkerConfigurationsTest {
    @Test
    void aRestrictiveResolverWithApiOffLowersTheConfidenceAndSaysWhy() throws IOException {
        Map<String, Finding> byLine = codeInjectionByLine("FreeMarkerConfigurations.java");
        assertEquals(5, byLine.size(), byLine.keySet().toString());
        assertConfidenceFollowsTheSetup(byLine);
        assertTrue(byLine.keySet().stream().filter(l -> l.contains(", safer)")).findFirst()
                .map(l -> byLine.get(l).message().contains("TemplateClassResolver.SAFER_RESOLVER")).orElse(false));
    }

    /** Set up in a factory method (and a factory calling it) or this file's bean factory for an injected field. */
    @Test
    void theSetupOfFactoryMethodsAndTheBeanFactoryCounts() throws IOException {
        Map<String, Finding> byLine = codeInjectionByLine("FreeMarkerFactories.java");
        assertEquals(5, byLine.size(), byLine.keySet().toString());
        assertConfidenceFollowsTheSetup(byLine);
        assertTrue(byLine.get("new Template(\"page\", body, nothing); // expect: java/code-injection").message()
                .contains("TemplateClassResolver.ALLOWS_NOTHING_RESOLVER"));
    }

    private Map<String, Finding> codeInjectionByLine(String fixture) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/code-injection/" + fixture)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Finding> findings = Analyzer.withBuiltInRules()
                .analyze(new SourceFile("src/main/java/com/example/" + fixture, text)).findings();
        Map<String, Finding> byLine = new TreeMap<>();
        List<String> lines = text.lines().toList();
        for (Finding f : findings) {
            if (f.ruleId().equals("java/code-injection")) byLine.put(lines.get(f.range().startLine() - 1).strip(), f);
        }
        return byLine;
    }

    private static void assertConfidenceFollowsTheSetup(Map<String, Finding> byLine) {
        byLine.forEach((line, f) -> {
            boolean restricted = line.contains(", safer)") || line.contains(", nothing)");
            assertEquals(restricted ? Confidence.LOW : Confidence.HIGH, f.confidence(), line);
            assertEquals(restricted, f.message().contains("leaves ?api off"), f.message());
        });
    }
}
