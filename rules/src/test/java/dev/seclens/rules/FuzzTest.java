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
 * must analyse without a rule failing, within a time budget, and with every range inside the
 * document. Replay another run with -Dseclens.fuzz.seed=N and -Dseclens.fuzz.mutants=N.
 */
class FuzzTest {
    static final long SEED = Long.getLong("seclens.fuzz.seed", 0x5EC1E45L);
    static final int MUTANTS_PER_SEED = Integer.getInteger("seclens.fuzz.mutants", 16);
    static final long BUDGET_SECONDS = 5;

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
        List<SourceFile> seeds = seeds();
        if (seeds.size() < 10) {
            fail("expected the fixtures and the example project as seeds, found " + seeds.size());
        }
        Random random = new Random(SEED);
        int count = 0;
        List<String> errors = new ArrayList<>();
        for (SourceFile seed : seeds) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                Mutant mutant = Mutators.mutate(seed.text(), random);
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
        attempt(new SourceFile("Nested.java", Mutators.deepNesting(3000)), "deep nesting", errors);
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
            analysis = future.get(BUDGET_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("analysis took over " + BUDGET_SECONDS + " s: " + where);
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
        private final List<Integer> lengths = new ArrayList<>();

        Lines(String text) {
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r') {
                    lengths.add(i - start);
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    start = i + 1;
                }
            }
            lengths.add(text.length() - start);
        }

        void requireInside(SourceRange range, String what) {
            requireInside(range.startLine(), range.startColumn(), what);
            requireInside(range.endLine(), range.endColumn(), what);
        }

        private void requireInside(int line, int column, String what) {
            if (line < 1 || line > lengths.size()) {
                fail(what + ": line " + line + " outside the document's " + lengths.size() + " lines");
            }
            int max = lengths.get(line - 1) + 1;
            if (column < 1 || column > max) {
                fail(what + ": column " + column + " outside line " + line + " (length " + (max - 1) + ")");
            }
        }
    }

    static List<SourceFile> seeds() throws IOException {
        List<SourceFile> seeds = new ArrayList<>();
        for (Path fixture : Fixtures.all()) {
            seeds.add(Fixtures.source(fixture));
        }
        // the fix pairs: code whose findings carry fixes, so the fixes' edits meet broken text too
        Path fixes = Fixtures.root().resolveSibling("fixes");
        try (Stream<Path> files = Files.walk(fixes)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".java") && !p.toString().endsWith(".fixed.java"))
                    .sorted().toList()) {
                seeds.add(new SourceFile(fixes.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        Path examples = examples();
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                seeds.add(new SourceFile(examples.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return seeds;
    }

    private static Path examples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("examples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new UncheckedIOException(new IOException("no examples/ folder above " + Path.of("").toAbsolutePath()));
    }

    record Mutant(String text, String description) {
    }

    /** The mutations; each draws only from the given Random, so a seed replays exactly. */
    static final class Mutators {
        private static final String[] SNIPPETS = {"{", "}", "(", ")", "\"", "'", "\"\"\"", "/*", "*/", "//",
                ";", "<", ">", "@", "\\", "\\u", "\0", "\uFEFF", "\uD800", "\uDFFF", "\uD83D\uDE00", "é", "\u2028",
                "\r", "\r\n", "\t", "+", "+ \"x\" +", "new", "class", "->", "::", "...", "[", "]", "record", "yield"};

        private Mutators() {
        }

        static Mutant mutate(String text, Random random) {
            int steps = 1 + random.nextInt(3);
            String result = text;
            StringBuilder description = new StringBuilder();
            for (int s = 0; s < steps; s++) {
                int kind = random.nextInt(14);
                description.append(s == 0 ? "" : ", ").append(kindName(kind));
                result = apply(kind, result, random);
            }
            return new Mutant(result, description.toString());
        }

        private static String kindName(int kind) {
            return switch (kind) {
                case 0 -> "delete token";
                case 1 -> "duplicate token";
                case 2 -> "swap tokens";
                case 3 -> "delete line";
                case 4 -> "duplicate line";
                case 5 -> "swap lines";
                case 6 -> "truncate";
                case 7 -> "insert snippet";
                case 8 -> "insert random chars";
                case 9 -> "line ends";
                case 10 -> "BOM";
                case 11 -> "long line";
                case 12 -> "deep nesting";
                default -> "delete range";
            };
        }

        private static String apply(int kind, String text, Random random) {
            if (text.isEmpty()) {
                return snippet(random);
            }
            switch (kind) {
                case 0, 1, 2 -> {
                    List<int[]> tokens = tokens(text);
                    if (tokens.size() < 2) {
                        return text;
                    }
                    int[] a = tokens.get(random.nextInt(tokens.size()));
                    if (kind == 0) {
                        return text.substring(0, a[0]) + text.substring(a[1]);
                    }
                    if (kind == 1) {
                        return text.substring(0, a[1]) + " " + text.substring(a[0], a[1]) + text.substring(a[1]);
                    }
                    int[] b = tokens.get(random.nextInt(tokens.size()));
                    if (a[0] > b[0]) {
                        int[] t = a;
                        a = b;
                        b = t;
                    }
                    if (a[1] > b[0]) {
                        return text;
                    }
                    return text.substring(0, a[0]) + text.substring(b[0], b[1]) + text.substring(a[1], b[0])
                            + text.substring(a[0], a[1]) + text.substring(b[1]);
                }
                case 3, 4, 5 -> {
                    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                    int i = random.nextInt(lines.size());
                    if (kind == 3) {
                        lines.remove(i);
                    } else if (kind == 4) {
                        lines.add(i, lines.get(i));
                    } else {
                        int j = random.nextInt(lines.size());
                        String t = lines.get(i);
                        lines.set(i, lines.get(j));
                        lines.set(j, t);
                    }
                    return String.join("\n", lines);
                }
                case 6 -> {
                    return text.substring(0, random.nextInt(text.length()));
                }
                case 7 -> {
                    int at = random.nextInt(text.length() + 1);
                    return text.substring(0, at) + snippet(random) + text.substring(at);
                }
                case 8 -> {
                    int at = random.nextInt(text.length() + 1);
                    StringBuilder sb = new StringBuilder();
                    int n = 1 + random.nextInt(8);
                    for (int i = 0; i < n; i++) {
                        int r = random.nextInt(4);
                        sb.append(switch (r) {
                            case 0 -> (char) random.nextInt(0x80);
                            case 1 -> (char) (0xD800 + random.nextInt(0x800)); // lone surrogates
                            case 2 -> (char) random.nextInt(0x10000);
                            default -> new String(Character.toChars(0x10000 + random.nextInt(0x100000)));
                        });
                    }
                    return text.substring(0, at) + sb + text.substring(at);
                }
                case 9 -> {
                    String ending = switch (random.nextInt(3)) {
                        case 0 -> "\r\n";
                        case 1 -> "\r";
                        default -> "\n";
                    };
                    if (random.nextBoolean()) {
                        return text.replace("\r\n", "\n").replace("\n", ending);
                    }
                    // mixed: change only some line ends
                    StringBuilder sb = new StringBuilder();
                    for (char c : text.toCharArray()) {
                        sb.append(c == '\n' && random.nextInt(3) == 0 ? ending : String.valueOf(c));
                    }
                    return sb.toString();
                }
                case 10 -> {
                    return "\uFEFF" + text;
                }
                case 11 -> {
                    int at = random.nextInt(text.length() + 1);
                    String unit = random.nextBoolean() ? " + \"ab\"" : "x";
                    return text.substring(0, at) + unit.repeat(2000 + random.nextInt(8000)) + text.substring(at);
                }
                case 12 -> {
                    int at = random.nextInt(text.length() + 1);
                    int depth = 50 + random.nextInt(400);
                    String open = switch (random.nextInt(3)) {
                        case 0 -> "(";
                        case 1 -> "{";
                        default -> "new Object[]{";
                    };
                    String nested = open.repeat(depth) + (random.nextBoolean() ? "" : ")".repeat(depth));
                    return text.substring(0, at) + nested + text.substring(at);
                }
                default -> {
                    int a = random.nextInt(text.length());
                    int b = Math.min(text.length(), a + random.nextInt(200));
                    return text.substring(0, a) + text.substring(b);
                }
            }
        }

        private static String snippet(Random random) {
            return SNIPPETS[random.nextInt(SNIPPETS.length)];
        }

        /** Identifiers, literals and punctuation, roughly; the ranges of each in {@code text}. */
        static List<int[]> tokens(String text) {
            List<int[]> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int start = i;
                if (Character.isJavaIdentifierPart(c)) {
                    while (i < text.length() && Character.isJavaIdentifierPart(text.charAt(i))) {
                        i++;
                    }
                } else if (c == '"') {
                    i++;
                    while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                        i++;
                    }
                    i = Math.min(text.length(), i + 1);
                } else {
                    i++;
                }
                tokens.add(new int[] {start, i});
            }
            return tokens;
        }

        static String deepNesting(int depth) {
            return "class Deep { Object o = " + "(".repeat(depth) + "\"a\" + b" + ")".repeat(depth) + "; }";
        }
    }
}
