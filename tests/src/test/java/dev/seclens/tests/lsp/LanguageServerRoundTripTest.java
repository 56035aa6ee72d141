package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static dev.seclens.tests.lsp.InProcessServer.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.junit.jupiter.api.Test;

/** The language server end to end over JSON-RPC, in process, with the test MD5 rule. */
class LanguageServerRoundTripTest {
    private static final String URI = "file:///work/demo/src/main/java/demo/Hashes.java";
    private static final String VULNERABLE = """
            package demo;

            import java.security.MessageDigest;

            class Hashes {
                byte[] digest(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;
    /** Line 6 (0-based): {@code MessageDigest.getInstance("MD5")} spans characters 15 to 47. */
    private static final Range MD5_CALL = new Range(new Position(6, 15), new Position(6, 47));

    @Test
    void openChangeCloseShutdownExit() throws Exception {
        try (InProcessServer lsp = new InProcessServer()) {
            InitializeResult init = lsp.initialize();
            assertEquals("seclens", init.getServerInfo().getName());
            assertEquals("utf-16", init.getCapabilities().getPositionEncoding());
            TextDocumentSyncOptions sync = init.getCapabilities().getTextDocumentSync().getRight();
            assertEquals(TextDocumentSyncKind.Incremental, sync.getChange());
            assertTrue(sync.getOpenClose());
            assertEquals(false, sync.getSave().getRight().getIncludeText());

            lsp.open(URI, 1, VULNERABLE);
            PublishDiagnosticsParams opened = lsp.awaitVersion(URI, 1);
            assertEquals(1, opened.getDiagnostics().size(), opened.toString());
            Diagnostic md5 = opened.getDiagnostics().get(0);
            assertEquals("java/test-md5", md5.getCode().getLeft());
            assertEquals(MD5_CALL, md5.getRange());
            assertEquals("seclens", md5.getSource());
            assertEquals(DiagnosticSeverity.Error, md5.getSeverity());
            assertEquals("https://seclens.dev/rules/java/test-md5", md5.getCodeDescription().getHref());
            assertEquals("MessageDigest.getInstance(\"MD5\") uses MD5, which is broken", md5.getMessage().getLeft());

            lsp.change(URI, 2, edit(6, 42, 6, 45, "SHA-256"));
            PublishDiagnosticsParams fixed = lsp.awaitVersion(URI, 2);
            assertTrue(fixed.getDiagnostics().isEmpty(), fixed.toString());

            lsp.close(URI);
            PublishDiagnosticsParams closed = lsp.awaitDiagnostics(URI, p -> true);
            assertTrue(closed.getDiagnostics().isEmpty());

            assertNull(lsp.server.shutdown().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            lsp.server.exit();
            assertEquals(0, lsp.exitCode.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void exitWithoutShutdownExitsWithOne() throws Exception {
        try (InProcessServer lsp = new InProcessServer()) {
            lsp.initialize();
            lsp.server.exit();
            assertEquals(1, lsp.exitCode.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void aSyntaxErrorIsReportedAndTheRecoveredPartIsStillChecked() throws Exception {
        // JavaParser recovers at statement level: the broken statement is skipped, the rest is kept
        String broken = VULNERABLE.replace("        return", "        int broken = ;\n        return");
        try (InProcessServer lsp = new InProcessServer()) {
            lsp.initialize();
            lsp.open(URI, 1, broken);
            List<Diagnostic> diagnostics = lsp.awaitVersion(URI, 1).getDiagnostics();
            assertEquals(2, diagnostics.size(), diagnostics.toString());
            Diagnostic syntax = diagnostics.get(0);
            assertEquals("java/syntax-error", syntax.getCode().getLeft());
            assertEquals(DiagnosticSeverity.Warning, syntax.getSeverity());
            assertEquals("seclens", syntax.getSource());
            assertEquals(new Range(new Position(6, 19), new Position(6, 22)), syntax.getRange());
            assertEquals("SecLens could not parse this part, so it was not checked: Parse error. Found \";\"",
                    syntax.getMessage().getLeft());
            Diagnostic md5 = diagnostics.get(1);
            assertEquals("java/test-md5", md5.getCode().getLeft());
            assertEquals(7, md5.getRange().getStart().getLine());
        }
    }

    @Test
    void rangesCountUtf16CodeUnitsInCrlfText() throws Exception {
        String text = "class A {\r\n  void f() throws Exception {\r\n"
                + "    String s = \"\uD83D\uDE00\"; java.security.MessageDigest.getInstance(\"MD5\");\r\n  }\r\n}\r\n";
        try (InProcessServer lsp = new InProcessServer()) {
            lsp.initialize();
            lsp.open(URI, 1, text);
            Diagnostic md5 = lsp.awaitVersion(URI, 1).getDiagnostics().get(0);
            // "    String s = "😀"; " is 21 UTF-16 code units: the emoji counts two
            assertEquals(new Range(new Position(2, 21), new Position(2, 67)), md5.getRange());

            // an edit after the emoji and across a CRLF lands where the client meant it
            lsp.change(URI, 2, edit(2, 62, 3, 3, "SHA-256\"); }"));
            assertTrue(lsp.awaitVersion(URI, 2).getDiagnostics().isEmpty());
        }
    }

    @Test
    void anOutOfRangeEditDoesNotStopTheServer() throws Exception {
        try (InProcessServer lsp = new InProcessServer()) {
            lsp.initialize();
            lsp.open(URI, 1, VULNERABLE);
            assertEquals(1, lsp.awaitVersion(URI, 1).getDiagnostics().size());

            lsp.change(URI, 2, edit(500, 0, 500, 3, "oops"));
            PublishDiagnosticsParams hidden = lsp.awaitVersion(URI, 2);
            assertTrue(hidden.getDiagnostics().isEmpty(), "nothing is reported on text the server does not have");
            assertTrue(lsp.client.logged.stream().anyMatch(m -> m.getType() == MessageType.Warning
                    && m.getMessage().contains("beyond the end")), lsp.client.logged.toString());

            lsp.change(URI, 3, new TextDocumentContentChangeEvent(VULNERABLE));
            assertEquals(1, lsp.awaitVersion(URI, 3).getDiagnostics().size());

            assertNull(lsp.server.shutdown().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void aFloodOfEditsEndsWithTheDiagnosticsOfTheFinalText() throws Exception {
        String start = "import java.security.MessageDigest;\nclass A {\n  void f() throws Exception {\n  }\n}\n";
        List<String> bodyLines = new ArrayList<>(); // what the client's buffer holds inside f, top first
        try (InProcessServer lsp = new InProcessServer()) {
            lsp.initialize();
            lsp.open(URI, 1, start);
            long begin = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                String line = "    MessageDigest.getInstance(\"" + (i % 3 == 0 ? "MD5" : "SHA-256") + "\");";
                lsp.change(URI, i + 2, edit(3, 0, 3, 0, line + "\n"));
                bodyLines.add(0, line);
            }
            PublishDiagnosticsParams last = lsp.awaitVersion(URI, 201);
            long millis = (System.nanoTime() - begin) / 1_000_000;

            List<Integer> expectedLines = new ArrayList<>();
            for (int i = 0; i < bodyLines.size(); i++) {
                if (bodyLines.get(i).contains("MD5")) {
                    expectedLines.add(3 + i);
                }
            }
            List<Integer> lines = last.getDiagnostics().stream().map(d -> d.getRange().getStart().getLine()).toList();
            assertEquals(67, expectedLines.size());
            assertEquals(expectedLines, lines);

            // one more edit: its publication comes after any stale one still on its way, which would
            // then break the order below
            lsp.change(URI, 202, edit(0, 0, 0, 0, " "));
            lsp.awaitVersion(URI, 202);
            List<PublishDiagnosticsParams> all = lsp.client.allDiagnostics;
            assertEquals(202, all.get(all.size() - 1).getVersion(), "nothing stale arrives after the final version");
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i).getVersion() > all.get(i - 1).getVersion(), "versions only increase");
            }
            System.err.println("[flood] 200 edits -> " + all.size() + " publications, final one after " + millis + " ms");
        }
    }
}
