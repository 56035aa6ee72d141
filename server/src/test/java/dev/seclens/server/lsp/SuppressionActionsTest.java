package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** The suppression edits on text: a comment extended or appended, an annotation extended or added. */
class SuppressionActionsTest {
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();

    private static Analysis analyse(String text) {
        return ANALYZER.analyze(new SourceFile("src/main/java/demo/A.java", text));
    }

    /** Applies insertions (all edits here are insertions) from the last to the first. */
    private static String apply(String text, List<TextEdit> edits) {
        String[] lines = text.split("\n", -1);
        List<TextEdit> ordered = new java.util.ArrayList<>(edits);
        ordered.sort((a, b) -> a.getRange().getStart().getLine() != b.getRange().getStart().getLine()
                ? Integer.compare(b.getRange().getStart().getLine(), a.getRange().getStart().getLine())
                : Integer.compare(b.getRange().getStart().getCharacter(), a.getRange().getStart().getCharacter()));
        for (TextEdit e : ordered) {
            int line = e.getRange().getStart().getLine();
            int column = e.getRange().getStart().getCharacter();
            lines[line] = lines[line].substring(0, column) + e.getNewText() + lines[line].substring(column);
        }
        return String.join("\n", lines);
    }

    @Test
    void lineCommentIsAppendedOrExtended() {
        String text = """
                class A {
                    void a() throws Exception {
                        java.security.MessageDigest.getInstance("MD5");   \s
                        java.security.MessageDigest.getInstance("MD5"); // seclens-ignore java/sql-injection -- why
                    }
                }
                """;
        Analysis analysis = analyse(text);
        List<Finding> findings = analysis.findings();
        assertEquals(2, findings.size());
        String once = apply(text, List.of(SuppressionActions.lineEdit(text, findings.get(0)),
                SuppressionActions.lineEdit(text, findings.get(1))));
        assertTrue(once.contains("getInstance(\"MD5\"); // seclens-ignore java/weak-hash    \n"), once);
        assertTrue(once.contains("// seclens-ignore java/sql-injection, java/weak-hash -- why"), once);
        assertEquals(List.of(), analyse(once).findings());
    }

    @Test
    void annotationIsAddedWithTheMethodsIndentationOrExtended() {
        String text = """
                class A {
                    /** Docs. */
                    public void a() throws Exception {
                        java.security.MessageDigest.getInstance("MD5");
                    }

                    @Deprecated
                    @SuppressWarnings(value = {"unchecked"})
                    A() throws Exception {
                        java.security.MessageDigest.getInstance("MD5");
                    }
                }
                """;
        Analysis analysis = analyse(text);
        List<TextEdit> edits = new java.util.ArrayList<>();
        for (Finding f : analysis.findings()) {
            edits.addAll(SuppressionActions.methodEdits(analysis.unit().orElseThrow(), text, f).orElseThrow());
        }
        String edited = apply(text, edits);
        assertTrue(edited.contains("    /** Docs. */\n    @SuppressWarnings(\"seclens:java/weak-hash\")\n    public void a()"),
                edited);
        assertTrue(edited.contains("@SuppressWarnings(value = {\"unchecked\", \"seclens:java/weak-hash\"})"), edited);
        assertEquals(List.of(), analyse(edited).findings());
    }

    @Test
    void threeActionsNeverPreferred() {
        String text = "class A { void a() throws Exception { java.security.MessageDigest.getInstance(\"MD5\"); } }\n";
        Analysis analysis = analyse(text);
        List<CodeAction> actions = SuppressionActions.forFinding("file:///A.java", analysis,
                analysis.findings().get(0), List.of());
        assertEquals(List.of("Ignore java/weak-hash on this line", "Ignore java/weak-hash in this method",
                "Accept this finding (record in .seclens/ignored.json)"), actions.stream().map(CodeAction::getTitle).toList());
        assertTrue(actions.stream().noneMatch(CodeAction::getIsPreferred));
        assertEquals(List.of("file:///A.java", "java/weak-hash", analysis.fingerprint(analysis.findings().get(0))),
                actions.get(2).getCommand().getArguments());
    }
}
