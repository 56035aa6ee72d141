package dev.seclens.tests.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A hostile client of the packaged jar's stdio server: it writes whatever bytes a test wants and
 * reads the server's output strictly as framed JSON messages, which it keeps in arrival order.
 */
final class StdioSession implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    private final OutputStream stdin;
    private final Path stderr;
    private final List<JsonObject> received = new ArrayList<>(); // guarded by itself
    private final List<String> violations = new ArrayList<>(); // guarded by received
    private Thread reader;

    private StdioSession(Process process, Path stderr) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = stderr;
    }

    /** Starts {@code seclens lsp} in {@code workingDirectory}; output is read at once unless {@code readLater}. */
    static StdioSession start(Path workingDirectory, Path userCache, Path stderr, boolean readLater) throws IOException {
        return start(HostileJar.command("lsp"), workingDirectory, userCache, stderr, readLater);
    }

    /** {@code command} (the jar's {@code lsp}, perhaps under strace) as the server. */
    static StdioSession start(List<String> command, Path workingDirectory, Path userCache, Path stderr, boolean readLater)
            throws IOException {
        Process process = HostileJar.builder(command, workingDirectory, userCache, Map.of())
                .redirectError(stderr.toFile()).start();
        StdioSession session = new StdioSession(process, stderr);
        if (!readLater) {
            session.startReading();
        }
        return session;
    }

    void startReading() {
        reader = new Thread(() -> readAll(process.getInputStream()), "hostile-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static String request(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    static String notification(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    static String openParams(String uri, String text) {
        JsonObject document = new JsonObject();
        document.addProperty("uri", uri);
        document.addProperty("languageId", "java");
        document.addProperty("version", 1);
        document.addProperty("text", text);
        JsonObject params = new JsonObject();
        params.add("textDocument", document);
        return params.toString();
    }

    /** A well-framed message. */
    void send(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        raw(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        raw(body);
    }

    /** Exactly these bytes, framed or not. */
    void raw(byte[] bytes) throws IOException {
        stdin.write(bytes);
        stdin.flush();
    }

    JsonObject initialize(String rootUri) throws IOException, InterruptedException {
        send(request(1, "initialize", "{\"processId\":null,\"rootUri\":" + (rootUri == null ? "null" : "\"" + rootUri + "\"")
                + ",\"capabilities\":{}}"));
        JsonObject answer = awaitResponse(1);
        send(notification("initialized", "{}"));
        return answer;
    }

    JsonObject awaitResponse(Object id) throws InterruptedException {
        String wanted = String.valueOf(id);
        return await(m -> m.has("id") && !m.has("method") && wanted.equals(m.get("id").getAsString()),
                "the response to " + id);
    }

    /** How many messages have arrived: a mark to await only later ones. */
    int mark() {
        synchronized (received) {
            return received.size();
        }
    }

    /**
     * The first diagnostics published for the open document {@code uri} (they carry a version, unlike
     * the workspace scan's) after message {@code from}, whose list satisfies {@code ready}.
     */
    JsonObject awaitDiagnostics(int from, String uri, Predicate<String> ready) throws InterruptedException {
        return await(from, m -> "textDocument/publishDiagnostics".equals(stringOf(m, "method"))
                && uri.equals(m.getAsJsonObject("params").get("uri").getAsString())
                && m.getAsJsonObject("params").has("version")
                && ready.test(m.getAsJsonObject("params").getAsJsonArray("diagnostics").toString()),
                "diagnostics for " + uri);
    }

    private static String stringOf(JsonObject m, String field) {
        return m.has(field) && m.get(field).isJsonPrimitive() ? m.get(field).getAsString() : null;
    }

    /** The first message received (earlier or within the timeout) that matches. */
    JsonObject await(Predicate<JsonObject> matches, String what) throws InterruptedException {
        return await(0, matches, what);
    }

    /** The first message from the {@code from}th on (arrived or arriving within the timeout) that matches. */
    JsonObject await(int from, Predicate<JsonObject> matches, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        synchronized (received) {
            int checked = from;
            while (true) {
                for (; checked < received.size(); checked++) {
                    if (matches.test(received.get(checked))) {
                        return received.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && (reader == null || !reader.isAlive())) {
                    fail("no " + what + " within " + TIMEOUT_SECONDS + " s; stderr:\n" + stderrText());
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    List<JsonObject> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    String stderrText() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    /** shutdown, exit, and the exit code the protocol asks for; stdout must have been nothing but frames. */
    void shutdownAndExit(int id) throws IOException, InterruptedException {
        send(request(id, "shutdown", null));
        awaitResponse(id);
        send(notification("exit", null));
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the server did not exit");
        assertEquals(0, process.exitValue(), stderrText());
        if (reader != null) {
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
        synchronized (received) {
            assertEquals(List.of(), violations, "stdout carried something other than framed messages");
        }
    }

    private void readAll(InputStream out) {
        try {
            while (true) {
                int length = -1;
                String line;
                while ((line = headerLine(out)) != null && !line.isEmpty()) {
                    if (line.startsWith("Content-Length: ")) {
                        length = Integer.parseInt(line.substring("Content-Length: ".length()));
                    } else if (!line.startsWith("Content-Type: ")) {
                        violation("unexpected header line: " + line);
                    }
                }
                if (line == null) {
                    return;
                }
                byte[] body = out.readNBytes(length);
                JsonObject message = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
                synchronized (received) {
                    received.add(message);
                    received.notifyAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            violation("unreadable output: " + e);
        }
    }

    private void violation(String what) {
        synchronized (received) {
            violations.add(what);
            received.notifyAll();
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
