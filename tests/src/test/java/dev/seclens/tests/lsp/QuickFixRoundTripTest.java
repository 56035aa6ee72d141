package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;

/** Hover and quick fixes with the shipped rules: the preferred quick fix removes its diagnostic. */
class QuickFixRoundTripTest {
    private static final String URI = "file:///work/demo/src/main/java/demo/Tokens.java";
    private static final String TEXT = """
            package demo;

            import java.security.MessageDigest;
            import java.util.Random;

            class Tokens {
                private final Random random = new Random();

                byte[] digest(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }

                String sessionToken() {
                    return Long.toHexString(random.nextLong());
                }
            }
            """;

    @Test
    void preferredQuickFixesRemoveTheirDiagnostics() throws Exception {
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            assertTrue(lsp.initialize().getCapabilities().getCodeActionProvider().getRight()
                    .getCodeActionKinds().contains(CodeActionKind.QuickFix));
            lsp.open(URI, 1, TEXT);
            PublishDiagnosticsParams opened = lsp.awaitVersion(URI, 1);
            assertEquals(List.of("java/weak-hash", "java/predictable-random"),
                    opened.getDiagnostics().stream().map(d -> d.getCode().getLeft()).toList());

            Diagnostic weakHash = opened.getDiagnostics().get(0);
            Hover hover = lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(URI),
                    weakHash.getRange().getStart())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String markdown = hover.getContents().getRight().getValue();
            assertTrue(markdown.contains("`java/weak-hash`") && markdown.contains("CWE-328")
                    && markdown.contains("*Why it matters:* Practical MD5 collisions have existed since 2004.\n")
                    && markdown.contains("`seclens.showRuleDoc java/weak-hash`"), markdown);
            assertTrue(markdown.lines().count() < 15 && !markdown.contains("## How to fix it"),
                    "short, the full documentation is one command away: " + markdown);
            assertEquals(weakHash.getRange(), hover.getRange());
            assertNull(lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(URI),
                    new org.eclipse.lsp4j.Position(0, 0))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));

            String text = TEXT;
            int version = 1;
            for (String rule : List.of("java/weak-hash", "java/predictable-random")) {
                Diagnostic diagnostic = opened.getDiagnostics().stream()
                        .filter(d -> d.getCode().getLeft().equals(rule)).findFirst().orElseThrow();
                // as ALE does: only code, message and range come back
                Diagnostic echoed = new Diagnostic(diagnostic.getRange(), diagnostic.getMessage().getLeft());
                echoed.setCode(rule);
                CodeAction fix = preferredFix(lsp, diagnostic.getRange(), echoed);
                text = apply(text, fix.getEdit().getChanges().get(URI));
                lsp.change(URI, ++version, new org.eclipse.lsp4j.TextDocumentContentChangeEvent(text));
                PublishDiagnosticsParams after = lsp.awaitVersion(URI, version);
                assertTrue(after.getDiagnostics().stream().noneMatch(d -> d.getCode().getLeft().equals(rule)),
                        after.toString());
                opened = after;
            }
            assertTrue(opened.getDiagnostics().isEmpty(), opened.toString());
            assertTrue(text.contains("getInstance(\"SHA-256\")"), text);
            assertTrue(text.contains("new SecureRandom()") && text.contains("import java.security.SecureRandom;"), text);
        }
    }

    private static CodeAction preferredFix(InProcessServer lsp, org.eclipse.lsp4j.Range range, Diagnostic diagnostic)
            throws Exception {
        List<Either<Command, CodeAction>> actions = lsp.server.getTextDocumentService()
                .codeAction(new CodeActionParams(new TextDocumentIdentifier(URI), range,
                        new CodeActionContext(List.of(diagnostic))))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<CodeAction> preferred = actions.stream().map(Either::getRight)
                .filter(a -> Boolean.TRUE.equals(a.getIsPreferred())).toList();
        assertEquals(1, preferred.size(), actions.toString());
        assertEquals(preferred.get(0), actions.get(0).getRight(), "the fix comes before the ways to suppress");
        CodeAction action = preferred.get(0);
        assertEquals(CodeActionKind.QuickFix, action.getKind());
        assertTrue(action.getIsPreferred());
        assertEquals(diagnostic.getCode().getLeft(), action.getDiagnostics().get(0).getCode().getLeft());
        return action;
    }

    /** Applies LSP edits (ranges in the original text) the way a client does. */
    static String apply(String text, List<TextEdit> edits) {
        List<TextEdit> ordered = new java.util.ArrayList<>(edits);
        ordered.sort((a, b) -> {
            int c = Integer.compare(b.getRange().getStart().getLine(), a.getRange().getStart().getLine());
            return c != 0 ? c : Integer.compare(b.getRange().getStart().getCharacter(), a.getRange().getStart().getCharacter());
        });
        String joined = text;
        for (TextEdit edit : ordered) {
            int start = offset(joined, edit.getRange().getStart());
            int end = offset(joined, edit.getRange().getEnd());
            joined = joined.substring(0, start) + edit.getNewText() + joined.substring(end);
        }
        return joined;
    }

    private static int offset(String text, org.eclipse.lsp4j.Position position) {
        int offset = 0;
        for (int line = 0; line < position.getLine(); line++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset + position.getCharacter();
    }
}
