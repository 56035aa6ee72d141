package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaToken;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.stmt.BlockStmt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class IncrementalParseTest {
    private static final String SAMPLE = String.join("\r\n",
            "package p;",
            "",
            "/** A class. */",
            "public class Sample {",
            "\tprivate final String name = \"n\"; // trailing",
            "\tSample() { this(\"x\"); }",
            "\tSample(String s) { }",
            "\t/** Says it. */",
            "\tString say(String who) { String text = \"\"\"",
            "\t\thello \uD83D\uDE00",
            "\t\t\"\"\"; /* after */ return text + who; }",
            "\tstatic { System.out.println(1); }",
            "\tclass Inner { int twice(int x) { return x * 2; } }",
            "\tvoid anonymous() { Runnable r = new Runnable() { public void run() { say(\"a\"); } }; }",
            "\tenum Kind { A { int code() { return 1; } }; int code() { return 0; } }",
            "} // end",
            "");

    @Test
    void anEditInsideAMethodBodyParsesOnlyThatBodyAndGivesTheTreeOfAFullParse() {
        String edited = SAMPLE.replace("return text + who;", "String more = who.trim();\r\n\t\treturn text + more;");
        CompilationUnit unit = assertSameAsFullParse(SAMPLE, edited).orElseThrow();
        MethodDeclaration say = unit.findFirst(MethodDeclaration.class, m -> m.getNameAsString().equals("say")).orElseThrow();
        assertTrue(say.toString().contains("who.trim()"), say.toString());
    }

    @Test
    void bodiesOfInitializersNestedClassesAndEnumsQualify() {
        assertTrue(assertSameAsFullParse(SAMPLE, SAMPLE.replace("println(1)", "println(22)")).isPresent());
        assertTrue(assertSameAsFullParse(SAMPLE, SAMPLE.replace("x * 2", "x *\n 3")).isPresent());
        assertTrue(assertSameAsFullParse(SAMPLE, SAMPLE.replace("return 0;", "return -1;")).isPresent());
        // the anonymous class's method is inside `anonymous`'s body, which is parsed again whole
        assertTrue(assertSameAsFullParse(SAMPLE, SAMPLE.replace("say(\"a\")", "say(\"b\")")).isPresent());
    }

    @Test
    void whatFollowsTheBodyOnItsLastLineMovesWithIt() {
        String sameLine = "class A {\n  void a() { int x = 1; } int f = 2; void b() { }\n  /* one\n two */ int g;\n}\n";
        assertTrue(assertSameAsFullParse(sameLine, sameLine.replace("x = 1", "x = 100")).isPresent());
        assertTrue(assertSameAsFullParse(sameLine, sameLine.replace("x = 1", "x =\n 1")).isPresent());
        assertTrue(assertSameAsFullParse(sameLine, sameLine.replace("void b() { }", "void b() { b(); }")).isPresent());
        // a character outside the BMP (two chars, as the parser counts columns) before the body on its line
        String wide = "class A { String s = \"\uD83D\uDE00\"; void a() { int x = 1; } int f; }\n";
        assertTrue(assertSameAsFullParse(wide, wide.replace("x = 1", "x = 100")).isPresent());
        // a field that begins on the body's last line and ends on the next: its start moves, its end does not
        String spanning = "class A {\n  void a() { int x = 1; } int f =\n    2;\n}\n";
        assertTrue(assertSameAsFullParse(spanning, spanning.replace("x = 1", "x = 100")).isPresent());
    }

    @Test
    void editsOutsideAPlainMethodBodyNeedTheFullParse() {
        // a constructor's body may start with this(...), which a block does not parse
        assertFalse(assertSameAsFullParse(SAMPLE, SAMPLE.replace("this(\"x\")", "this(\"y\")")).isPresent());
        assertFalse(assertSameAsFullParse(SAMPLE, SAMPLE.replace("name = \"n\"", "name = \"m\"")).isPresent());
        assertFalse(assertSameAsFullParse(SAMPLE, SAMPLE.replace("/** Says it. */", "/** Says more. */")).isPresent());
        assertFalse(assertSameAsFullParse(SAMPLE, SAMPLE.replace("String say(String who)", "String say(String whom)")).isPresent());
        // a method of an enum constant's body belongs to the constant, which is not a class member
        assertFalse(assertSameAsFullParse(SAMPLE, SAMPLE.replace("return 1;", "return 2;")).isPresent());
        assertFalse(assertSameAsFullParse(SAMPLE, SAMPLE).isPresent());
        // a comment right after a body's closing brace goes to whatever in the body ends on its line
        String trailing = SAMPLE.replace("x * 2; }", "x * 2; } // twice");
        assertFalse(assertSameAsFullParse(trailing, trailing.replace("x * 2;", "x * 2; int y;")).isPresent());
        String afterMore = SAMPLE.replace("x * 2; }", "x * 2; } int z; // a field");
        assertFalse(assertSameAsFullParse(afterMore, afterMore.replace("x * 2;", "x * 2; int y;")).isPresent());
        String before = SAMPLE.replace("int twice(int x) {", "int twice(int x) /* body */ {");
        assertFalse(assertSameAsFullParse(before, before.replace("x * 2;", "x * 3;")).isPresent());
    }

    @Test
    void anEditThatLeavesTheBodyUnbalancedOrOpensACommentOrStringNeedsTheFullParse() {
        for (String inserted : List.of("}", "{", "/*", "\"", "} void other() {", "\"\"\"", "'")) {
            String edited = SAMPLE.replace("return x * 2;", "return x * 2;" + inserted);
            assertFalse(assertSameAsFullParse(SAMPLE, edited).isPresent(), inserted);
        }
    }

    /**
     * Every fixture, edited at seeded random places inside and around its method bodies: wherever
     * the body alone is parsed again, the tree (nodes, positions, comments, tokens) is the full
     * parse's, and no edit that breaks the file is taken.
     */
    @Test
    void overEveryFixtureEachEditedTreeIsTheFullParsesTree() throws IOException {
        List<String> snippets = List.of("int added = 1;", "\n", "x", ";", "}", "{", "/* c */", "// c\n", "\"", "(",
                "return;", "if (a) { b(); }", "\r\n\t", "", "var v = \"s\";");
        Random random = new Random(12);
        int incremental = 0;
        int edits = 0;
        for (Path fixture : fixtures()) {
            String text = Files.readString(fixture, StandardCharsets.UTF_8);
            JavaSource.Parsed parsed = JavaSource.parse(text);
            if (parsed.unit().isEmpty() || !parsed.problems().isEmpty()) {
                continue;
            }
            List<BlockStmt> bodies = new ArrayList<>();
            parsed.unit().get().findAll(MethodDeclaration.class).forEach(m -> m.getBody().ifPresent(bodies::add));
            parsed.unit().get().findAll(InitializerDeclaration.class).forEach(i -> bodies.add(i.getBody()));
            for (int i = 0; i < Math.min(4, bodies.size()); i++) {
                BlockStmt body = bodies.get(random.nextInt(bodies.size()));
                int start = offset(text, body.getBegin().orElseThrow().line, body.getBegin().orElseThrow().column);
                int end = offset(text, body.getEnd().orElseThrow().line, body.getEnd().orElseThrow().column);
                // mostly inside the body, sometimes on or just past its braces
                int at = Math.max(0, Math.min(text.length(), start - 1 + random.nextInt(end - start + 3)));
                int removed = random.nextInt(3) == 0 ? Math.min(text.length() - at, random.nextInt(6)) : 0;
                String edited = text.substring(0, at) + snippets.get(random.nextInt(snippets.size()))
                        + text.substring(at + removed);
                edits++;
                // each edit from a tree of its own: an edit takes over its base's token list
                Optional<CompilationUnit> edit = IncrementalParse.edit(text, JavaSource.parse(text).unit().orElseThrow(), edited);
                JavaSource.Parsed full = JavaSource.parse(edited);
                if (edit.isPresent()) {
                    incremental++;
                    assertTrue(full.problems().isEmpty(), fixture + ": a broken edit was taken: " + full.problems());
                    assertEquals(describe(full.unit().orElseThrow()), describe(edit.get()), fixture + " at " + at);
                }
            }
        }
        // most edits land inside a body and keep it whole; the rest must have been declined, not mistaken
        assertTrue(edits > 800, "edits: " + edits);
        assertTrue(incremental > edits / 3, incremental + " of " + edits + " edits parsed one body again");
    }

    /**
     * What users see: over every fixture, an edit in each of three method bodies (a statement
     * added, a string literal changed), analysed from the previous revision's analysis, gives the
     * findings, messages, places, flows and fingerprints that analysing the edited text afresh gives.
     */
    @Test
    void anEditAnalysedFromThePreviousAnalysisFindsWhatAFreshAnalysisFinds() throws IOException {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        Random random = new Random(5);
        long incrementalBefore = JavaSource.incrementalParses();
        int edits = 0;
        for (Path fixture : fixtures()) {
            String text = Files.readString(fixture, StandardCharsets.UTF_8);
            SourceFile file = new SourceFile(fixture.toString(), text);
            Analysis previous = analyzer.analyze(file);
            if (previous.unit().isEmpty() || !previous.syntaxProblems().isEmpty()) {
                continue;
            }
            List<BlockStmt> bodies = previous.unit().get().findAll(MethodDeclaration.class).stream()
                    .flatMap(m -> m.getBody().stream()).toList();
            for (int i = 0; i < Math.min(3, bodies.size()); i++) {
                // one edit after another, each analysed from the analysis of the one before, as in an editor
                text = previous.file().text();
                bodies = previous.unit().orElseThrow().findAll(MethodDeclaration.class).stream()
                        .flatMap(m -> m.getBody().stream()).toList();
                BlockStmt body = bodies.get(random.nextInt(bodies.size()));
                int open = offset(text, body.getBegin().orElseThrow().line, body.getBegin().orElseThrow().column);
                int quote = text.indexOf('"', open);
                int close = offset(text, body.getEnd().orElseThrow().line, body.getEnd().orElseThrow().column);
                String edited = quote > open && quote < close && random.nextBoolean()
                        ? text.substring(0, quote + 1) + "edited " + text.substring(quote + 1)
                        : text.substring(0, open + 1) + "\n        int added = " + i + ";" + text.substring(open + 1);
                SourceFile editedFile = new SourceFile(fixture.toString(), edited);
                Analysis incremental = analyzer.analyze(editedFile, Optional.of(previous), () -> false);
                Analysis fresh = analyzer.analyze(editedFile);
                assertEquals(fresh.findings(), incremental.findings(), fixture.toString());
                assertEquals(fresh.fingerprints(), incremental.fingerprints(), fixture.toString());
                assertEquals(fresh.suppressed(), incremental.suppressed(), fixture.toString());
                edits++;
                previous = incremental;
            }
        }
        assertTrue(edits > 500, "edits: " + edits);
        // most of them really took the incremental path: not a comparison of two full parses
        assertTrue(JavaSource.incrementalParses() - incrementalBefore > edits / 2,
                (JavaSource.incrementalParses() - incrementalBefore) + " of " + edits);
    }

    @Test
    void reparseFallsBackToTheFullParseAndCountsWhichItDid() {
        CompilationUnit unit = JavaSource.parse(SAMPLE).unit().orElseThrow();
        long before = JavaSource.incrementalParses();
        JavaSource.Parsed inBody = JavaSource.reparse(SAMPLE.replace("x * 2", "x * 4"), SAMPLE, unit);
        assertEquals(before + 1, JavaSource.incrementalParses());
        assertTrue(inBody.problems().isEmpty());
        // the previous tree keeps its nodes and their positions, for whoever still reads them (hover, code actions)
        assertEquals(nodes(JavaSource.parse(SAMPLE).unit().orElseThrow()), nodes(unit));
        // but its token list is the edit's now: a second edit from it parses the whole text, and gets it right
        String other = SAMPLE.replace("println(1)", "println(3)");
        JavaSource.Parsed again = JavaSource.reparse(other, SAMPLE, unit);
        assertEquals(before + 1, JavaSource.incrementalParses());
        assertEquals(describe(JavaSource.parse(other).unit().orElseThrow()), describe(again.unit().orElseThrow()));
        CompilationUnit fresh = JavaSource.parse(SAMPLE).unit().orElseThrow();
        JavaSource.Parsed broken = JavaSource.reparse(SAMPLE.replace("x * 2", "x * "), SAMPLE, fresh);
        assertEquals(before + 1, JavaSource.incrementalParses());
        assertFalse(broken.problems().isEmpty(), "the full parse reports the missing operand");
    }

    private static String nodes(CompilationUnit unit) {
        StringBuilder text = new StringBuilder();
        unit.walk(node -> text.append(node.getClass().getSimpleName()).append(' ').append(node.getRange().orElse(null)).append('\n'));
        return text.toString();
    }

    /** The incremental tree, asserted equal to the full parse's when there is one. */
    private static Optional<CompilationUnit> assertSameAsFullParse(String before, String after) {
        CompilationUnit previous = JavaSource.parse(before).unit().orElseThrow();
        Optional<CompilationUnit> edit = IncrementalParse.edit(before, previous, after);
        edit.ifPresent(unit -> assertEquals(describe(JavaSource.parse(after).unit().orElseThrow()), describe(unit)));
        return edit;
    }

    /** Everything the analysis reads of a tree: each node in order with its range, the comments, and the token list. */
    private static String describe(CompilationUnit unit) {
        StringBuilder text = new StringBuilder(unit.toString()).append('\n');
        unit.walk(node -> {
            text.append(node.getClass().getSimpleName()).append(' ').append(node.getRange().orElse(null));
            node.getTokenRange().ifPresent(tokens -> text.append(" tokens ").append(tokens.getBegin().getRange().orElse(null))
                    .append("..").append(tokens.getEnd().getRange().orElse(null)));
            node.getComment().ifPresent(comment -> text.append(" comment ").append(comment.getRange().orElse(null)));
            text.append(" parent ").append(node.getParentNode().map(p -> p.getClass().getSimpleName()).orElse("-")).append('\n');
        });
        for (Comment comment : unit.getAllContainedComments()) {
            text.append(comment.getRange().orElse(null)).append(' ').append(comment.getContent()).append('\n');
        }
        JavaToken token = unit.getTokenRange().orElseThrow().getBegin();
        while (token.getPreviousToken().isPresent()) {
            token = token.getPreviousToken().get();
        }
        for (; token != null; token = token.getNextToken().orElse(null)) {
            text.append(token.getKind()).append(' ').append(token.getText()).append(' ').append(token.getRange().orElse(null))
                    .append('\n');
        }
        text.append(unit.getData(Node.LINE_SEPARATOR_KEY));
        return text.toString();
    }

    private static int offset(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int next = offset;
            while (text.charAt(next) != '\n' && text.charAt(next) != '\r') {
                next++;
            }
            offset = text.charAt(next) == '\r' && next + 1 < text.length() && text.charAt(next + 1) == '\n' ? next + 2 : next + 1;
        }
        return offset + column - 1;
    }

    private static List<Path> fixtures() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources"))) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
