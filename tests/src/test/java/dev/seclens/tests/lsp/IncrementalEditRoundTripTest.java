package dev.seclens.tests.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.JavaSource;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typing inside a method's body: the server parses that body alone, and the diagnostics, in that
 * method and in the methods after it, are where a fresh analysis puts them.
 */
class IncrementalEditRoundTripTest {
    private static final String TEXT = """
            package demo;
            class Hashes {
                byte[] first(byte[] d) throws Exception {
                    String algorithm = "SHA-256";
                    return java.security.MessageDigest.getInstance(algorithm).digest(d);
                }

                byte[] second(byte[] d) throws Exception {
                    return java.security.MessageDigest.getInstance("MD5").digest(d);
                }
            }
            """;

    @TempDir
    Path workspace;

    @Test
    void editsInsideAMethodBodyMoveAndChangeTheFindingsAsAFreshAnalysisWould() throws Exception {
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            InitializeParams params = new InitializeParams();
            params.setCapabilities(new ClientCapabilities());
            lsp.initialize(params);
            String uri = workspace.resolve("Hashes.java").toUri().toString();
            lsp.open(uri, 1, TEXT);
            assertEquals(List.of(8), weakHashLines(lsp.awaitVersion(uri, 1)));
            long before = JavaSource.incrementalParses();

            // "SHA-256" becomes "MD5" inside first(): a finding there, the one in second() where it was
            lsp.change(uri, 2, new TextDocumentContentChangeEvent(new Range(new Position(3, 27), new Position(3, 36)), "\"MD5\""));
            assertEquals(List.of(4, 8), weakHashLines(lsp.awaitVersion(uri, 2)));
            // two lines typed at the start of first()'s body: both findings move down by two
            lsp.change(uri, 3, new TextDocumentContentChangeEvent(new Range(new Position(2, 45), new Position(2, 45)),
                    "\n        int a = 1;\n        int b = 2;"));
            PublishDiagnosticsParams third = lsp.awaitVersion(uri, 3);
            assertEquals(List.of(6, 10), weakHashLines(third));

            assertTrue(JavaSource.incrementalParses() - before >= 2, "both edits parsed first()'s body alone");
            // the same text opened afresh gets the same diagnostics, ranges included
            String edited = TEXT.replace("\"SHA-256\"", "\"MD5\"").replace("throws Exception {\n        String",
                    "throws Exception {\n        int a = 1;\n        int b = 2;\n        String");
            String freshUri = workspace.resolve("Fresh.java").toUri().toString();
            lsp.open(freshUri, 1, edited);
            assertEquals(third.getDiagnostics().toString(), lsp.awaitVersion(freshUri, 1).getDiagnostics().toString());
        }
    }

    /** The 0-based lines of the weak-hash diagnostics, in order. */
    private static List<Integer> weakHashLines(PublishDiagnosticsParams params) {
        return params.getDiagnostics().stream().filter(d -> "java/weak-hash".equals(d.getCode().getLeft()))
                .map(d -> d.getRange().getStart().getLine()).sorted().toList();
    }
}
