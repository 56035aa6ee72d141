package dev.seclens.rules.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.FixApplication;
import dev.seclens.rules.IgnoreList;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.SuppressedFinding;
import dev.seclens.rules.Suppression;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildFileAnalyzerTest {
    private static final RuleMetadata RULE = RuleMetadata.of(VulnerableDependencyRule.class);

    private static Analysis analyze(BuildFileAnalyzer analyzer, String path, String text) {
        return analyzer.analyze(new SourceFile(path, text), RULE, Optional.empty(), Confidence.LOW, () -> IgnoreList.EMPTY);
    }

    private static Analysis analyze(String path, String text) {
        return analyze(BuildFileAnalyzer.bundled(), path, text);
    }

    private static String pom(String dependencies) {
        return pom("", dependencies);
    }

    private static String pom(String properties, String dependencies) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>app</artifactId>
                  <version>1.0</version>
                  <properties>%s</properties>
                  <dependencies>%s</dependencies>
                </project>
                """.formatted(properties, dependencies);
    }

    private static String dependency(String group, String artifact, String version) {
        return "\n    <dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>"
                + version + "</version></dependency>";
    }

    /** The document after applying the one finding's fix. */
    private static String fixed(String text, Finding finding) {
        return FixApplication.apply(text, finding.fix().orElseThrow().edits());
    }

    @Test
    void log4ShellNamesEveryAdvisoryAndTheVersionThatFixesThemAll() {
        String text = pom(dependency("org.apache.logging.log4j", "log4j-core", "2.14.1"));
        Analysis analysis = analyze("pom.xml", text);
        Finding finding = analysis.findings().get(0);
        assertEquals(1, analysis.findings().size());
        assertEquals("`org.apache.logging.log4j:log4j-core` 2.14.1 is affected by CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q)"
                + " critical, CVE-2021-45046 (GHSA-7rjr-3q55-vv33) critical, CVE-2021-45105 (GHSA-p6xc-xr62-6r2g) high,"
                + " CVE-2021-44832 (GHSA-8489-44mv-ggj8) medium; upgrade to 2.17.1.", finding.message());
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals("Upgrade to 2.17.1", finding.fix().get().title());
        assertEquals(text.replace("<version>2.14.1</version>", "<version>2.17.1</version>"), fixed(text, finding));
        assertEquals(8, finding.range().startLine());
        assertEquals(List.of(), analysis.syntaxProblems());
        assertFalse(analysis.fingerprint(finding).isEmpty());
    }

    @Test
    void theUpgradeStaysOnTheVersionLine() {
        Finding java7 = analyze("pom.xml", pom(dependency("org.apache.logging.log4j", "log4j-core", "2.12.1"))).findings().get(0);
        assertEquals("Upgrade to 2.12.4", java7.fix().get().title());
        Finding java6 = analyze("pom.xml", pom(dependency("org.apache.logging.log4j", "log4j-core", "2.3"))).findings().get(0);
        assertEquals("Upgrade to 2.3.2", java6.fix().get().title());
        Finding spring = analyze("pom.xml", pom(dependency("org.springframework", "spring-beans", "5.2.19.RELEASE"))).findings().get(0);
        assertEquals("Upgrade to 5.2.20", spring.fix().get().title());
        assertTrue(analyze("pom.xml", pom(dependency("org.springframework", "spring-beans", "5.2.20.RELEASE"))).findings().isEmpty());
        assertTrue(analyze("pom.xml", pom(dependency("org.apache.logging.log4j", "log4j-core", "2.17.1"))).findings().isEmpty());
    }

    @Test
    void aPropertyInTheSameFileIsWhatTheFixEdits() {
        String text = pom("\n    <text.version>1.9</text.version>\n  ",
                dependency("org.apache.commons", "commons-text", "${text.version}"));
        Finding finding = analyze("pom.xml", text).findings().get(0);
        assertTrue(finding.message().startsWith("`org.apache.commons:commons-text` `${text.version}` = 1.9 (line 7) is affected by"
                + " CVE-2022-42889"), finding.message());
        assertEquals(text.replace("<text.version>1.9<", "<text.version>1.10.0<"), fixed(text, finding));
    }

    @Test
    void aVersionFromAParentPomOutsideTheDocumentHasNoFixAndSaysWhere() {
        String parent = """
                <project><groupId>com.example</groupId><artifactId>parent</artifactId><version>3</version>
                  <properties><log4j.version>2.15.0</log4j.version></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>1.33</version></dependency>
                  </dependencies></dependencyManagement>
                </project>
                """;
        String child = """
                <project>
                  <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>3</version></parent>
                  <artifactId>child</artifactId>
                  <dependencies>
                    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${log4j.version}</version></dependency>
                    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency>
                  </dependencies>
                </project>
                """;
        BuildFileAnalyzer workspace = BuildFileAnalyzer.bundled().withBuildFiles(
                path -> path.replace('\\', '/').equals("repo/pom.xml") ? Optional.of(parent) : Optional.empty());
        List<Finding> findings = analyze(workspace, "repo/child/pom.xml", child).findings();
        assertEquals(2, findings.size());
        assertTrue(findings.get(0).message().contains("`${log4j.version}` = 2.15.0 (in repo/pom.xml".replace('/', java.io.File.separatorChar)),
                findings.get(0).message());
        assertTrue(findings.get(0).message().endsWith("change it there)."), findings.get(0).message());
        assertTrue(findings.get(0).fix().isEmpty());
        assertTrue(findings.get(1).message().contains("1.33 (managed in "), findings.get(1).message());
        assertEquals(6, findings.get(1).range().startLine(), "reported on the dependency, which has no version");

        assertEquals(List.of(), analyze("repo/child/pom.xml", child).findings(),
                "without the parent in the workspace, it is a parent from a repository: it gives the versions");

        String orphan = child.replace("<parent><groupId>com.example</groupId><artifactId>parent</artifactId>"
                + "<version>3</version></parent>", "<groupId>com.example</groupId>");
        List<Finding> alone = analyze("repo/child/pom.xml", orphan).findings();
        assertEquals(List.of(Severity.INFO, Severity.INFO), alone.stream().map(Finding::severity).toList());
        assertTrue(alone.get(0).message().contains("property log4j.version is not defined"), alone.get(0).message());
        assertTrue(alone.get(1).message().contains("no version is given here and no pom in the workspace manages it"),
                alone.get(1).message());
        assertEquals(Confidence.LOW, alone.get(0).confidence());
    }

    @Test
    void aParentWithOtherCoordinatesIsNotInherited() {
        String parent = "<project><groupId>org.other</groupId><artifactId>parent</artifactId><version>3</version>"
                + "<properties><v>2.14.1</v></properties></project>";
        String child = "<project><parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>3</version></parent>"
                + "<dependencies><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId>"
                + "<version>${v}</version></dependency></dependencies></project>";
        BuildFileAnalyzer workspace = BuildFileAnalyzer.bundled().withBuildFiles(path -> Optional.of(parent));
        assertEquals(List.of(), analyze(workspace, "a/b/pom.xml", child).findings(),
                "not log4j 2.14.1 from the wrong parent: the real one, outside the workspace, defines ${v}");
    }

    @Test
    void malformedAndHostilePomsAreSyntaxProblemsNotFindings() {
        Analysis broken = analyze("pom.xml", "<project>\n  <dependencies>\n</project>\n");
        assertTrue(broken.findings().isEmpty());
        assertEquals(1, broken.syntaxProblems().size());
        assertTrue(broken.syntaxProblems().get(0).message().startsWith("not well-formed XML: "), broken.syntaxProblems().get(0).message());
        assertEquals(3, broken.syntaxProblems().get(0).range().startLine());

        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE project [<!ENTITY v SYSTEM \"file:///etc/hostname\">]>\n"
                + "<project><dependencies><dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId>"
                + "<version>&v;</version></dependency></dependencies></project>";
        Analysis hostile = analyze("pom.xml", xxe);
        assertTrue(hostile.findings().isEmpty(), "the entity is never resolved, so no version is read");
        assertTrue(hostile.syntaxProblems().get(0).message().contains("\"v\""), hostile.syntaxProblems().get(0).message());

        String late = pom(dependency("org.yaml", "snakeyaml", "1.33")).replace("<dependencies>",
                "<dependencies><!DOCTYPE x>");
        Analysis refused = analyze("pom.xml", late);
        assertTrue(refused.findings().isEmpty() && !refused.syntaxProblems().isEmpty(),
                "a DOCTYPE after the prolog is still refused: " + refused.syntaxProblems());
    }

    @Test
    void aPomWithADoctypeIsReadWithoutResolvingIt() {
        String text = "<?xml version=\"1.0\"?>\n<!-- a legacy build -->\n"
                + "<!DOCTYPE project PUBLIC \"-//Example//DTD Project//EN\" \"http://127.0.0.1:9/project.dtd\" [\n"
                + "  <!-- ']' and '>' in a comment -->\n  <!ENTITY unused \"a ] > b\">\n]>\n"
                + "<project><dependencies>\n<dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId>"
                + "<version>1.33</version></dependency></dependencies></project>\n";
        Analysis analysis = analyze("pom.xml", text);
        assertEquals(List.of(), analysis.syntaxProblems());
        assertEquals(1, analysis.findings().size());
        assertEquals(8, analysis.findings().get(0).range().startLine(), "positions are those of the file as written");
    }

    @Test
    void gradleLiteralsVariablesAndCatalogsGetTheirOwnEdit() {
        String groovy = "def yaml = '1.33'\ndependencies {\n    implementation \"org.yaml:snakeyaml:$yaml\"\n"
                + "    testImplementation('com.h2database:h2:2.0.204')\n}\n";
        List<Finding> findings = analyze("build.gradle", groovy).findings();
        assertEquals(2, findings.size());
        assertEquals(groovy.replace("'1.33'", "'2.0'"), fixed(groovy, findings.get(0)));
        assertEquals(Severity.LOW, findings.get(1).severity(), "test-only dependencies are low");
        assertTrue(findings.get(1).message().contains("(used by tests only)"), findings.get(1).message());
        assertEquals(groovy.replace("h2:2.0.204", "h2:2.1.210"), fixed(groovy, findings.get(1)));

        String properties = "dependencies { implementation \"org.yaml:snakeyaml:${yaml}\" }";
        BuildFileAnalyzer withProperties = BuildFileAnalyzer.bundled().withBuildFiles(path ->
                path.replace('\\', '/').equals("app/gradle.properties") ? Optional.of("yaml = 1.30\n") : Optional.empty());
        Finding fromProperties = analyze(withProperties, "app/build.gradle.kts", properties).findings().get(0);
        assertTrue(fromProperties.fix().isEmpty());
        assertTrue(fromProperties.message().contains("(in gradle.properties)"), fromProperties.message());

        String catalog = "[versions]\nyaml = \"1.30\" # pinned\n\n[libraries]\nyaml = { module = \"org.yaml:snakeyaml\", version.ref = \"yaml\" }\n";
        Finding fromCatalog = analyze("gradle/libs.versions.toml", catalog).findings().get(0);
        assertEquals(5, fromCatalog.range().startLine());
        assertEquals(catalog.replace("\"1.30\"", "\"2.0\""), fixed(catalog, fromCatalog));

        Analysis badCatalog = analyze("gradle/libs.versions.toml", "[libraries]\nyaml = { module = \"org.yaml:snakeyaml\"\n");
        assertEquals(1, badCatalog.syntaxProblems().size());
        assertEquals(2, badCatalog.syntaxProblems().get(0).range().startLine());
    }

    @Test
    void transitiveVersionsFromADependencyTreeAreReportedOnTheDirectDependency() {
        String tree = """
                [INFO] com.example:app:jar:1.0
                [INFO] +- com.example:client:jar:2.0:compile
                [INFO] |  +- org.yaml:snakeyaml:jar:1.33:compile
                [INFO] |  \\- org.apache.logging.log4j:log4j-core:jar:2.17.1:compile
                [INFO] \\- com.example:tests-helper:jar:1.0:test
                [INFO]    \\- com.h2database:h2:jar:tests:1.4.200:test
                """;
        String pom = "<project><groupId>com.example</groupId><artifactId>app</artifactId><version>1.0</version><dependencies>"
                + dependency("com.example", "client", "2.0") + dependency("com.example", "tests-helper", "1.0")
                + "</dependencies></project>";
        BuildFileAnalyzer withTree = BuildFileAnalyzer.bundled().withBuildFiles(path ->
                path.replace('\\', '/').equals("app/dependency-tree.txt") ? Optional.of(tree) : Optional.empty());
        List<Finding> findings = analyze(withTree, "app/pom.xml", pom).findings();
        assertEquals(2, findings.size(), findings.toString());
        assertEquals("`com.example:client` brings in `org.yaml:snakeyaml` 1.33 (com.example:client > org.yaml:snakeyaml,"
                + " in dependency-tree.txt), which is affected by CVE-2022-1471 (GHSA-mjmj-j48q-9wg2) high; pin"
                + " `org.yaml:snakeyaml` to 2.0 in dependencyManagement, or upgrade `com.example:client` to a version that"
                + " brings in a fixed one.", findings.get(0).message());
        assertEquals(Confidence.MEDIUM, findings.get(0).confidence());
        assertTrue(findings.get(0).fix().isEmpty());
        assertEquals(2, findings.get(0).range().startLine());
        assertEquals(Severity.LOW, findings.get(1).severity(), "brought in by a test dependency");

        String otherProject = pom.replace("<artifactId>app</artifactId>", "<artifactId>other</artifactId>");
        assertTrue(analyze(withTree, "app/pom.xml", otherProject).findings().isEmpty(), "a tree of another module");
    }

    @Test
    void userAdvisoriesAddLibrariesAndReplaceBundledEntries() {
        String own = """
                {"id": "OWN-1", "aliases": ["CVE-2099-1"], "database_specific": {"severity": "LOW"},
                 "affected": [{"package": {"ecosystem": "Maven", "name": "com.example:widget"},
                               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "1.2"}]}]}]}
                """;
        String replacement = """
                {"id": "GHSA-mjmj-j48q-9wg2", "aliases": ["CVE-2022-1471"],
                 "affected": [{"package": {"ecosystem": "Maven", "name": "org.yaml:snakeyaml"}, "versions": ["1.0"]}]}
                """;
        AdvisoryDatabase database = AdvisoryDatabase.bundled().with(List.of(
                new AdvisoryDatabase.Source("own/widget.json", own), new AdvisoryDatabase.Source("own/yaml.json", replacement),
                new AdvisoryDatabase.Source("own/broken.json", "{")));
        assertEquals(1, database.problems().size());
        assertTrue(database.problems().get(0).startsWith("own/broken.json: not valid JSON"));
        BuildFileAnalyzer analyzer = BuildFileAnalyzer.bundled().withAdvisories(database);
        Finding widget = analyze(analyzer, "pom.xml", pom(dependency("com.example", "widget", "1.2"))).findings().get(0);
        assertEquals(Severity.LOW, widget.severity());
        assertTrue(widget.message().endsWith("no fixed version is known: replace or remove it."), widget.message());
        assertTrue(widget.fix().isEmpty());
        assertTrue(analyze(analyzer, "pom.xml", pom(dependency("com.example", "widget", "1.3"))).findings().isEmpty());
        assertTrue(analyze(analyzer, "pom.xml", pom(dependency("org.yaml", "snakeyaml", "1.33"))).findings().isEmpty(),
                "the user's copy of the advisory replaced the bundled one");
    }

    @Test
    void theEngineRoutesBuildFilesAndHonoursConfigurationAndSuppressions() {
        String text = pom(dependency("org.yaml", "snakeyaml", "1.33") + " <!-- seclens-ignore java/vulnerable-dependency -->"
                + dependency("com.h2database", "h2", "2.0.204"));
        Analysis analysis = Analyzer.withBuiltInRules().analyze(new SourceFile("module/pom.xml", text));
        assertEquals(List.of("com.h2database:h2"), analysis.findings().stream()
                .map(f -> f.message().substring(1, f.message().indexOf('`', 1))).toList());
        SuppressedFinding suppressed = analysis.suppressed().get(0);
        assertEquals(Suppression.Kind.LINE_COMMENT, suppressed.suppression().kind());
        assertEquals(Optional.empty(), suppressed.suppression().reason(), "XML comments cannot hold the -- before a reason");

        String fingerprint = analysis.fingerprint(analysis.findings().get(0));
        Analysis ignored = Analyzer.withBuiltInRules()
                .withIgnoreFiles(file -> IgnoreList.EMPTY.with(new IgnoreList.Entry(fingerprint, VulnerableDependencyRule.ID,
                        "module/pom.xml", Optional.empty())))
                .analyze(new SourceFile("module/pom.xml", text.replace("\n", "\n\n")));
        assertTrue(ignored.findings().isEmpty(), "fingerprints do not depend on lines");

        assertTrue(Analyzer.withBuiltInRules().analyze(new SourceFile("src/test/resources/it/pom.xml", text)).findings().isEmpty());
        assertTrue(new Analyzer(List.of()).analyze(new SourceFile("pom.xml", text)).findings().isEmpty(), "rule not enabled");
        assertEquals(Map.of(), new Analyzer(List.of()).analyze(new SourceFile("pom.xml", text)).fingerprints());

        Analysis failed = Analyzer.withBuiltInRules()
                .withBuildFiles(BuildFileAnalyzer.bundled().withBuildFiles(path -> {
                    throw new IllegalStateException("disk on fire");
                }))
                .analyze(new SourceFile("app/pom.xml", "<project><parent><groupId>g</groupId><artifactId>p</artifactId>"
                        + "</parent></project>"));
        assertEquals("IllegalStateException: disk on fire", failed.failures().get(0).error(),
                "a failure is recorded like a rule's, not thrown");
    }
}
