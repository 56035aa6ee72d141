package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fix pairs under {@code src/test/resources/fixes/<rule-name>/}: every fix offered on {@code X.java}
 * is applied at once (identical edits, such as the same import from two fixes, count once; edits
 * that overlap fail the test), and the result must equal {@code X.fixed.java} exactly, parse, keep
 * only the findings that had no fix, and compile with javac against the stubs in
 * {@code src/test/resources/stubs/} (so must {@code X.java}). An {@code X.java} without a
 * {@code X.fixed.java} is a near miss: it must have a finding and no fix.
 */
class FixPairTest {
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    @TestFactory
    Stream<DynamicTest> everyPairFixesToItsExpectedSourceThatCompiles() throws IOException {
        Path root = resource("/fixes");
        List<Path> inputs;
        try (Stream<Path> files = Files.walk(root)) {
            inputs = files.filter(p -> p.toString().endsWith(".java") && !p.toString().endsWith(".fixed.java"))
                    .sorted().toList();
        }
        assertTrue(inputs.size() >= 10, "too few fix pairs: " + inputs);
        return inputs.stream().map(input -> DynamicTest.dynamicTest(
                root.relativize(input).toString().replace('\\', '/'), () -> check(root, input)));
    }

    private static void check(Path root, Path input) throws IOException {
        String relative = root.relativize(input).toString().replace('\\', '/');
        String text = Files.readString(input, StandardCharsets.UTF_8);
        Analysis before = ANALYZER.analyze(new SourceFile(relative, text));
        assertEquals(List.of(), before.syntaxProblems(), relative);
        compiles(input.getFileName().toString(), text);
        assertFalse(before.findings().isEmpty(), "a fix pair without a finding: " + relative);
        List<Finding> fixable = before.findings().stream().filter(f -> f.fix().isPresent()).toList();
        Path expectedPath = input.resolveSibling(input.getFileName().toString().replace(".java", ".fixed.java"));
        if (!Files.exists(expectedPath)) {
            assertEquals(List.of(), fixable.stream().map(Finding::message).toList(),
                    "a near miss (no .fixed.java) must offer no fix");
            return;
        }
        assertFalse(fixable.isEmpty(), "no fix offered on " + relative);

        Set<TextEdit> edits = new LinkedHashSet<>();
        for (Finding finding : fixable) {
            edits.addAll(FixApplication.edits(finding.fix().get(), before.unit().orElseThrow()));
        }
        assertNoOverlap(new ArrayList<>(edits));
        String fixed = FixApplication.apply(text, List.copyOf(edits));
        assertEquals(Files.readString(expectedPath, StandardCharsets.UTF_8), fixed, "fixed " + relative);

        Analysis after = ANALYZER.analyze(new SourceFile(relative, fixed));
        assertEquals(List.of(), after.syntaxProblems(), fixed);
        List<String> unfixed = before.findings().stream().filter(f -> f.fix().isEmpty())
                .map(f -> f.ruleId() + " on " + covered(text, f.range())).toList();
        List<String> remaining = after.findings().stream().map(f -> f.ruleId() + " on " + covered(fixed, f.range()))
                .toList();
        assertEquals(unfixed, remaining, "after the fixes, only the findings without a fix may remain");
        compiles(input.getFileName().toString(), fixed);
    }

    /** Sorted by start, each edit ends before the next starts; two insertions at one point would be ambiguous. */
    private static void assertNoOverlap(List<TextEdit> edits) {
        edits.sort(Comparator.comparing(TextEdit::range));
        for (int i = 1; i < edits.size(); i++) {
            SourceRange a = edits.get(i - 1).range();
            SourceRange b = edits.get(i).range();
            SourceRange aEnd = SourceRange.point(a.endLine(), a.endColumn());
            SourceRange bStart = SourceRange.point(b.startLine(), b.startColumn());
            assertTrue(aEnd.compareTo(bStart) < 0 || aEnd.compareTo(bStart) == 0 && !a.equals(b),
                    "overlapping edits: " + edits.get(i - 1) + " and " + edits.get(i));
        }
    }

    private static String covered(String text, SourceRange range) {
        String[] lines = text.split("\n", -1);
        StringBuilder result = new StringBuilder();
        for (int line = range.startLine(); line <= range.endLine(); line++) {
            String l = lines[line - 1];
            int from = line == range.startLine() ? range.startColumn() - 1 : 0;
            int to = line == range.endLine() ? Math.min(l.length(), range.endColumn() - 1) : l.length();
            result.append(l, from, to).append(line < range.endLine() ? "\n" : "");
        }
        return result.toString();
    }

    /** Compiles {@code text} as {@code fileName} with the stubs, in a temporary directory. */
    private static void compiles(String fileName, String text) throws IOException {
        assertTrue(JAVAC != null, "tests need a JDK (javax.tools)");
        Path dir = Files.createTempDirectory("seclens-fix-pair");
        try {
            Path source = dir.resolve(fileName);
            Files.writeString(source, text, StandardCharsets.UTF_8);
            List<Path> sources = new ArrayList<>(stubs());
            sources.add(source);
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = JAVAC.getStandardFileManager(diagnostics, Locale.ROOT,
                    StandardCharsets.UTF_8)) {
                boolean ok = JAVAC.getTask(null, files, diagnostics,
                        List.of("-d", dir.resolve("classes").toString(), "-proc:none", "-implicit:none"), null,
                        files.getJavaFileObjectsFromPaths(sources)).call();
                if (!ok) {
                    fail("does not compile:\n" + diagnostics.getDiagnostics().stream()
                            .map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                            .collect(Collectors.joining("\n")) + "\n" + text);
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Path> stubs() {
        try (Stream<Path> files = Files.walk(resource("/stubs"))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(FixPairTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
