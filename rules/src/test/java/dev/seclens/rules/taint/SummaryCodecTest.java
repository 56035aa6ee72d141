package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Summaries kept in a scan's cache lose nothing the analysis needs: a workspace restored from the
 * codec's JSON reports what the live one does, including the facts that only summaries carry
 * across files (a helper's sink that waits for the response's writer, what an exception carries,
 * which field of an object a setter or factory filled, the types of a function declared elsewhere,
 * what a helper put into the list or builder it was handed, or into one field of the object it was
 * handed).
 */
class SummaryCodecTest {
    private final Analyzer analyzer = Analyzer.withBuiltInRules();

    @ParameterizedTest
    @CsvSource({
            "java/xss, xss/writers.project, src/main/java/shop/web/SearchServlet.java, 'Html.paragraph(out, q)'",
            "java/xss, xss/exceptions.project, src/main/java/shop/orders/OrderServlet.java, out.println(e.getLocalizedMessage())",
            "java/sql-injection, sql-injection/mybatis-xml.project, src/main/java/com/example/users/UserController.java, service.find(name)",
            "java/sql-injection, sql-injection/fields.project, src/main/java/shop/web/AccountController.java, store.byStatus(other)",
            "java/sql-injection, sql-injection/handlers.project, src/main/java/shop/web/JobRoutes.java, jobs.onRequest",
            "java/sql-injection, sql-injection/handlers.project, src/main/java/shop/web/JobRoutes.java, jobs.each((request",
            "java/sql-injection, sql-injection/fillers.project, src/main/java/shop/report/ReportServlet.java, executeQuery(sql.toString())",
            "java/sql-injection, sql-injection/parameter-fields.project, src/main/java/shop/search/SearchServlet.java, form.getColumn()"})
    void aRestoredWorkspaceReportsWhatTheLiveOneDoes(String rule, String project, String file, String crossFileLine) {
        Map<String, String> texts = texts(project);
        WorkspaceSummaries live = new WorkspaceSummaries(TaintEngine.builtIn());
        live.addAll(texts);
        WorkspaceSummaries restored = new WorkspaceSummaries(TaintEngine.builtIn());
        SummaryCodec.Decoder decoder = new SummaryCodec.Decoder(); // as a scan decodes: steps shared between files
        for (String path : texts.keySet()) {
            String json = SummaryCodec.encode(live.entry(path).orElseThrow());
            WorkspaceSummaries.Entry entry = decoder.decode(json).orElseThrow();
            assertEquals(SummaryCodec.encode(SummaryCodec.decode(json).orElseThrow()), SummaryCodec.encode(entry),
                    "sharing changes nothing");
            restored.restore(path, entry);
        }
        SourceFile source = new SourceFile(file, texts.get(file));
        List<String> expected = describe(analyzer.withTaint(TaintEngine.builtIn(), live).analyze(source).findings());
        List<String> actual = describe(analyzer.withTaint(TaintEngine.builtIn(), restored).analyze(source).findings());

        int line = 1 + (int) texts.get(file).lines().takeWhile(l -> !l.contains(crossFileLine)).count();
        assertTrue(expected.stream().anyMatch(f -> f.startsWith(line + " " + rule)),
                "the flow through another file is found at line " + line + ": " + expected);
        assertEquals(expected, actual);
    }

    @Test
    void oneDecoderSharesTheStepsThatTwoEntriesRepeat() {
        Map<String, String> texts = texts("xss/writers.project");
        WorkspaceSummaries live = new WorkspaceSummaries(TaintEngine.builtIn());
        live.addAll(texts);
        String json = texts.keySet().stream().map(p -> SummaryCodec.encode(live.entry(p).orElseThrow()))
                .filter(j -> j.contains("\"steps\":[{")).findFirst().orElseThrow();
        SummaryCodec.Decoder decoder = new SummaryCodec.Decoder();
        Step first = firstStep(decoder.decode(json).orElseThrow());
        Step again = firstStep(decoder.decode(json).orElseThrow());
        assertTrue(first == again, "the second decode reuses the first one's step");
        assertTrue(first != firstStep(SummaryCodec.decode(json).orElseThrow()), "a decode alone shares nothing");
    }

    private static Step firstStep(WorkspaceSummaries.Entry entry) {
        return entry.classes().stream().flatMap(c -> c.methods().stream()).flatMap(m -> m.reaches().stream())
                .flatMap(r -> r.taint().steps().stream()).findFirst().orElseThrow();
    }

    @Test
    void aMapperFileKeepsItsStatements() {
        String path = "src/main/resources/com/example/users/UserMapper.xml";
        Map<String, String> texts = texts("sql-injection/mybatis-xml.project");
        WorkspaceSummaries live = new WorkspaceSummaries(TaintEngine.builtIn());
        live.addAll(texts);
        WorkspaceSummaries.Entry entry = live.entry(path).orElseThrow();
        assertTrue(!entry.statements().isEmpty());
        assertEquals(entry.statements(), SummaryCodec.decode(SummaryCodec.encode(entry)).orElseThrow().statements());
    }

    private static List<String> describe(List<Finding> findings) {
        return findings.stream().map(f -> f.range().startLine() + " " + f.ruleId() + " " + f.message() + " "
                + f.related().stream().map(r -> r.message()).toList()).toList();
    }

    private static Map<String, String> texts(String project) {
        try {
            Path root = Path.of(SummaryCodecTest.class.getResource("/fixtures/" + project).toURI());
            Map<String, String> texts = new TreeMap<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".java") || MapperXml.isCandidate(f.toString())).toList()) {
                    texts.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
                }
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
