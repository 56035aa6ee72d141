package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deterministic fuzzing of the whole engine: the fixtures, the fix pairs and the example project,
 * mutated with a fixed seed (broken syntax, odd characters and line ends, truncation, deep nesting),
 * must analyse without a rule failing, without hanging, and with every range inside the
 * document. Replay another run with -Dseclens.fuzz.seed=N and -Dseclens.fuzz.mutants=N.
 */
class FuzzTest {
    static final long SEED = Long.getLong("seclens.fuzz.seed", 0x5EC1E45L);
    static final int MUTANTS_PER_SEED = Integer.getInteger("seclens.fuzz.mutants", 16);
    /**
     * Turns a hang (a loop that never ends on some mutant) into a failure instead of a stuck build.
     * Not a speed check: a loaded CI machine takes several seconds over a mutant a quiet one takes
     * in a fraction of one, so the bound is far above any real analysis; speed is the benchmarks' job.
     */
    static final long HANG_SECONDS = 120;

    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        executor = Executors.newSingleThreadExecutor(AnalysisThreads.factory("fuzz"));
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    @Test
    void mutatedSourcesAnalyseCleanly() throws Exception {
        List<SourceFile> seeds = FuzzSeeds.all();
        if (seeds.size() < 10) {
            fail("expected the fixtures and the example project as seeds, found " + seeds.size());
        }
        Random random = new Random(SEED);
        int count = 0;
        List<String> errors = new ArrayList<>();
        for (SourceFile seed : seeds) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                SourceMutators.Mutant mutant = SourceMutators.mutate(seed.text(), random);
                String where = "seed 0x" + Long.toHexString(SEED) + ", file " + seed.path() + ", mutant " + i
                        + " (" + mutant.description() + ")";
                attempt(new SourceFile(seed.path(), mutant.text()), where, errors);
                count++;
            }
        }
        // every seed whole, with other line ends, a BOM, tabs, and without its final line end
        for (SourceFile seed : seeds) {
            String lf = seed.text().replace("\r\n", "\n");
            Map<String, String> variants = new LinkedHashMap<>();
            variants.put("CRLF", lf.replace("\n", "\r\n"));
            variants.put("CR", lf.replace("\n", "\r"));
            variants.put("BOM", "\uFEFF" + lf);
            variants.put("tabs", lf.replace("    ", "\t"));
            variants.put("no final line end", lf.stripTrailing());
            variants.put("CR, no final line end", lf.stripTrailing().replace("\n", "\r"));
            for (Map.Entry<String, String> v : variants.entrySet()) {
                attempt(new SourceFile(seed.path(), v.getValue()), "file " + seed.path() + " (" + v.getKey() + ")", errors);
            }
        }
        // a few hand-made extremes on top of the random ones
        String base = seeds.get(0).text();
        attempt(new SourceFile("Bom.java", "\uFEFF" + base), "BOM", errors);
        attempt(new SourceFile("Nested.java", SourceMutators.deepNesting(3000)), "deep nesting", errors);
        attempt(new SourceFile("Empty.java", ""), "empty", errors);
        for (int pad = 70; pad < 80; pad++) {
            attempt(new SourceFile("Emoji.java", "class E { String password = \"" + "a".repeat(pad)
                    + "\uD83D\uDE00".repeat(10) + "\"; }"), "emoji in a quoted literal, padding " + pad, errors);
        }
        attempt(new SourceFile("Nul.java", "\0"), "NUL", errors);
        attempt(new SourceFile("Surrogate.java", "\uD800"), "lone surrogate", errors);
        if (count == 0) {
            fail("no mutants");
        }
        if (!errors.isEmpty()) {
            fail(errors.size() + " of " + count + " mutants failed (texts in target/fuzz-failures/):\n"
                    + String.join("\n", errors.subList(0, Math.min(20, errors.size()))));
        }
    }

    private static void attempt(SourceFile file, String where, List<String> errors) throws InterruptedException {
        try {
            check(file, where);
        } catch (AssertionError e) {
            errors.add(e.getMessage());
            save(errors.size(), file.text());
        }
    }

    static void check(SourceFile file, String where) throws InterruptedException {
        Future<Analysis> future = executor.submit(() -> ANALYZER.analyze(file));
        Analysis analysis;
        try {
            analysis = future.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("analysis still running after " + HANG_SECONDS + " s, taken for a hang: " + where);
        } catch (ExecutionException e) {
            throw new AssertionError("analysis threw on " + where + ": " + e.getCause(), e.getCause());
        }
        if (!analysis.failures().isEmpty()) {
            fail("rule failures on " + where + ": " + analysis.failures());
        }
        Lines lines = new Lines(file.text());
        boolean pairedText = !hasLoneSurrogate(file.text());
        for (Finding f : analysis.findings()) {
            if (pairedText && hasLoneSurrogate(f.message())) {
                fail("finding " + f.ruleId() + " on " + where + " splits a surrogate pair in its message: " + f.message());
            }
            lines.requireInside(f.range(), "finding " + f.ruleId() + " " + f.range() + " on " + where);
            for (RelatedLocation r : f.related()) {
                lines.requireInside(r.range(), "related location of " + f.ruleId() + " on " + where);
            }
            f.fix().ifPresent(fix -> {
                for (TextEdit e : fix.edits()) {
                    lines.requireInside(e.range(), "fix edit of " + f.ruleId() + " " + e.range() + " on " + where);
                }
            });
        }
        for (SyntaxProblem p : analysis.syntaxProblems()) {
            lines.requireInside(p.range(), "syntax problem '" + p.message() + "' " + p.range() + " on " + where);
        }
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static void save(int n, String text) {
        try {
            Path dir = Path.of("target", "fuzz-failures");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(n + ".java.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // only a debugging aid
        }
    }

    /** The document's lines, ended by \n, \r\n or \r, as JavaParser and LSP count them. */
    static final class Lines {
        private final TextLines lines;

        Lines(String text) {
            lines = TextLines.of(text);
        }

        void requireInside(SourceRange range, String what) {
            requireInside(range.startLine(), range.startColumn(), what);
            requireInside(range.endLine(), range.endColumn(), what);
        }

        private void requireInside(int line, int column, String what) {
            if (line < 1 || line > lines.count()) {
                fail(what + ": line " + line + " outside the document's " + lines.count() + " lines");
            }
            int max = lines.length(line) + 1;
            if (column < 1 || column > max) {
                fail(what + ": column " + column + " outside line " + line + " (length " + (max - 1) + ")");
            }
        }
    }

}
