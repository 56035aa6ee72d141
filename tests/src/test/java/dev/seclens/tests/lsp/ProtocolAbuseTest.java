package dev.seclens.tests.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on real stdio (and one socket) against clients that break the protocol: bad
 * framing and JSON, unknown methods, requests before initialize, edits that cannot apply, a 20 MB
 * message, a flood of edits, a client that never reads. The server must answer what can be
 * answered with JSON-RPC errors, skip the rest, keep serving, and stay inside a small heap
 * ({@code -Xmx160m}: unbounded growth would end in OutOfMemoryError).
 */
class ProtocolAbuseTest {
    private static final long TIMEOUT = 60;
    private static final String HEAP = "-Xmx160m";
    private static final String URI = "file:///abuse/src/main/java/demo/Hashes.java";
    private static final String CODE = """
            package demo;

            import java.security.MessageDigest;

            class Hashes {
                byte[] digest(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;

    @TempDir
    Path dir;
    private Process process;
    private OutputStream stdin;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void badMessagesGetErrorsOrAreSkippedAndTheServerKeepsAnswering() throws Exception {
        FramedMessageReader out = start();
        // before initialize: requests are refused with ServerNotInitialized, notifications dropped
        send(request(1, "textDocument/hover", hoverParams(0, 0)));
        assertEquals(-32002, errorCode(out.await(m -> isResponse(m, 1), TIMEOUT)));
        send(notification("textDocument/didOpen", openParams(URI, CODE)));

        send(request(2, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}"));
        out.await(m -> isResponse(m, 2), TIMEOUT);
        send(notification("initialized", "{}"));

        // malformed JSON, JSON that is not a message, a body shorter and one longer than announced
        frame("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":".getBytes(StandardCharsets.UTF_8));
        frame("[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        frame("\"just a string\"".getBytes(StandardCharsets.UTF_8));
        raw("Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        raw("Content-Length: abc\r\n\r\n");
        raw("X-Unknown-Header: 1\r\nContent-Length: 2\r\n\r\n{}");
        send(request(4, "shutdown/not-really", null));
        // the server resynchronises on the next well-framed message, whatever it lost before
        JsonObject unknown = awaitAnyOf(out, 4, 5, 6);
        send(request(5, "workspace/unknownRequest", "{}"));
        send(request(6, "$/unknownRequest", "{}"));
        assertEquals(-32601, errorCode(out.await(m -> isResponse(m, 5), TIMEOUT)), "MethodNotFound");
        assertEquals(-32601, errorCode(out.await(m -> isResponse(m, 6), TIMEOUT)), "MethodNotFound");
        assertTrue(unknown != null);
        send(notification("workspace/unknownNotification", "{}"));
        send(notification("$/unknownNotification", "{}"));

        // notifications for documents that are not open
        String nowhere = "file:///abuse/Nowhere.java";
        send(notification("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + nowhere
                + "\",\"version\":2},\"contentChanges\":[{\"text\":\"class X {}\"}]}"));
        send(notification("textDocument/didSave", "{\"textDocument\":{\"uri\":\"" + nowhere + "\"}}"));
        send(notification("textDocument/didClose", "{\"textDocument\":{\"uri\":\"" + nowhere + "\"}}"));
        send(notification("textDocument/didChange", "{\"textDocument\":null,\"contentChanges\":null}"));
        send(notification("textDocument/didOpen", "{}"));
        send(request(7, "textDocument/hover", "{\"textDocument\":{\"uri\":\"" + nowhere + "\"},\"position\":{\"line\":-5,\"character\":99999}}"));
        JsonObject hover = out.await(m -> isResponse(m, 7), TIMEOUT);
        assertFalse(hover.has("error") && errorCode(hover) != -32602 && errorCode(hover) != -32603, hover.toString());

        // an open document, then edits out of range, reversed and overlapping
        send(notification("textDocument/didOpen", openParams(URI, CODE)));
        awaitDiagnostics(out, URI, 1);
        send(change(2, edit(999, 0, 999, 5, "x")));
        send(change(3, edit(6, 10, 2, 0, "y")));
        send(change(4, "{\"text\":" + JsonParser.parseString("\"" + escape(CODE) + "\"") + "}"));
        send(change(5, edit(0, 0, 0, 0, "// a\n") + "," + edit(0, 0, 1, 0, "") + "," + edit(0, 0, 0, 3, "pkg")));
        JsonObject resynced = awaitDiagnostics(out, URI, 5);
        // the three edits of version 5 apply in order: the inserted line is deleted again and only the
        // first word changes, so the MD5 call is still on line 7 (index 6); any other order moves or loses it
        var diagnostics = resynced.getAsJsonObject("params").getAsJsonArray("diagnostics");
        assertEquals(1, diagnostics.size(), resynced.toString());
        JsonObject weakHash = diagnostics.get(0).getAsJsonObject();
        assertEquals("java/weak-hash", weakHash.get("code").getAsString(), resynced.toString());
        JsonObject start = weakHash.getAsJsonObject("range").getAsJsonObject("start");
        assertEquals(6, start.get("line").getAsInt(), resynced.toString());
        assertEquals(15, start.get("character").getAsInt(), resynced.toString());

        send(request(8, "textDocument/hover", hoverParams(6, 20)));
        assertFalse(out.await(m -> isResponse(m, 8), TIMEOUT).has("error"));
        shutdownAndExit(out, 9);
        assertNoServerErrors();
    }

    @Test
    void aTwentyMegabyteDocumentIsRefusedByTheSizeBudgetNotByTheServer() throws Exception {
        FramedMessageReader out = start();
        initialize(out);
        StringBuilder huge = new StringBuilder(CODE);
        while (huge.length() < 20 << 20) {
            huge.append("// ").append("padding ".repeat(12)).append('\n');
        }
        long started = System.nanoTime();
        send(notification("textDocument/didOpen", openParams(URI, huge.toString())));
        JsonObject published = awaitDiagnostics(out, URI, 1);
        long millis = (System.nanoTime() - started) / 1_000_000;
        String diagnostics = published.getAsJsonObject("params").getAsJsonArray("diagnostics").toString();
        assertTrue(diagnostics.contains("SecLens: file too large to analyse"), diagnostics);
        System.err.println("[abuse] 20 MB didOpen answered in " + millis + " ms, peak RSS " + peakRssMb() + " MB");
        send(request(3, "textDocument/hover", hoverParams(0, 0)));
        out.await(m -> isResponse(m, 3), TIMEOUT);
        shutdownAndExit(out, 4);
        assertNoServerErrors();
    }

    @Test
    void tenThousandEditsAreCoalescedAndMemoryStaysBounded() throws Exception {
        FramedMessageReader out = start();
        initialize(out);
        send(notification("textDocument/didOpen", openParams(URI, "// \n" + CODE)));
        awaitDiagnostics(out, URI, 1);
        long started = System.nanoTime();
        int edits = 10_000;
        for (int version = 2; version <= edits + 1; version++) {
            // type into the comment on the first line, character by character
            send(change(version, edit(0, 3, 0, 3, "x")));
        }
        JsonObject last = awaitDiagnostics(out, URI, edits + 1);
        long millis = (System.nanoTime() - started) / 1_000_000;
        int analyses = out.diagnosticsSeen.get();
        long rss = peakRssMb();
        System.err.println("[abuse] " + edits + " didChange in " + millis + " ms: " + analyses
                + " diagnostics published, peak RSS " + rss + " MB");
        assertTrue(analyses < edits / 10, analyses + " publications for " + edits + " edits: not coalesced");
        assertTrue(last.getAsJsonObject("params").getAsJsonArray("diagnostics").toString().contains("java/weak-hash"),
                "the last text is analysed: " + last);
        shutdownAndExit(out, 3);
        assertNoServerErrors();
    }

    @Test
    void aClientThatNeverReadsCannotBlockTheProtocolThreadOrFillTheHeap() throws Exception {
        launch(); // nobody reads stdout: the pipe fills after some 64 KB
        send(request(1, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}"));
        send(notification("initialized", "{}"));
        send(notification("textDocument/didOpen", openParams(URI, CODE)));
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 10_000; i++) {
                    send(change(i + 2, edit(0, 0, 0, 0, "x")));
                    send(request(100 + i, "textDocument/hover", hoverParams(6, 30)));
                }
                send(request(99, "shutdown", null));
                send(notification("exit", null));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        long started = System.nanoTime();
        writer.start();
        writer.join(TimeUnit.SECONDS.toMillis(TIMEOUT));
        assertFalse(writer.isAlive(), "the server stopped reading its input: its protocol thread is blocked");
        assertTrue(process.waitFor(TIMEOUT, TimeUnit.SECONDS), "the server did not exit");
        System.err.println("[abuse] unread client: 20,000 messages taken and exit honoured in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertEquals(0, process.exitValue(), stderr());
        assertFalse(stderr().contains("OutOfMemoryError"), stderr());
        // responses and each document's latest diagnostics are kept for the client, never dropped
        // (HostileClientTest checks that they arrive once it reads); only log messages may be
    }

    @Test
    void theSocketModeListensOnLoopbackOnly() throws Exception {
        Path jar = Path.of(System.getProperty("seclens.jar"));
        process = new ProcessBuilder(java(), HEAP, "-jar", jar.toString(), "lsp", "--socket", "0")
                .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String line = err.readLine();
        Matcher m = Pattern.compile("seclens: listening on (\\S+):(\\d+)").matcher(String.valueOf(line));
        assertTrue(m.matches(), line);
        assertTrue(InetAddress.getByName(m.group(1)).isLoopbackAddress(), line);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(2)))) {
            stdin = socket.getOutputStream();
            FramedMessageReader out = new FramedMessageReader(socket.getInputStream());
            initialize(out);
            shutdownAndExit(out, 3);
        }
        assertEquals("", Files.readString(dir.resolve("stdout.txt")), "nothing on stdout in socket mode");
    }

    // --- helpers

    private FramedMessageReader start() throws IOException {
        launch();
        return new FramedMessageReader(process.getInputStream());
    }

    /** The server, its stdout left unread. */
    private void launch() throws IOException {
        Path jar = Path.of(System.getProperty("seclens.jar"));
        assertTrue(Files.isRegularFile(jar), "no packaged jar at " + jar);
        process = new ProcessBuilder(java(), HEAP, "-jar", jar.toString(), "lsp")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        stdin = process.getOutputStream();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void initialize(FramedMessageReader out) throws Exception {
        send(request(1, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}"));
        out.await(m -> isResponse(m, 1), TIMEOUT);
        send(notification("initialized", "{}"));
    }

    private void shutdownAndExit(FramedMessageReader out, int id) throws Exception {
        send(request(id, "shutdown", null));
        out.await(m -> isResponse(m, id), TIMEOUT);
        send(notification("exit", null));
        assertTrue(process.waitFor(TIMEOUT, TimeUnit.SECONDS), "the server did not exit");
        assertEquals(0, process.exitValue());
        assertEquals(List.of(), out.awaitEnd(TIMEOUT), "stdout held something other than LSP messages");
    }

    /** No error of the server's own (an analysis that failed, an exception on a thread of ours). */
    private void assertNoServerErrors() throws IOException {
        List<String> errors = new ArrayList<>();
        for (String line : stderr().lines().toList()) {
            if (line.startsWith("[seclens] ERROR") || line.contains("OutOfMemoryError")
                    || line.startsWith("Exception in thread")) {
                errors.add(line);
            }
        }
        assertEquals(List.of(), errors, stderr());
    }

    private String stderr() throws IOException {
        Path file = dir.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The server's peak resident set, from /proc (0 where there is none). */
    private long peakRssMb() throws IOException {
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return 0;
    }

    private static JsonObject awaitAnyOf(FramedMessageReader out, int... ids) throws InterruptedException {
        return out.await(m -> {
            for (int id : ids) {
                if (isResponse(m, id)) {
                    return true;
                }
            }
            return false;
        }, TIMEOUT);
    }

    private static JsonObject awaitDiagnostics(FramedMessageReader out, String uri, int version) throws InterruptedException {
        return out.await(m -> m.has("method") && m.get("method").getAsString().equals("textDocument/publishDiagnostics")
                && m.getAsJsonObject("params").get("uri").getAsString().equals(uri)
                && m.getAsJsonObject("params").has("version")
                && m.getAsJsonObject("params").get("version").getAsInt() == version, TIMEOUT);
    }

    private static int errorCode(JsonObject response) {
        return response.getAsJsonObject("error").get("code").getAsInt();
    }

    private static boolean isResponse(JsonObject message, int id) {
        return message.has("id") && !message.has("method") && message.get("id").getAsInt() == id;
    }

    private static String openParams(String uri, String text) {
        JsonObject item = new JsonObject();
        item.addProperty("uri", uri);
        item.addProperty("languageId", "java");
        item.addProperty("version", 1);
        item.addProperty("text", text);
        return "{\"textDocument\":" + item + "}";
    }

    private static String hoverParams(int line, int character) {
        return "{\"textDocument\":{\"uri\":\"" + URI + "\"},\"position\":{\"line\":" + line + ",\"character\":" + character + "}}";
    }

    private static String change(int version, String changes) {
        return notification("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + URI + "\",\"version\":" + version
                + "},\"contentChanges\":[" + changes + "]}");
    }

    private static String edit(int l1, int c1, int l2, int c2, String text) {
        return "{\"range\":{\"start\":{\"line\":" + l1 + ",\"character\":" + c1 + "},\"end\":{\"line\":" + l2
                + ",\"character\":" + c2 + "}},\"text\":\"" + escape(text) + "\"}";
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String request(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    private static String notification(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    private void send(String json) throws IOException {
        frame(json.getBytes(StandardCharsets.UTF_8));
    }

    private void frame(byte[] body) throws IOException {
        stdin.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        stdin.write(body);
        stdin.flush();
    }

    private void raw(String bytes) throws IOException {
        stdin.write(bytes.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }
}
