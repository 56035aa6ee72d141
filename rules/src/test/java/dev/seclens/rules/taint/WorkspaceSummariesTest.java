package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The workspace's summaries follow edits and removals, and recursion across files terminates. */
class WorkspaceSummariesTest {
    private static final String HELPER = """
            class Helper {
                static String wrap(String value) {
                    return "(" + value + ")";
                }
            }
            """;
    private static final String SERVICE = """
            class Service {
                static void run(java.sql.Statement st, String value) throws Exception {
                    st.execute("SELECT " + Helper.wrap(value));
                }
            }
            """;

    private final Map<String, String> texts = new HashMap<>();
    private final WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());

    private void open(String path, String text) {
        texts.put(path, text);
    }

    private Optional<String> text(String path) {
        return Optional.ofNullable(texts.get(path));
    }

    private List<MethodSummary.Reach> reaches(String owner, String method, int arity) {
        List<MethodSummary> found = summaries.table().methods(owner, method, arity, false, false).methods();
        assertEquals(1, found.size(), owner + "." + method);
        return found.get(0).reaches();
    }

    @Test
    void editingAHelperChangesTheSummariesOfTheFilesThatCallIt() {
        open("Helper.java", HELPER);
        open("Service.java", SERVICE);
        summaries.addAll(texts);
        assertEquals(1, reaches("Service", "run", 2).size(), "the value reaches the query through Helper.wrap");

        String constant = HELPER.replace("return \"(\" + value + \")\";", "return \"(1)\";");
        open("Helper.java", constant);
        Set<String> changed = summaries.update("Helper.java", constant, this::text);
        assertEquals(Set.of("Helper.java", "Service.java"), changed);
        assertEquals(List.of(), reaches("Service", "run", 2));

        assertEquals(Set.of(), summaries.update("Helper.java", constant, this::text), "same text, nothing to do");
    }

    @Test
    void theTestSourcesHoldNoSummariesAndAreNotSummarisedAgainWhenAClassTheyUseChanges() {
        String helperTest = """
                class HelperTest {
                    static String wrapped(String value) {
                        return Helper.wrap(value);
                    }
                }
                """;
        open("src/main/java/Helper.java", HELPER);
        open("src/test/java/HelperTest.java", helperTest);
        open("src/main/java/NodeTest.java", helperTest.replace("HelperTest", "NodeTest"));
        summaries.addAll(texts);
        assertEquals(List.of(), summaries.table().methods("HelperTest", "wrapped", 1, false, true).methods(),
                "no rule runs in the test sources, and production code cannot call them");
        assertEquals(1, summaries.table().methods("NodeTest", "wrapped", 1, false, true).methods().size(),
                "a production class only named like a test is summarised: other classes may extend it");
        String keyBefore = summaries.factKeys(List.of("src/test/java/HelperTest.java"), summaries.table())
                .get("src/test/java/HelperTest.java");

        String constant = HELPER.replace("return \"(\" + value + \")\";", "return \"(1)\";");
        open("src/main/java/Helper.java", constant);
        assertEquals(Set.of("src/main/java/Helper.java", "src/main/java/NodeTest.java"),
                summaries.update("src/main/java/Helper.java", constant, this::text),
                "the test that calls the helper is not summarised again");
        assertEquals(keyBefore, summaries.factKeys(List.of("src/test/java/HelperTest.java"), summaries.table())
                .get("src/test/java/HelperTest.java"), "a scan does not analyse it again either");
    }

    @Test
    void aClassNamedLikeATestThatProductionClassesExtendIsCalledIntoAndATestClassIsNot() {
        open("lib/NodeTest.java", """
                class NodeTest {
                    String pass(String value) { return value; }
                }
                """);
        open("lib/PredicatedNodeTest.java", """
                class PredicatedNodeTest extends NodeTest {
                    String pass(String value) { return value.trim(); }
                }
                """);
        open("lib/Walker.java", "class Walker extends PredicatedNodeTest { }");
        open("lib/Handler.java", "interface Handler { String pass(String value); }");
        open("lib/HandlerTest.java", """
                class HandlerTest implements Handler {
                    public String pass(String value) { return value; }
                }
                """);
        summaries.addAll(texts);
        SummaryTable table = summaries.table();
        assertEquals(List.of("PredicatedNodeTest"), owners(table.methods("Walker", "pass", 1, true, false)),
                "the method a production class inherits runs, whoever named its class");
        assertEquals(List.of("NodeTest", "PredicatedNodeTest"), owners(table.methods("NodeTest", "pass", 1, false, false)));
        assertEquals(List.of(), owners(table.methods("Handler", "pass", 1, false, false)),
                "a test that implements a production interface is not called from production code");
        assertEquals(List.of("HandlerTest"), owners(table.methods("Handler", "pass", 1, false, true)));
    }

    private static List<String> owners(SummaryTable.Targets targets) {
        return targets.methods().stream().map(MethodSummary::owner).toList();
    }

    @Test
    void aFactKeyIgnoresWhereAFlowRunsButNotWhatReachesTheSink() {
        open("Helper.java", HELPER);
        open("Service.java", SERVICE);
        summaries.addAll(texts);
        String facts = summaries.factKeys(List.of("Service.java"), summaries.table()).get("Service.java");
        String whole = summaries.dependencyKey("Service.java");

        // the helper moves down three lines: its summary's lines change, its facts do not
        String moved = "\n\n\n" + HELPER;
        open("Helper.java", moved);
        summaries.update("Helper.java", moved, this::text);
        assertEquals(facts, summaries.factKeys(List.of("Service.java"), summaries.table()).get("Service.java"));
        assertNotEquals(whole, summaries.dependencyKey("Service.java"), "the cache's key still sees the lines");

        String constant = HELPER.replace("return \"(\" + value + \")\";", "return \"(1)\";");
        open("Helper.java", constant);
        summaries.update("Helper.java", constant, this::text);
        assertNotEquals(facts, summaries.factKeys(List.of("Service.java"), summaries.table()).get("Service.java"),
                "the helper no longer passes its parameter on");
    }

    @Test
    void aCachesKeyTakesTheLinesOfTheFilesTheResultsShowAndOnlyTheFactsOfTheOthers() {
        open("Helper.java", HELPER);
        open("Service.java", SERVICE);
        summaries.addAll(texts);
        // Service's summary of run: the value reaches the query through Helper.wrap, which it cites by line
        String json = SummaryCodec.encode(summaries.entry("Service.java").orElseThrow());
        Set<String> shown = ShownFiles.of(json, List.of(), java.util.stream.Stream.empty());
        assertTrue(ShownFiles.shows(shown, "Helper.java"), shown.toString());
        Map<String, Set<String>> showing = Map.of("Service.java", shown);
        String showingKey = summaries.dependencyKeys(List.of("Service.java"), summaries.table(), showing::get)
                .get("Service.java");
        String notShowingKey = summaries.dependencyKeys(List.of("Service.java"), summaries.table(), path -> Set.of())
                .get("Service.java");

        // the helper moves down three lines: its summary's lines change, its facts do not
        String moved = "\n\n\n" + HELPER;
        open("Helper.java", moved);
        summaries.update("Helper.java", moved, this::text);
        assertNotEquals(showingKey, summaries.dependencyKeys(List.of("Service.java"), summaries.table(), showing::get)
                .get("Service.java"), "results that cite Helper.java:3 are stale");
        assertEquals(notShowingKey, summaries.dependencyKeys(List.of("Service.java"), summaries.table(),
                path -> Set.of()).get("Service.java"), "results that show nothing of the helper hold");

        String constant = moved.replace("return \"(\" + value + \")\";", "return \"(1)\";");
        open("Helper.java", constant);
        summaries.update("Helper.java", constant, this::text);
        assertNotEquals(notShowingKey, summaries.dependencyKeys(List.of("Service.java"), summaries.table(),
                path -> Set.of()).get("Service.java"), "the helper no longer passes its parameter on: a fact");
    }

    @Test
    void aFactKeySeesOnlyTheMethodsTheFileCallsAndTheConstructorsItRuns() {
        String helper = """
                class Helper {
                    String held;
                    Helper(String value) { held = value; }
                    static String wrap(String value) { return "(" + value + ")"; }
                    static String other(String value) { return value; }
                }
                """;
        String sub = """
                class Sub extends Helper {
                    Sub(String value) { super(value); }
                }
                """;
        open("Helper.java", helper);
        open("Service.java", SERVICE);
        open("Sub.java", sub);
        summaries.addAll(texts);
        Map<String, String> before = summaries.factKeys(List.of("Service.java", "Sub.java"), summaries.table());

        // a method Service never calls stops passing its parameter on: Service's key stays, Sub's too
        String otherConstant = helper.replace("return value; }", "return \"1\"; }");
        Map<String, String> after = factKeysAfterEditing("Helper.java", otherConstant, "Service.java", "Sub.java");
        assertEquals(before.get("Service.java"), after.get("Service.java"), "Service calls wrap, not other");
        assertEquals(before.get("Sub.java"), after.get("Sub.java"));

        // the constructor super(value) runs stops storing its parameter: Sub's key changes, Service's does not
        String constructorConstant = otherConstant.replace("held = value;", "held = \"1\";");
        Map<String, String> last = factKeysAfterEditing("Helper.java", constructorConstant, "Service.java", "Sub.java");
        assertNotEquals(after.get("Sub.java"), last.get("Sub.java"), "super(value) runs Helper's constructor");
        assertEquals(after.get("Service.java"), last.get("Service.java"));
    }

    private static final String BASE = """
            class Base {
                static String wrap(String value) { return "(" + value + ")"; }
            }
            """;
    /** {@link #BASE} with {@code wrap} returning a constant: nothing of its argument. */
    private static final String BASE_CONSTANT = BASE.replace("return \"(\" + value + \")\";", "return \"(1)\";");

    /** Base declares wrap, Derived inherits it, Caller calls Derived.wrap: it mentions Derived only. */
    private void openAnInheritedMethodsCaller() {
        open("Base.java", BASE);
        open("Derived.java", "class Derived extends Base {\n}\n");
        open("Caller.java", """
                class Caller {
                    static void run(java.sql.Statement st, String value) throws Exception {
                        st.execute("SELECT " + Derived.wrap(value));
                    }
                }
                """);
        summaries.addAll(texts);
        assertEquals(1, reaches("Caller", "run", 2).size(), "the value reaches the query through Base.wrap");
    }

    @Test
    void aMethodInheritedFromAnotherFileIsPartOfTheCallersKeys() {
        openAnInheritedMethodsCaller();
        String facts = summaries.factKeys(List.of("Caller.java"), summaries.table()).get("Caller.java");
        String whole = summaries.dependencyKey("Caller.java");

        assertNotEquals(facts, factKeysAfterEditing("Base.java", BASE_CONSTANT, "Caller.java").get("Caller.java"),
                "Caller mentions Derived only, and runs Base's wrap");
        assertNotEquals(whole, summaries.dependencyKey("Caller.java"));
    }

    @Test
    void editingAnInheritedMethodResummarisesTheFilesThatCallItThroughTheSubclass() {
        openAnInheritedMethodsCaller();
        open("Base.java", BASE_CONSTANT);
        Set<String> changed = summaries.update("Base.java", BASE_CONSTANT, this::text);
        assertEquals(Set.of("Base.java", "Caller.java"), changed, "Caller mentions Derived only, and runs Base's wrap");
        assertEquals(List.of(), reaches("Caller", "run", 2));
    }

    /** The fact keys of {@code keyed} once {@code path} has been edited to {@code text}. */
    private Map<String, String> factKeysAfterEditing(String path, String text, String... keyed) {
        open(path, text);
        summaries.update(path, text, this::text);
        return summaries.factKeys(List.of(keyed), summaries.table());
    }

    @Test
    void removingAFileResummarisesItsDependents() {
        open("Helper.java", HELPER);
        open("Service.java", SERVICE);
        summaries.addAll(texts);
        texts.remove("Helper.java");
        Set<String> changed = summaries.remove("Helper.java", this::text);
        assertEquals(Set.of("Helper.java", "Service.java"), changed);
        assertEquals(List.of(), summaries.table().classes("Helper"));
        assertEquals(List.of(), reaches("Service", "run", 2));
        assertEquals(1, summaries.size());
    }

    @Test
    void recursionAcrossFilesTerminatesAndStillCarriesTheFlow() {
        open("Ping.java", """
                class Ping {
                    static String ping(String s, int n) {
                        return n == 0 ? s : Pong.pong(s + "!", n - 1);
                    }
                }
                """);
        open("Pong.java", """
                class Pong {
                    static String pong(String s, int n) {
                        return Ping.ping(Pong.pong(s, n), n);
                    }
                }
                """);
        String servlet = """
                import javax.servlet.http.HttpServletRequest;

                class Search {
                    void find(HttpServletRequest request, java.sql.Statement st) throws Exception {
                        st.executeQuery(Ping.ping(request.getParameter("q"), 3));
                    }
                }
                """;
        open("Search.java", servlet);
        List<Finding> findings = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            summaries.addAll(texts);
            Analyzer analyzer = Analyzer.withBuiltInRules().withTaint(TaintEngine.builtIn(), summaries::table);
            return analyzer.analyze(new SourceFile("Search.java", servlet)).findings();
        });
        assertEquals(List.of("java/sql-injection"), findings.stream().map(Finding::ruleId).toList());
        assertTrue(findings.get(0).message().contains("`request.getParameter(\"q\")` (line 5) reaches `Statement.executeQuery`"),
                findings.get(0).message());
    }

    @Test
    void staticFieldWritesAndConstantsReachOtherFilesAndSurviveTheCache() {
        String context = """
                package shop;
                public final class Context {
                    public static String tenant;
                    public static final boolean LEGACY = false;
                    public static final char MODE = 'r';
                }
                """;
        String filter = """
                package shop;
                class Filter {
                    void enter(javax.servlet.http.HttpServletRequest request) {
                        Context.tenant = request.getParameter("tenant");
                    }
                }
                """;
        open("shop/Context.java", context);
        open("shop/Filter.java", filter);
        summaries.addAll(texts);
        List<SummaryTable.StaticWrite> writes = summaries.table().staticWrites("shop.Context", "tenant");
        assertEquals(List.of("shop/Filter.java"), writes.stream().map(SummaryTable.StaticWrite::file).toList());
        assertEquals(List.of(), summaries.table().staticWrites("shop.Context", "other"));
        ClassSummary constants = summaries.table().classes("shop.Context").get(0);
        assertEquals(Optional.of(false), constants.constant("LEGACY"));
        assertEquals(Optional.of('r'), constants.constant("MODE"));

        for (String path : List.of("shop/Context.java", "shop/Filter.java")) {
            WorkspaceSummaries.Entry entry = summaries.entry(path).orElseThrow();
            WorkspaceSummaries.Entry decoded = SummaryCodec.decode(SummaryCodec.encode(entry)).orElseThrow();
            ClassSummary before = entry.classes().get(0);
            ClassSummary after = decoded.classes().get(0);
            assertEquals(before.constants(), after.constants(), path);
            assertEquals(before.staticWrites().keySet(), after.staticWrites().keySet(), path);
            before.staticWrites().forEach((k, v) -> assertTrue(v.sameFacts(after.staticWrites().get(k)), path + " " + k));
        }
    }

    @Test
    void aReaderOfAStaticFieldDependsOnItsWriters() {
        String context = """
                package shop;
                public final class Context {
                    public static String tenant;
                }
                """;
        String writer = """
                package shop;
                class Filter {
                    void enter(javax.servlet.http.HttpServletRequest request) {
                        Context.tenant = "fixed";
                    }
                }
                """;
        String reader = """
                package shop;
                class Report {
                    void run(java.sql.Statement st) throws Exception {
                        st.execute("SELECT * FROM t WHERE tenant = '" + Context.tenant + "'");
                    }
                }
                """;
        open("shop/Context.java", context);
        open("shop/Filter.java", writer);
        open("shop/Report.java", reader);
        summaries.addAll(texts);
        String before = summaries.dependencyKey("shop/Report.java");

        String tainted = writer.replace("\"fixed\"", "request.getParameter(\"tenant\")");
        open("shop/Filter.java", tainted);
        summaries.update("shop/Filter.java", tainted, this::text);
        assertTrue(summaries.dependents(Set.of("shop/Filter.java")).contains("shop/Report.java"),
                "the reader is re-analysed when a writer changes");
        assertTrue(!before.equals(summaries.dependencyKey("shop/Report.java")), "the reader's cached findings are stale");
    }

    @Test
    void aFileInjectedWithABeanDependsOnTheBeansFactory() {
        String beans = """
                package shop;
                import freemarker.core.TemplateClassResolver;
                import freemarker.template.Configuration;
                @org.springframework.context.annotation.Configuration
                class Beans {
                    @org.springframework.context.annotation.Bean
                    Configuration templates() {
                        Configuration c = new Configuration(Configuration.VERSION_2_3_32);
                        c.setNewBuiltinClassResolver(TemplateClassResolver.SAFER_RESOLVER);
                        return c;
                    }
                }
                """;
        String renderer = """
                package shop;
                import freemarker.template.Configuration;
                class Renderer {
                    @org.springframework.beans.factory.annotation.Autowired
                    private Configuration templates;
                    Object render(String text) throws Exception {
                        return new freemarker.template.Template("page", text, templates);
                    }
                }
                """;
        open("shop/Beans.java", beans);
        open("shop/Renderer.java", renderer);
        summaries.addAll(texts);
        assertEquals(Map.of("templates", "SAFER_RESOLVER"),
                summaries.table().classes("shop.Beans").get(0).freeMarkerBeans());
        String before = summaries.dependencyKey("shop/Renderer.java");

        String unrestricted = beans.replace("SAFER_RESOLVER", "UNRESTRICTED_RESOLVER");
        open("shop/Beans.java", unrestricted);
        summaries.update("shop/Beans.java", unrestricted, this::text);
        assertEquals(Map.of("templates", ""), summaries.table().classes("shop.Beans").get(0).freeMarkerBeans());
        assertTrue(summaries.dependents(Set.of("shop/Beans.java")).contains("shop/Renderer.java"),
                "the injected file is re-analysed when the bean's setup changes");
        assertTrue(!before.equals(summaries.dependencyKey("shop/Renderer.java")), "its cached findings are stale");
    }

    private static final String MAPPER = """
            package shop;
            interface UserMapper {
                java.util.List<String> byName(@org.apache.ibatis.annotations.Param("name") String name);
            }
            """;
    private static final String USERS = """
            package shop;
            class Users {
                UserMapper mapper;
                java.util.List<String> find(String name) {
                    return mapper.byName(name);
                }
            }
            """;
    private static final String MAPPER_XML = """
            <mapper namespace="shop.UserMapper">
              <select id="byName">select name from users where name = '${name}'</select>
            </mapper>
            """;

    @Test
    void aMapperXmlFileReachesTheCallersOfItsInterfaceAndTheirCachedFindingsFollowItsEdits() {
        open("shop/UserMapper.java", MAPPER);
        open("shop/Users.java", USERS);
        open("shop/UserMapper.xml", MAPPER_XML);
        open("logback.xml", "<configuration><pattern>${PATTERN}</pattern></configuration>");
        summaries.addAll(texts);
        List<MethodSummary.Reach> reach = reaches("shop.Users", "find", 1);
        assertEquals(1, reach.size(), "the caller's caller sees the ${} of the XML statement");
        assertEquals("shop/UserMapper.xml", reach.get(0).sink().file());
        assertEquals(2, reach.get(0).sink().range().startLine());
        String before = summaries.dependencyKey("shop/Users.java");

        String bound = MAPPER_XML.replace("'${name}'", "#{name}");
        open("shop/UserMapper.xml", bound);
        assertEquals(Set.of("shop/UserMapper.xml", "shop/UserMapper.java", "shop/Users.java"),
                summaries.update("shop/UserMapper.xml", bound, this::text));
        assertEquals(List.of(), reaches("shop.Users", "find", 1));
        assertTrue(!before.equals(summaries.dependencyKey("shop/Users.java")), "the caller's cached findings are stale");
        assertTrue(summaries.dependents(Set.of("shop/UserMapper.java")).contains("shop/Users.java"));

        open("shop/UserMapper.xml", MAPPER_XML);
        summaries.update("shop/UserMapper.xml", MAPPER_XML, this::text);
        assertEquals(1, reaches("shop.Users", "find", 1).size(), "the substitution is back");
        texts.remove("shop/UserMapper.xml");
        assertEquals(Set.of("shop/UserMapper.xml", "shop/UserMapper.java", "shop/Users.java"),
                summaries.remove("shop/UserMapper.xml", this::text));
        assertEquals(List.of(), reaches("shop.Users", "find", 1));
    }

    /** A statement including a fragment of another mapper file follows that file's edits. */
    @Test
    void aFragmentIncludedFromAnotherMapperFileReachesAndFollowsItsEdits() {
        String including = """
                <mapper namespace="shop.UserMapper">
                  <select id="byName">select name from users <include refid="shop.Common.byName"/></select>
                </mapper>
                """;
        String common = """
                <mapper namespace="shop.Common">
                  <sql id="byName">where name = '${name}'</sql>
                </mapper>
                """;
        open("shop/UserMapper.java", MAPPER);
        open("shop/Users.java", USERS);
        open("shop/UserMapper.xml", including);
        open("shop/Common.xml", common);
        summaries.addAll(texts);
        List<MethodSummary.Reach> reach = reaches("shop.Users", "find", 1);
        assertEquals(1, reach.size(), "the caller's caller sees the ${} of the fragment");
        assertEquals("shop/Common.xml", reach.get(0).sink().file(), "reported where the fragment writes it");
        assertTrue(summaries.dependents(Set.of("shop/Common.xml")).contains("shop/Users.java"),
                "the callers of the interface whose statement includes the fragment");

        String bound = common.replace("'${name}'", "#{name}");
        open("shop/Common.xml", bound);
        assertTrue(summaries.update("shop/Common.xml", bound, this::text).containsAll(Set.of("shop/UserMapper.java", "shop/Users.java")),
                "the interface whose statement includes the fragment is summarised again, and its callers");
        assertEquals(List.of(), reaches("shop.Users", "find", 1));
    }

    /** As a scan's cache does it: unchanged files restored, the changed mapper file alone summarised again. */
    @Test
    void aRestoredMapperInterfaceFollowsItsChangedXmlFile() {
        open("shop/UserMapper.java", MAPPER);
        open("shop/Users.java", USERS);
        open("shop/UserMapper.xml", MAPPER_XML);
        summaries.addAll(texts);
        WorkspaceSummaries next = new WorkspaceSummaries(TaintEngine.builtIn());
        next.restore("shop/UserMapper.java", summaries.entry("shop/UserMapper.java").orElseThrow());
        next.restore("shop/Users.java", summaries.entry("shop/Users.java").orElseThrow());
        String bound = MAPPER_XML.replace("'${name}'", "#{name}");
        open("shop/UserMapper.xml", bound);
        next.add("shop/UserMapper.xml", bound);
        assertTrue(next.settleChanged(Set.of("shop/UserMapper.xml"), this::text).contains("shop/Users.java"));
        assertEquals(List.of(), next.table().methods("shop.Users", "find", 1, false, false).methods().get(0).reaches());
    }

    /** {@code ${query.name}} pastes one property; the object's taint may sit in another: said, at low confidence. */
    @Test
    void aSubstitutedPropertyOfAnArgumentIsACaveatedReach() {
        open("shop/Finder.java", """
                package shop;
                interface Finder {
                    java.util.List<String> find(@org.apache.ibatis.annotations.Param("query") Query query,
                                                @org.apache.ibatis.annotations.Param("sort") String sort);
                }
                """);
        open("shop/Query.java", "package shop; class Query { String name; }");
        open("shop/Finder.xml", """
                <mapper namespace="shop.Finder">
                  <select id="find">select * from t where name = '${query.name}' order by ${sort}</select>
                </mapper>
                """);
        summaries.addAll(texts);
        List<MethodSummary.Reach> reach = reaches("shop.Finder", "find", 2);
        assertEquals(2, reach.size());
        assertEquals("a property of `query`, which carries untrusted data somewhere; which property is not followed",
                reach.get(0).sink().caveat());
        assertEquals("", reach.get(1).sink().caveat(), "${sort} is the argument itself");
    }
}
