package dev.seclens.tests.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

/**
 * An unterminated string while typing: the other findings of the file stay (moved with their lines,
 * marked stale) instead of vanishing, and the syntax warning sits on the string, not on what follows.
 */
class TypingThroughSyntaxErrorsRoundTripTest {
    private static final String URI = "file:///work/demo/A.java";
    private static final String TEXT = """
            package demo;

            import java.security.MessageDigest;

            class A {
                byte[] h(byte[] d) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(d);
                }

                void g() {
                    int x = 1;
                }

                byte[] k(byte[] d) throws Exception {
                    return MessageDigest.getInstance("SHA-1").digest(d);
                }
            }
            """;

    private static List<String> described(PublishDiagnosticsParams params) {
        return params.getDiagnostics().stream().map(d -> d.getCode().getLeft() + "@" + (d.getRange().getStart().getLine() + 1)
                + ":" + (d.getRange().getStart().getCharacter() + 1)).toList();
    }

    @Test
    void findingsOutsideTheEditStayMarkedStaleAndTheWarningSitsOnTheString() throws Exception {
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.initialize();
            lsp.open(URI, 1, TEXT);
            assertEquals(List.of("java/weak-hash@7:16", "java/weak-hash@15:16"), described(lsp.awaitVersion(URI, 1)));

            String typing = TEXT.replace("        int x = 1;\n", "        int x = 1;\n        String s = \"unterminated;\n");
            lsp.change(URI, 2, new TextDocumentContentChangeEvent(typing));
            PublishDiagnosticsParams published = lsp.awaitVersion(URI, 2);
            assertEquals(List.of("java/syntax-error@12:20", "java/weak-hash@7:16", "java/weak-hash@16:16"),
                    described(published), published.toString());
            Diagnostic syntax = published.getDiagnostics().get(0);
            assertEquals(12 - 1, syntax.getRange().getEnd().getLine());
            for (Diagnostic stale : published.getDiagnostics().subList(1, 3)) {
                assertTrue(stale.getMessage().getLeft().endsWith("(stale: not re-checked until the syntax error on line 12 is fixed)"),
                        stale.getMessage().getLeft());
            }

            // An edit on a finding's own line drops it: its text is no longer what was checked.
            String edited = typing.replace("getInstance(\"MD5\").digest(d);", "getInstance(\"MD5\").digest(d).clone();");
            lsp.change(URI, 3, new TextDocumentContentChangeEvent(edited));
            assertEquals(List.of("java/syntax-error@12:20", "java/weak-hash@16:16"), described(lsp.awaitVersion(URI, 3)));

            // Closing the string: a fresh analysis, nothing stale.
            lsp.change(URI, 4, new TextDocumentContentChangeEvent(edited.replace("\"unterminated;", "\"terminated\";")));
            PublishDiagnosticsParams fixed = lsp.awaitVersion(URI, 4);
            assertEquals(List.of("java/weak-hash@7:16", "java/weak-hash@16:16"), described(fixed));
            assertTrue(fixed.getDiagnostics().stream().noneMatch(d -> d.getMessage().getLeft().contains("stale")));
        }
    }
}
