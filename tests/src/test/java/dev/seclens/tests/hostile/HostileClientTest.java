package dev.seclens.tests.hostile;

import static dev.seclens.tests.hostile.HostileJar.fifo;
import static dev.seclens.tests.hostile.HostileJar.link;
import static dev.seclens.tests.hostile.HostileJar.write;
import static dev.seclens.tests.hostile.StdioSession.notification;
import static dev.seclens.tests.hostile.StdioSession.openParams;
import static dev.seclens.tests.hostile.StdioSession.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's stdio server against a client that breaks the protocol and a workspace that
 * holds links to devices and pipes. Each case asserts the exact response or error code, and that
 * the session still answers and publishes correct diagnostics afterwards.
 */
class HostileClientTest {
    @TempDir
    Path root;
    private Path workspace;
    private String rootUri;
    private String documentUri;
    private StdioSession session;

    @BeforeEach
    void workspace() throws IOException {
        workspace = Files.createDirectories(root.resolve("workspace"));
        Files.createDirectories(workspace.resolve(".git"));
        rootUri = workspace.toUri().toString();
        write(workspace.resolve("src/Hashes.java"), HostileRepositoryScanTest.MD5);
        documentUri = workspace.resolve("src/Hashes.java").toUri().toString();
    }

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
    }

    private StdioSession start() throws IOException {
        session = StdioSession.start(workspace, root.resolve("user-cache"), root.resolve("stderr.txt"), false);
        return session;
    }

    private void assertDiagnosticsStillCorrect(StdioSession s) throws Exception {
        int mark = s.mark();
        s.send(notification("textDocument/didOpen", openParams(documentUri, HostileRepositoryScanTest.MD5)));
        s.awaitDiagnostics(mark, documentUri, d -> d.contains("java/weak-hash"));
    }

    private static int errorCode(JsonObject response) {
        return response.getAsJsonObject("error").get("code").getAsInt();
    }

    // 6. framing and parse errors

    @Test
    void aMalformedFrameNeverSilencesTheSession() throws Exception {
        StdioSession s = start();
        s.initialize(rootUri);
        // a 16 KB didOpen whose version is not an integer: the whole body must be consumed
        String bad = openParams("file:///elsewhere/Big.java", "// " + "x".repeat(16 << 10))
                .replace("\"version\":1", "\"version\":1.5");
        s.send(notification("textDocument/didOpen", bad));
        s.send(request(2, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///none.java\"},\"position\":{\"line\":0,\"character\":0}}"));
        assertFalse(s.awaitResponse(2).has("error"));

        // stray bytes between frames, invalid and negative lengths, a body shorter than announced
        s.raw("garbage that is no header\r\n".getBytes(StandardCharsets.UTF_8));
        s.raw("Content-Length: abc\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        s.raw("Content-Length: -5\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        s.raw("Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}".getBytes(StandardCharsets.UTF_8));
        s.send(request(3, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///none.java\"},\"position\":{\"line\":0,\"character\":0}}"));
        assertFalse(s.awaitResponse(3).has("error"));

        // malformed JSON whose id can still be read: ParseError
        s.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"textDocument/hover\",\"params\":{");
        JsonObject parseError = s.awaitResponse(4);
        assertEquals(-32700, errorCode(parseError), parseError.toString());

        // type errors deep inside the params of 18 code action requests: InvalidParams, each answered
        for (int id = 100; id < 118; id++) {
            s.send(request(id, "textDocument/codeAction", "{\"textDocument\":{\"uri\":\"" + documentUri + "\"},"
                    + "\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":1}},"
                    + "\"context\":{\"diagnostics\":[{\"range\":{\"start\":{\"line\":\"zero\"}},\"message\":" + id + "}]}}"));
        }
        for (int id = 100; id < 118; id++) {
            JsonObject answer = s.awaitResponse(id);
            assertEquals(-32602, errorCode(answer), answer.toString());
            String message = answer.getAsJsonObject("error").get("message").getAsString();
            assertTrue(message.startsWith("invalid params for textDocument/codeAction: "), message);
            assertFalse(message.contains("Exception") || message.contains("https://"), message);
        }

        // params: null is InvalidParams, with no stack trace in data
        s.send(request(5, "textDocument/hover", "null"));
        JsonObject nullParams = s.awaitResponse(5);
        assertEquals(-32602, errorCode(nullParams), nullParams.toString());
        assertFalse(nullParams.getAsJsonObject("error").has("data"), nullParams.toString());

        assertDiagnosticsStillCorrect(s);
        s.shutdownAndExit(6);
    }

    // the lifecycle

    @Test
    void aSecondInitializeAndRequestsAfterShutdownAreInvalidRequests() throws Exception {
        StdioSession s = start();
        s.initialize(rootUri);
        s.send(request(2, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}"));
        JsonObject again = s.awaitResponse(2);
        assertEquals(-32600, errorCode(again), again.toString());
        assertEquals("the server is already initialized", again.getAsJsonObject("error").get("message").getAsString());
        s.send(request(3, "shutdown", null));
        s.awaitResponse(3);
        s.send(request(4, "textDocument/hover", "{\"textDocument\":{\"uri\":\"" + documentUri
                + "\"},\"position\":{\"line\":0,\"character\":0}}"));
        JsonObject afterShutdown = s.awaitResponse(4);
        assertEquals(-32600, errorCode(afterShutdown), afterShutdown.toString());
        s.send(notification("exit", null));
    }

    // 3. configuration and ignore files that are devices or the server's own input

    @Test
    void aConfigurationLinkedToDevZeroIsRefusedAndTheDocumentsStillGetDiagnostics() throws Exception {
        link(workspace.resolve(".seclens.json"), Path.of("/dev/zero"));
        assertWorkspaceFileRefusedAndSessionHealthy(".seclens.json: resolves outside " + workspace
                + " through a symbolic link, not read");
    }

    @Test
    void aConfigurationLinkedToTheServersOwnInputIsRefused() throws Exception {
        link(workspace.resolve(".seclens.json"), Path.of("/proc/self/fd/0"));
        // the link leads to a pipe, which has no path: refused as a link to nothing on disk
        assertWorkspaceFileRefusedAndSessionHealthy(".seclens.json: broken symbolic link");
    }

    @Test
    void anIgnoreFileLinkedToDevZeroIsRefusedAndAnalysisGoesOn() throws Exception {
        link(workspace.resolve(".seclens/ignored.json"), Path.of("/dev/zero"));
        StdioSession s = start();
        s.initialize(rootUri);
        assertDiagnosticsStillCorrect(s);
        // a second document and a second analysis of the first: no analysis thread was lost
        String other = workspace.resolve("src/Other.java").toUri().toString();
        int mark = s.mark();
        s.send(notification("textDocument/didOpen", openParams(other, HostileRepositoryScanTest.MD5.replace("Hashes", "Other"))));
        s.awaitDiagnostics(mark, other, d -> d.contains("java/weak-hash"));
        assertTrue(s.stderrText().contains(".seclens/ignored.json: resolves outside " + workspace
                + " through a symbolic link, not read"), s.stderrText());
        s.shutdownAndExit(9);
    }

    private void assertWorkspaceFileRefusedAndSessionHealthy(String refusal) throws Exception {
        StdioSession s = start();
        JsonObject initialized = s.initialize(rootUri);
        assertTrue(initialized.getAsJsonObject("result").has("capabilities"), initialized.toString());
        s.await(m -> "window/showMessage".equals(m.has("method") ? m.get("method").getAsString() : null)
                && m.getAsJsonObject("params").get("message").getAsString().contains(refusal), "the refusal shown");
        assertDiagnosticsStillCorrect(s);
        s.shutdownAndExit(9);
    }

    // 9. a pathological document cannot hold the analysis threads

    @Test
    void deeplyNestedDocumentsAreRefusedAtOnceAndOthersAreStillAnalysed() throws Exception {
        StdioSession s = start();
        s.initialize(rootUri);
        int mark = s.mark();
        String deepText = "class Deep {\n    " + "java.util.List<".repeat(30_000) + "String" + ">".repeat(30_000) + " f;\n}\n";
        List<String> deep = List.of(workspace.resolve("src/Deep1.java").toUri().toString(),
                workspace.resolve("src/Deep2.java").toUri().toString());
        for (String uri : deep) {
            s.send(notification("textDocument/didOpen", openParams(uri, deepText)));
        }
        s.send(notification("textDocument/didOpen", openParams(documentUri, HostileRepositoryScanTest.MD5)));
        s.awaitDiagnostics(mark, documentUri, d -> d.contains("java/weak-hash"));
        for (String uri : deep) {
            s.awaitDiagnostics(mark, uri, d -> d.contains("too deeply nested to parse (type arguments more than 500 levels deep)"));
        }
        s.shutdownAndExit(9);
    }

    // 7. a save that makes the server read the disk

    @Test
    void aSaveAfterLostSyncReadsTheDiskOffTheProtocolThreadAndNeverAPipe() throws Exception {
        Path pipe = fifo(workspace.resolve("src/Piped.java"));
        String pipeUri = pipe.toUri().toString();
        StdioSession s = start();
        s.initialize(rootUri);
        int mark = s.mark();
        s.send(notification("textDocument/didOpen", openParams(pipeUri, HostileRepositoryScanTest.MD5)));
        s.awaitDiagnostics(mark, pipeUri, d -> d.contains("java/weak-hash"));
        loseSyncAndSave(s, pipeUri);
        // the protocol thread still answers, and a regular file resynchronises from disk
        assertDiagnosticsStillCorrect(s);
        mark = loseSyncAndSave(s, documentUri);
        s.awaitDiagnostics(mark, documentUri, d -> d.contains("java/weak-hash"));
        assertTrue(s.stderrText().contains("Piped.java: not a regular file (a device, pipe or socket), not read"),
                s.stderrText());
        s.shutdownAndExit(9);
    }

    /** Loses sync with an edit out of range, then saves without text; returns the mark after the save. */
    private static int loseSyncAndSave(StdioSession s, String uri) throws Exception {
        int mark = s.mark();
        s.send(notification("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + uri + "\",\"version\":2},"
                + "\"contentChanges\":[{\"range\":{\"start\":{\"line\":999,\"character\":0},\"end\":{\"line\":999,"
                + "\"character\":1}},\"text\":\"x\"}]}"));
        s.awaitDiagnostics(mark, uri, "[]"::equals);
        mark = s.mark();
        s.send(notification("textDocument/didSave", "{\"textDocument\":{\"uri\":\"" + uri + "\"}}"));
        return mark;
    }

    // 8. a client that stops reading, then resumes

    @Test
    void aStalledClientGetsEveryResponseWhenItResumes() throws Exception {
        session = StdioSession.start(workspace, root.resolve("user-cache"), root.resolve("stderr.txt"), true);
        StdioSession s = session;
        s.send(request(1, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}"));
        s.send(notification("initialized", "{}"));
        s.send(notification("textDocument/didOpen", openParams(documentUri, HostileRepositoryScanTest.MD5)));
        int hovers = 6000; // more than the outgoing queue's 4,096 while nobody reads
        for (int id = 10; id < 10 + hovers; id++) {
            s.send(request(id, "textDocument/hover", "{\"textDocument\":{\"uri\":\"" + documentUri
                    + "\"},\"position\":{\"line\":6,\"character\":30}}"));
        }
        s.startReading();
        s.awaitResponse(10 + hovers - 1);
        // and then the document's diagnostics, not dropped for the queue being full
        s.awaitDiagnostics(0, documentUri, d -> d.contains("java/weak-hash"));
        Set<Integer> answered = new TreeSet<>();
        for (JsonObject m : s.received()) {
            if (m.has("id") && !m.has("method") && m.get("id").getAsString().matches("\\d+")) {
                answered.add(m.get("id").getAsInt());
            }
        }
        for (int id = 10; id < 10 + hovers; id++) {
            assertTrue(answered.contains(id), "hover " + id + " was never answered");
        }
        s.shutdownAndExit(2);
    }

    // the low list: one client per socket

    @Test
    void aSecondSocketClientIsRefusedAtOnce() throws Exception {
        Process server = HostileJar.builder(HostileJar.command("lsp", "--socket", "0"), workspace, root.resolve("user-cache"),
                Map.of()).redirectOutput(root.resolve("socket-stdout.txt").toFile()).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(err.readLine());
            assertTrue(m.find());
            int port = Integer.parseInt(m.group(1));
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
                byte[] body = request(1, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}")
                        .getBytes(StandardCharsets.UTF_8);
                first.getOutputStream().write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                first.getOutputStream().write(body);
                first.getOutputStream().flush();
                assertTrue(first.getInputStream().read() >= 0, "the first client is served");
                List<Exception> refused = new ArrayList<>();
                try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    second.setSoTimeout(5000);
                } catch (ConnectException e) {
                    refused.add(e);
                }
                assertEquals(1, refused.size(), "the second client was not refused");
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
