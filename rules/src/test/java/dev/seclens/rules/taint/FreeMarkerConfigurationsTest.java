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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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

    /**
     * Set up in another file: a factory method or a field of a class there, passed as it is or
     * held by a local or field here; a setup that turns ?api on, or none, stays sure.
     */
    @Test
    void theSetupOfAnotherFileCounts() throws IOException, java.net.URISyntaxException {
        Map<String, Finding> byLine = markedFindings("freemarker.project", "src/main/java/com/example/mail/MailRenderer.java", 11);
        assertTrue(byLine.get("new Template(\"mail\", body, settings.templates); // expect: java/code-injection (restricted)")
                .message().contains("TemplateClassResolver.ALLOWS_NOTHING_RESOLVER"));
    }

    /**
     * Injected by the container from the @Bean method of another file: the workspace's one bean of
     * the type, into an @Autowired field or through a constructor parameter, unless this class turns
     * ?api on again.
     */
    @Test
    void theSetupOfTheOneBeanOfAnotherFileCounts() throws IOException, java.net.URISyntaxException {
        Map<String, Finding> byLine = markedFindings("freemarker-bean.project",
                "src/main/java/com/example/preview/PreviewController.java", 3);
        assertTrue(byLine.get("new Template(\"preview\", body, cfg); // expect: java/code-injection (restricted)")
                .message().contains("TemplateClassResolver.SAFER_RESOLVER"));
        markedFindings("freemarker-bean.project", "src/main/java/com/example/preview/OpenedController.java", 1);
    }

    /** Among several beans of the type, the one the container injects by the field's or parameter's name, or its qualifier. */
    @Test
    void amongSeveralBeansTheOneOfTheInjectedName() throws IOException, java.net.URISyntaxException {
        Map<String, Finding> byLine = markedFindings("freemarker-beans.project",
                "src/main/java/com/example/docs/DocumentService.java", 7);
        assertTrue(byLine.get("new Template(\"mail\", body, byConstructor); // expect: java/code-injection (restricted)")
                .message().contains("TemplateClassResolver.ALLOWS_NOTHING_RESOLVER"));
    }

    /** The file's code-injection findings, as many as {@code count}, each at the confidence its marker says. */
    private Map<String, Finding> markedFindings(String project, String file, int count)
            throws IOException, java.net.URISyntaxException {
        Map<String, Finding> byLine = codeInjectionByLine(project, file);
        assertEquals(count, byLine.size(), byLine.keySet().toString());
        assertConfidenceFollowsTheMarkers(byLine);
        return byLine;
    }

    /** The code-injection findings of one file of a workspace fixture, by the text of their line. */
    private Map<String, Finding> codeInjectionByLine(String project, String file) throws IOException, java.net.URISyntaxException {
        Path root = Path.of(getClass().getResource("/fixtures/code-injection/" + project).toURI());
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                texts.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        WorkspaceSummaries workspace = new WorkspaceSummaries(TaintEngine.builtIn());
        workspace.addAll(texts);
        String text = texts.get(file);
        List<Finding> findings = Analyzer.withBuiltInRules().withTaint(TaintEngine.builtIn(), workspace)
                .analyze(new SourceFile(file, text)).findings();
        return byLineText(findings, text);
    }

    /** The code-injection findings keyed by the text of the line each is on. */
    private static Map<String, Finding> byLineText(List<Finding> findings, String text) {
        Map<String, Finding> byLine = new TreeMap<>();
        List<String> lines = text.lines().toList();
        for (Finding f : findings) {
            if (f.ruleId().equals("java/code-injection")) byLine.put(lines.get(f.range().startLine() - 1).strip(), f);
        }
        return byLine;
    }

    private static void assertConfidenceFollowsTheMarkers(Map<String, Finding> byLine) {
        byLine.forEach((line, f) -> {
            boolean restricted = line.endsWith("(restricted)");
            assertEquals(restricted ? Confidence.LOW : Confidence.HIGH, f.confidence(), line);
            assertEquals(restricted, f.message().contains("leaves ?api off"), f.message());
        });
    }

    private Map<String, Finding> codeInjectionByLine(String fixture) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/code-injection/" + fixture)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Finding> findings = Analyzer.withBuiltInRules()
                .analyze(new SourceFile("src/main/java/com/example/" + fixture, text)).findings();
        return byLineText(findings, text);
    }

    private static void assertConfidenceFollowsTheSetup(Map<String, Finding> byLine) {
        byLine.forEach((line, f) -> {
            boolean restricted = line.contains(", safer)") || line.contains(", nothing)");
            assertEquals(restricted ? Confidence.LOW : Confidence.HIGH, f.confidence(), line);
            assertEquals(restricted, f.message().contains("leaves ?api off"), f.message());
        });
    }
}
