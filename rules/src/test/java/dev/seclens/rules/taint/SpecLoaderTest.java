package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Specification files load strictly, naming file and entry, and a workspace's own files take effect. */
class SpecLoaderTest {
    private static final String SINK = "\"method\": \"java.sql.Statement#execute(java.lang.String)\", \"args\": [0], \"kind\": \"sql\"";

    private static SpecException failure(String file, String json) {
        return assertThrows(SpecException.class, () -> new SpecLoader(TaintRules.kinds()).load(file, json));
    }

    @Test
    void anUnknownFieldNamesFileEntryAndField() {
        SpecException e = failure("team.json", "{\"sinks\": [{" + SINK + ", \"argz\": [1]}]}");
        assertTrue(e.getMessage().startsWith("team.json: sinks[0]: unknown field \"argz\""), e.getMessage());
    }

    @Test
    void aSourceKeepsItsThreatModelAndRemoteIsTheDefault() throws SpecException {
        TaintSpecs specs = new SpecLoader(TaintRules.kinds()).load("team.json", "{\"sources\": ["
                + "{\"method\": \"com.acme.Config#value(java.lang.String)\", \"label\": \"setting\", \"threatModel\": \"local\"},"
                + "{\"method\": \"com.acme.Inbox#next()\", \"label\": \"inbox\"}]}").specs();
        assertEquals(List.of("local", "remote"), specs.sources().stream().map(TaintSpecs.Source::threatModel).toList());
    }

    @Test
    void aLocalSourceDoesNotApplyUnderTheDefaultThreatModel() throws SpecException {
        String java = """
                class Job {
                    void run(com.acme.Config config, java.sql.Statement st) throws Exception {
                        st.execute(config.value("table"));
                        st.execute(config.remote("table"));
                    }
                }
                """;
        TaintEngine engine = TaintEngine.withSpecFiles(Map.of("team.json", "{\"sources\": ["
                + "{\"method\": \"com.acme.Config#value(java.lang.String)\", \"label\": \"setting\", \"threatModel\": \"local\"},"
                + "{\"method\": \"com.acme.Config#remote(java.lang.String)\", \"label\": \"peer value\"}]}"));
        List<Finding> findings = Analyzer.withBuiltInRules().withTaint(engine, () -> SummaryTable.EMPTY)
                .analyze(new SourceFile("src/main/java/Job.java", java)).findings();
        assertEquals(List.of(4), findings.stream().filter(f -> f.ruleId().equals("java/sql-injection"))
                .map(f -> f.range().startLine()).toList());
    }

    @Test
    void unlessArgTypeIsKeyedByArgumentPositions() {
        SpecException e = failure("team.json", "{\"sinks\": [{" + SINK + ", \"unlessArgType\": {\"first\": [\"x.Y\"]}}]}");
        assertTrue(e.getMessage().startsWith("team.json: sinks[0]: unlessArgType is keyed by argument positions"),
                e.getMessage());
    }

    @Test
    void aLevelArgumentNeedsItsConstantsAndKnownLevels() {
        String log = "\"method\": \"com.acme.Audit#log(com.acme.Level, java.lang.String)\", \"args\": [1], \"kind\": \"log\"";
        SpecException alone = failure("team.json", "{\"sinks\": [{" + log + ", \"levelArg\": 0}]}");
        assertTrue(alone.getMessage().startsWith("team.json: sinks[0]: levelArg and levelConstants go together"),
                alone.getMessage());
        SpecException unknown = failure("team.json", "{\"sinks\": [{" + log + ", \"levelArg\": 0, "
                + "\"levelConstants\": {\"CHATTY\": \"verbose\"}}]}");
        assertTrue(unknown.getMessage().startsWith("team.json: sinks[0]: unknown log level \"verbose\" for CHATTY"),
                unknown.getMessage());
        SpecException outside = failure("team.json", "{\"sinks\": [{" + log + ", \"levelArg\": 2, "
                + "\"levelConstants\": {\"LOW\": \"debug\"}}]}");
        assertTrue(outside.getMessage().startsWith("team.json: sinks[0]: levelArg 2 is not a parameter"),
                outside.getMessage());
    }

    @Test
    void anUnknownTopLevelSectionIsRejected() {
        SpecException e = failure("team.json", "{\"sink\": []}");
        assertTrue(e.getMessage().startsWith("team.json: unknown field \"sink\""), e.getMessage());
    }

    @Test
    void anUnparsableSignatureIsQuoted() {
        SpecException e = failure("team.json", "{\"sources\": [{\"method\": \"com.acme.Inbox.next()\", \"label\": \"inbox\"}]}");
        assertTrue(e.getMessage().startsWith("team.json: sources[0]: cannot parse the signature \"com.acme.Inbox.next()\""),
                e.getMessage());
    }

    @Test
    void anUnknownKindListsTheKnownOnes() {
        SpecException e = failure("team.json", "{\"sinks\": [{\"method\": \"com.acme.Db#run(java.lang.String)\", "
                + "\"args\": [0], \"kind\": \"nosql\"}]}");
        assertTrue(e.getMessage().startsWith("team.json: sinks[0]: unknown taint kind \"nosql\""), e.getMessage());
        assertTrue(e.getMessage().contains("sql"), e.getMessage());
    }

    @Test
    void anArgumentOutsideTheSignatureIsRejected() {
        SpecException e = failure("team.json", "{\"sinks\": [{\"method\": \"com.acme.Db#run(java.lang.String)\", "
                + "\"args\": [1], \"kind\": \"sql\"}]}");
        assertTrue(e.getMessage().contains("sinks[0]: argument 1 is not a parameter of Db.run"), e.getMessage());
    }

    @Test
    void aConditionOnAnArgumentOutsideTheSignatureIsRejected() {
        SpecException e = failure("team.json", "{\"sinks\": [{" + SINK + ", \"whenArgEquals\": {\"2\": [\"x\"]}}]}");
        assertTrue(e.getMessage().startsWith("team.json: sinks[0]: argument 2 is not a parameter of Statement.execute"),
                e.getMessage());
    }

    @Test
    void aDestinationArgumentNeedsAProducerAndAPositionInTheSignature() {
        String write = "\"method\": \"com.acme.Io#write(java.lang.String, java.io.Writer)\", \"args\": [0], \"kind\": \"xss\"";
        SpecException noProducer = failure("team.json", "{\"sinks\": [{" + write + ", \"destinationArg\": 1}]}");
        assertTrue(noProducer.getMessage().contains("sinks[0]: destinationArg says which argument must come from receiverFrom"),
                noProducer.getMessage());
        SpecException outside = failure("team.json", "{\"sinks\": [{" + write + ", \"destinationArg\": 2, "
                + "\"receiverFrom\": \"javax.servlet.ServletResponse#getWriter()\"}]}");
        assertTrue(outside.getMessage().contains("sinks[0]: argument 2 is not a parameter of Io.write"), outside.getMessage());
    }

    @Test
    void aHandlerReturnNeedsALabel() {
        SpecException e = failure("team.json", "{\"handlerReturns\": [{\"annotation\": \"com.acme.Get\", \"kind\": \"xss\"}]}");
        assertTrue(e.getMessage().startsWith("team.json: handlerReturns[0]: missing field \"label\""), e.getMessage());
    }

    @Test
    void aContractSourceListsItsParametersWithinTheContract() {
        String contract = "\"implementationOf\": \"com.acme.Plugin#render(java.lang.String, int)\", \"label\": \"x\"";
        SpecException missing = failure("team.json", "{\"sources\": [{" + contract + "}]}");
        assertTrue(missing.getMessage().startsWith("team.json: sources[0]: an implementationOf source lists its parameters"),
                missing.getMessage());
        SpecException outside = failure("team.json", "{\"sources\": [{" + contract + ", \"parameters\": [2]}]}");
        assertTrue(outside.getMessage().startsWith("team.json: sources[0]: parameter 2 is not a parameter of Plugin.render"),
                outside.getMessage());
        SpecException stray = failure("team.json",
                "{\"sources\": [{\"method\": \"com.acme.Inbox#next()\", \"label\": \"x\", \"parameters\": [0]}]}");
        assertTrue(stray.getMessage().startsWith("team.json: sources[0]: an implementationOf source lists its parameters"),
                stray.getMessage());
        SpecException two = failure("team.json", "{\"sources\": [{" + contract + ", \"parameters\": [0], \"publicApi\": true}]}");
        assertTrue(two.getMessage().startsWith("team.json: sources[0]: a source has exactly one of"), two.getMessage());
        SpecException flag = failure("team.json", "{\"sources\": [{\"publicApi\": false, \"label\": \"x\"}]}");
        assertTrue(flag.getMessage().startsWith("team.json: sources[0]: publicApi is true when present"), flag.getMessage());
    }

    @Test
    void aHandlerReturnHasExactlyOneOfAnnotationAndContract() {
        SpecException both = failure("team.json", "{\"handlerReturns\": [{\"annotation\": \"com.acme.Get\", "
                + "\"implementationOf\": \"com.acme.Plugin#render(..)\", \"kind\": \"xss\", \"label\": \"x\"}]}");
        assertTrue(both.getMessage().startsWith("team.json: handlerReturns[0]: a handler return has exactly one of"),
                both.getMessage());
        SpecException produces = failure("team.json", "{\"handlerReturns\": [{\"implementationOf\": "
                + "\"com.acme.Plugin#render(..)\", \"kind\": \"xss\", \"label\": \"x\", \"produces\": [\"text/html\"]}]}");
        assertTrue(produces.getMessage().startsWith("team.json: handlerReturns[0]: produces applies to an annotation's"),
                produces.getMessage());
    }

    @Test
    void aContractMakesTheParametersOfItsImplementationsSourcesAndTheirResultASink() throws SpecException {
        String code = """
                package app;

                import com.acme.Plugin;
                import com.acme.Shell;

                abstract class BasePlugin implements Plugin {
                }

                class Greeter extends BasePlugin {
                    public String render(String name, int width, Shell shell) {
                        shell.run("banner " + name);
                        return "<b>" + name + "</b>";
                    }
                }

                class Lookalike {
                    public String render(String name, int width, Shell shell) {
                        shell.run("banner " + name);
                        return "<b>" + name + "</b>";
                    }
                }

                class Overload extends BasePlugin {
                    public String render(String name, long width, Shell shell) {
                        shell.run("banner " + name);
                        return name;
                    }
                }
                """;
        TaintEngine engine = TaintEngine.withSpecFiles(Map.of("acme.json", """
                {
                  "sources": [{"implementationOf": "com.acme.Plugin#render(java.lang.String, int, com.acme.Shell)",
                               "parameters": [0], "label": "plugin argument"}],
                  "handlerReturns": [{"implementationOf": "com.acme.Plugin#render(java.lang.String, int, com.acme.Shell)",
                                      "kind": "xss", "label": "plugin HTML"}],
                  "sinks": [{"method": "com.acme.Shell#run(java.lang.String)", "args": [0], "kind": "command"}]
                }
                """));
        List<Finding> findings = findings(Analyzer.withBuiltInRules().withTaint(engine, () -> SummaryTable.EMPTY), code);
        assertEquals(List.of("11 java/command-injection", "12 java/xss"), findings.stream()
                .map(f -> f.range().startLine() + " " + f.ruleId()).toList());
        assertEquals("`name` of `Plugin.render` in `Greeter` (line 10) reaches `plugin HTML` — cross-site scripting; "
                + "encode it for its HTML context (OWASP Encoder Encode.forHtml, Spring HtmlUtils.htmlEscape)",
                findings.get(1).message());
    }

    @Test
    void aSinkLabelNamesTheSinkInMessages() throws SpecException {
        String code = """
                package app;

                import com.acme.Inbox;
                import com.acme.Shell;

                class Worker {
                    void handle(Inbox inbox, Shell shell) {
                        shell.run(inbox.nextMessage());
                    }
                }
                """;
        TaintEngine engine = TaintEngine.withSpecFiles(Map.of("acme.json", """
                {
                  "sources": [{"method": "com.acme.Inbox#nextMessage()", "label": "queued message"}],
                  "sinks": [{"method": "com.acme.Shell#run(java.lang.String)", "args": [0], "kind": "command",
                             "label": "shell line of Shell.run"}]
                }
                """));
        List<Finding> findings = findings(Analyzer.withBuiltInRules().withTaint(engine, () -> SummaryTable.EMPTY), code);
        assertEquals(1, findings.size());
        assertTrue(findings.get(0).message().startsWith("`inbox.nextMessage()` (line 8) reaches `shell line of Shell.run` — "),
                findings.get(0).message());
    }

    @Test
    void malformedJsonNamesTheFile() {
        SpecException e = failure("broken.json", "{\"sinks\": [");
        assertTrue(e.getMessage().startsWith("broken.json: not valid JSON"), e.getMessage());
    }

    @Test
    void aDuplicateAcrossTwoFilesNamesBothEntries() throws SpecException {
        SpecLoader loader = new SpecLoader(TaintRules.kinds());
        loader.load("a.json", "{\"sinks\": [{" + SINK + "}]}");
        String reordered = "{\"sinks\": [{\"kind\": \"sql\", \"args\": [0], \"method\": \"java.sql.Statement#execute(java.lang.String)\"}]}";
        SpecException e = assertThrows(SpecException.class, () -> loader.load("b.json", reordered));
        assertTrue(e.getMessage().startsWith("b.json: sinks[0]: repeats a.json: sinks[0]"), e.getMessage());
    }

    @Test
    void aUserFileRepeatingABuiltInEntryFails() {
        SpecException e = assertThrows(SpecException.class, () -> TaintEngine.withSpecFiles(Map.of("mine.json",
                "{\"sinks\": [{\"method\": \"java.lang.Runtime#exec(..)\", \"args\": [0], \"kind\": \"command\"}]}")));
        assertTrue(e.getMessage().startsWith("mine.json: sinks[0]: repeats process.json: sinks[0]"), e.getMessage());
    }

    @Test
    void aUserSpecFileAddsASourceAndASinkThatMakeAFlowAppear() throws SpecException {
        String code = """
                package app;

                import com.acme.Inbox;
                import com.acme.Shell;

                class Worker {
                    void handle(Inbox inbox, Shell shell) {
                        String message = inbox.nextMessage();
                        shell.run("notify " + message);
                    }
                }
                """;
        Map<String, String> files = new LinkedHashMap<>();
        files.put("acme.json", """
                {
                  "sources": [{"method": "com.acme.Inbox#nextMessage()", "label": "queued message"}],
                  "sinks": [{"method": "com.acme.Shell#run(java.lang.String)", "args": [0], "kind": "command"}]
                }
                """);
        TaintEngine engine = TaintEngine.withSpecFiles(files);
        assertTrue(engine.specs().sinks().size() > TaintEngine.builtIn().specs().sinks().size());
        assertTrue(!engine.specHash().equals(TaintEngine.builtIn().specHash()), "the hash follows the spec files");

        Analyzer builtIn = Analyzer.withBuiltInRules();
        assertEquals(List.of(), findings(builtIn, code));
        List<Finding> findings = findings(builtIn.withTaint(engine, () -> SummaryTable.EMPTY), code);
        assertEquals(List.of("java/command-injection"), findings.stream().map(Finding::ruleId).toList());
        Finding finding = findings.get(0);
        assertEquals(9, finding.range().startLine());
        assertEquals("`inbox.nextMessage()` (line 8) reaches `Shell.run` — OS command injection; run a fixed program "
                + "with arguments checked against an allow-list, never through a shell", finding.message());
    }

    @Test
    void anUnknownThreatModelIsRejected() {
        SpecException e = failure("team.json",
                "{\"sources\": [{\"method\": \"com.acme.Inbox#next()\", \"label\": \"x\", \"threatModel\": \"disk\"}]}");
        assertTrue(e.getMessage().startsWith("team.json: sources[0]: threatModel is one of remote, local, database, api"),
                e.getMessage());
    }

    @Test
    void aLookupKeyNamesAnArgumentOfAMethodSource() {
        SpecException negative = failure("team.json",
                "{\"sources\": [{\"method\": \"com.acme.Store#find(..)\", \"label\": \"x\", \"lookupKey\": -1}]}");
        assertTrue(negative.getMessage().startsWith("team.json: sources[0]: lookupKey is the position"), negative.getMessage());
        SpecException annotation = failure("team.json",
                "{\"sources\": [{\"parameterAnnotation\": \"com.acme.Id\", \"label\": \"x\", \"lookupKey\": 0}]}");
        assertTrue(annotation.getMessage().startsWith("team.json: sources[0]: lookupKey is the position"), annotation.getMessage());
    }

    @Test
    void aLocalSourceCountsOnlyWithItsThreatModelAndOneSinkWithTwoSourcesIsOneFinding() throws SpecException {
        String code = """
                package app;

                import com.acme.Inbox;
                import com.acme.Shell;

                class Worker {
                    void handle(Inbox inbox, Shell shell) {
                        String message = inbox.nextMessage();
                        String spool = inbox.spoolFile();
                        shell.run("notify " + message + spool);
                    }
                }
                """;
        TaintEngine engine = TaintEngine.withSpecFiles(Map.of("acme.json", """
                {
                  "sources": [{"method": "com.acme.Inbox#nextMessage()", "label": "queued message"},
                              {"method": "com.acme.Inbox#spoolFile()", "label": "spool file", "threatModel": "local"}],
                  "sinks": [{"method": "com.acme.Shell#run(java.lang.String)", "args": [0], "kind": "command"}]
                }
                """));
        Analyzer analyzer = Analyzer.withBuiltInRules();
        Finding remoteOnly = findings(analyzer.withTaint(engine, () -> SummaryTable.EMPTY), code).get(0);
        assertEquals("remote", remoteOnly.threatModel());
        assertEquals(List.of(), remoteOnly.otherFlows());

        TaintEngine withLocal = engine.withThreatModels(Set.of("remote", "local"));
        assertSame(withLocal, engine.withThreatModels(Set.of("local", "remote")), "one engine per set of models");
        List<Finding> both = findings(analyzer.withTaint(withLocal, () -> SummaryTable.EMPTY), code);
        assertEquals(1, both.size(), "two sources, one sink argument: one finding");
        Finding finding = both.get(0);
        assertEquals("remote", finding.threatModel(), "the remote source is the stronger one");
        assertEquals(Severity.CRITICAL, finding.severity());
        assertTrue(finding.message().startsWith("`inbox.nextMessage()` (line 8) (and from 1 other source) reaches"),
                finding.message());
        assertEquals(1, finding.otherFlows().size());
        assertEquals("source: spool file `inbox.spoolFile()` (local threat model)",
                finding.otherFlows().get(0).get(0).message());
        assertTrue(finding.related().stream().anyMatch(r -> !r.flowStep()
                && r.message().equals("also from spool file `inbox.spoolFile()` (local threat model)")));

        String localOnly = code.replace(" + message + spool", " + spool");
        assertEquals(List.of(), findings(analyzer.withTaint(engine, () -> SummaryTable.EMPTY), localOnly));
        Finding local = findings(analyzer.withTaint(withLocal, () -> SummaryTable.EMPTY), localOnly).get(0);
        assertEquals("local", local.threatModel());
        assertEquals(Severity.HIGH, local.severity(), "data from the machine: one step below the rule's severity");
    }

    private static List<Finding> findings(Analyzer analyzer, String code) {
        return analyzer.analyze(new SourceFile("src/main/java/app/Worker.java", code)).findings();
    }
}
