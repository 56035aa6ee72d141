package dev.seclens.rules.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredAnalyzerTest {
    private static final String CODE = "class A { void f() { sure(); unsure(); } }";

    /** Reports every call: high confidence for sure(), low for anything else. */
    @RuleInfo(id = "java/test-calls", title = "calls", cwe = {1}, owasp = Owasp.A04, concern = Concern.ROBUSTNESS, severity = Severity.MEDIUM,
            confidence = Confidence.HIGH, summary = "reports calls", inTestCode = false)
    static final class CallRule implements Rule {
        @Override
        public void check(RuleContext context) {
            for (MethodCallExpr call : context.unit().findAll(MethodCallExpr.class)) {
                Confidence confidence = call.getNameAsString().equals("sure") ? Confidence.HIGH : Confidence.LOW;
                context.report(call, call.getNameAsString(), confidence, List.of(), null);
            }
        }
    }

    @RuleInfo(id = "java/test-classes", title = "classes", cwe = {1}, owasp = Owasp.A04, concern = Concern.ROBUSTNESS, severity = Severity.LOW,
            confidence = Confidence.MEDIUM, summary = "reports classes", inTestCode = true)
    static final class ClassRule implements Rule {
        @Override
        public void check(RuleContext context) {
            context.unit().getTypes().forEach(t -> context.report(t.getName(), "class " + t.getNameAsString()));
        }
    }

    private static final Analyzer BASE = new Analyzer(List.of(new CallRule(), new ClassRule()));
    private static final ConfigurationParser PARSER =
            new ConfigurationParser(List.of("java/test-calls", "java/test-classes"));

    @Test
    void withoutConfigurationEverythingReports() throws ConfigurationException {
        Analyzer analyzer = BASE.configured(Configuration.DEFAULT, file -> false);
        assertEquals(List.of("class A", "sure", "unsure"), messages(analyzer, "src/A.java"));
        assertEquals(BASE.rules(), analyzer.rules());
    }

    @Test
    void aDisabledRuleDoesNotRun() throws ConfigurationException {
        Analyzer analyzer = configured("{\"rules\": {\"java/test-calls\": false}}");
        assertEquals(List.of("class A"), messages(analyzer, "src/A.java"));
        assertEquals(List.of("java/test-classes"), analyzer.rules().stream().map(r -> r.metadata().id()).toList());
    }

    @Test
    void aSeverityOverrideChangesFindingsAndMetadata() throws ConfigurationException {
        Analyzer analyzer = configured("{\"rules\": {\"java/test-classes\": \"critical\"}}");
        List<Finding> findings = analyzer.analyze(new SourceFile("src/A.java", CODE)).findings();
        assertEquals(Severity.CRITICAL, findings.get(0).severity());
        assertEquals(Severity.MEDIUM, findings.get(1).severity());
        assertEquals(Severity.CRITICAL, analyzer.rules().get(1).metadata().severity());
        assertEquals("java/test-classes", findings.get(0).ruleId());
    }

    @Test
    void findingsBelowTheMinimumConfidenceAreDropped() throws ConfigurationException {
        assertEquals(List.of("class A", "sure"), messages(configured("{\"minimumConfidence\": \"medium\"}"), "A.java"));
        assertEquals(List.of("sure"), messages(configured("{\"minimumConfidence\": \"high\"}"), "A.java"));
    }

    @Test
    void logInjectionsMinimumLevelDecidesWhichLoggingCallsAreSinks() throws ConfigurationException {
        String servlet = """
                import javax.servlet.http.*;
                import org.slf4j.*;
                class S extends HttpServlet {
                    static final Logger LOG = LoggerFactory.getLogger(S.class);
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                        String user = request.getParameter("user");
                        LOG.debug("user {}", user);
                        LOG.info("user {}", user);
                    }
                }
                """;
        Analyzer builtIn = Analyzer.withBuiltInRules();
        ConfigurationParser parser = new ConfigurationParser(builtIn.rules().stream().map(r -> r.metadata().id()).toList());
        assertEquals(List.of(8), logInjectionLines(builtIn.configured(Configuration.DEFAULT, file -> false), servlet));
        Configuration debug = parser.parseFile("{\"rules\": {\"java/log-injection\": {\"minimumLevel\": \"debug\"}}}", "f");
        assertEquals(List.of(7, 8), logInjectionLines(builtIn.configured(debug, file -> false), servlet));
    }

    private static List<Integer> logInjectionLines(Analyzer analyzer, String code) {
        return analyzer.analyze(new SourceFile("src/S.java", code)).findings().stream()
                .filter(f -> f.ruleId().equals("java/log-injection")).map(f -> f.range().startLine()).toList();
    }

    @Test
    void testCodeGlobsAddToTheBuiltInNaming() throws ConfigurationException {
        Configuration c = PARSER.parseFile("{\"testCode\": [\"src/it/**\", \"**/fixtures\"]}", "f");
        Path root = Path.of("/work/project");
        PathFilter paths = new PathFilter(root, c);
        Analyzer analyzer = BASE.configured(c, file -> paths.isTestCode(root.resolve(file.path())));
        assertEquals(List.of("class A"), messages(analyzer, "src/it/java/A.java"));
        assertEquals(List.of("class A"), messages(analyzer, "lib/fixtures/deep/A.java"));
        assertEquals(List.of("class A"), messages(analyzer, "src/test/java/A.java"), "built-in naming still counts");
        assertEquals(List.of("class A", "sure", "unsure"), messages(analyzer, "src/main/java/A.java"));
    }

    @Test
    void includeAndExcludeGlobsFilterPathsUnderTheRoot() throws ConfigurationException {
        Path root = Path.of("/work/project");
        PathFilter paths = new PathFilter(root, PARSER.parseFile("""
                {"include": ["src/**/*.java", "tools"], "exclude": ["src/generated/", "**/*Generated.java"]}""",
                "f"));
        assertEquals(true, paths.includes(root.resolve("src/main/java/A.java")));
        assertEquals(true, paths.includes(root.resolve("src/A.java")), "** also matches no folder");
        assertEquals(true, paths.includes(root.resolve("tools/x/Tool.java")), "a folder includes what is in it");
        assertEquals(false, paths.includes(root.resolve("other/A.java")), "not included");
        assertEquals(false, paths.includes(root.resolve("src/generated/A.java")), "excluded folder");
        assertEquals(false, paths.includes(root.resolve("src/main/java/AGenerated.java")), "excluded name");
        assertEquals(true, paths.includes(Path.of("/elsewhere/A.java")), "outside the root: not filtered");
        assertEquals(false, paths.isTestCode(root.resolve("src/main/java/A.java")));

        PathFilter none = new PathFilter(root, Configuration.DEFAULT);
        assertEquals(true, none.includes(root.resolve("anything/A.java")));
    }

    @Test
    void globsMatchOneNameWithStarAndAnyFoldersWithDoubleStar() {
        assertEquals(true, Glob.compile("src/*.java").matches("src/A.java"));
        assertEquals(false, Glob.compile("src/*.java").matches("src/a/A.java"));
        assertEquals(true, Glob.compile("src/**/A.java").matches("src/a/b/A.java"));
        assertEquals(true, Glob.compile("src/**/A.java").matches("src/A.java"));
        assertEquals(true, Glob.compile("?.java").matches("A.java"));
        assertEquals(false, Glob.compile("?.java").matches("AB.java"));
        assertEquals(true, Glob.compile("./gen/").matches("gen/A.java"));
        assertEquals(true, Glob.compile("{a,b}/*.java").matches("b/B.java"));
        assertEquals(false, Glob.compile("a.java").matches("aXjava"), "the dot is literal");
    }

    private static Analyzer configured(String json) throws ConfigurationException {
        return BASE.configured(PARSER.parseFile(json, "f"), file -> false);
    }

    private static List<String> messages(Analyzer analyzer, String path) {
        return analyzer.analyze(new SourceFile(path, CODE)).findings().stream().map(Finding::message).toList();
    }
}
