package dev.seclens.tests.lsp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server's stdout strictly as the base protocol: header lines, an empty line, then exactly
 * Content-Length bytes of JSON, repeated until end of stream. Any other byte is a violation.
 */
final class FramedMessageReader {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("Content-Length: (\\d+)");
    private static final Pattern CONTENT_TYPE = Pattern.compile("Content-Type: .+");

    final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    /** How many textDocument/publishDiagnostics came, whether or not a test awaited them. */
    final java.util.concurrent.atomic.AtomicInteger diagnosticsSeen = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread thread;

    FramedMessageReader(InputStream stdout) {
        thread = new Thread(() -> readAll(stdout), "stdout-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until stdout ends, then returns what did not conform. */
    List<String> awaitEnd(long seconds) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
        if (thread.isAlive()) {
            violations.add("stdout did not end");
        }
        return violations;
    }

    JsonObject await(Predicate<JsonObject> wanted, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonObject next = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no matching message within " + seconds + " s; violations: " + violations);
            }
            if (wanted.test(next)) {
                return next;
            }
        }
    }

    private void readAll(InputStream in) {
        try {
            while (true) {
                Integer length = readHeaders(in);
                if (length == null) {
                    return; // clean end between messages
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    violations.add("stream ended inside a message body");
                    return;
                }
                String json = new String(body, StandardCharsets.UTF_8);
                try {
                    JsonObject message = JsonParser.parseString(json).getAsJsonObject();
                    if (message.has("method") && message.get("method").getAsString().equals("textDocument/publishDiagnostics")) {
                        diagnosticsSeen.incrementAndGet();
                    }
                    messages.add(message);
                } catch (RuntimeException e) {
                    violations.add("body is not a JSON object: " + json);
                }
            }
        } catch (IOException e) {
            violations.add("reading stdout failed: " + e);
        }
    }

    /** The Content-Length of the next message, or null at a clean end of stream. */
    private Integer readHeaders(InputStream in) throws IOException {
        Integer length = null;
        boolean first = true;
        while (true) {
            String line = readLine(in, first);
            if (line == null) {
                if (!first) {
                    violations.add("stream ended inside headers");
                }
                return null;
            }
            first = false;
            if (line.isEmpty()) {
                if (length == null) {
                    violations.add("headers without Content-Length");
                }
                return length;
            }
            Matcher m = CONTENT_LENGTH.matcher(line);
            if (m.matches()) {
                length = Integer.parseInt(m.group(1));
            } else if (!CONTENT_TYPE.matcher(line).matches()) {
                violations.add("not a header line: " + line);
            }
        }
    }

    /** A CRLF-terminated line; null if the stream ends before any byte of it when that is allowed. */
    private String readLine(InputStream in, boolean mayEnd) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() > 0 || !mayEnd) {
                    violations.add("stream ended inside a header line: " + line.toString(StandardCharsets.UTF_8));
                }
                return null;
            }
            if (b == '\r') {
                int next = in.read();
                if (next != '\n') {
                    violations.add("CR not followed by LF in headers");
                }
                return line.toString(StandardCharsets.US_ASCII);
            }
            if (b == '\n') {
                violations.add("bare LF in headers");
                return line.toString(StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
    }
}
