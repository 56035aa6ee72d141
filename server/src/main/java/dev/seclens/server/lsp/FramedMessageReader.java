package dev.seclens.server.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Reads the client's messages in place of LSP4J's reader, which after a body it cannot parse may
 * leave the rest of that body in the stream, so that every later byte reads as headers and the
 * session goes silent. Here a body is always read to its announced length before it is parsed, a
 * frame without a valid {@code Content-Length} is skipped, and after stray bytes the reader
 * resynchronises on the next {@code Content-Length:} header. A request that cannot be parsed is
 * answered with an error: {@code ParseError} (-32700) when its JSON is malformed but its id can be
 * read, {@code InvalidParams} (-32602) when the JSON is fine but its params are not what the method
 * takes. Without an id there is no one to answer; those are logged on stderr.
 */
final class FramedMessageReader implements MessageProducer, Closeable {
    /** Longer header lines are stray bytes; only their end is kept, where a Content-Length may start. */
    static final int MAX_HEADER_LINE = 8192;
    /** Bodies above this are skipped unread rather than held in memory (a 20 MB didOpen is fine). */
    static final long MAX_BODY = 64L << 20;
    private static final String CONTENT_LENGTH = "content-length:";
    private static final long END = -1;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"(?:[^\"\\\\]|\\\\.){0,200}\")");

    /** Sends an error response to a request the reader could not hand on. */
    interface ErrorAnswer {
        void answer(Either<String, Number> id, ResponseError error);
    }

    private final InputStream input;
    private final MessageJsonHandler jsonHandler;
    private final MessageIssueHandler issueHandler;
    private final ErrorAnswer errors;
    private final PrintStream stderr = System.err;
    private volatile boolean closed;

    FramedMessageReader(InputStream input, MessageJsonHandler jsonHandler, MessageIssueHandler issueHandler,
                        ErrorAnswer errors) {
        // one byte at a time through the headers: buffered, whatever the stream
        this.input = input instanceof BufferedInputStream ? input : new BufferedInputStream(input);
        this.jsonHandler = jsonHandler;
        this.issueHandler = issueHandler;
        this.errors = errors;
    }

    @Override
    public void listen(MessageConsumer callback) {
        try {
            long length;
            while (!closed && (length = nextContentLength()) != END) {
                if (length > MAX_BODY) {
                    stderr.println("[seclens] skipped a message of " + length + " bytes (the limit is " + MAX_BODY + ")");
                    input.skipNBytes(length); // EOFException, caught below, if the input ends inside it
                    continue;
                }
                byte[] body = input.readNBytes((int) length);
                if (body.length < length) {
                    return; // end of input inside a body
                }
                deliver(new String(body, StandardCharsets.UTF_8), callback);
            }
        } catch (EOFException e) {
            // end of input inside a skipped body: like any end of input
        } catch (IOException e) {
            if (!closed) {
                stderr.println("[seclens] reading the client's messages failed: " + e);
            }
        }
    }

    /**
     * Reads header lines up to the blank line that ends them and returns the announced length;
     * frames without a usable length, and bytes that are not headers, are skipped.
     */
    private long nextContentLength() throws IOException {
        long length = END;
        boolean sawHeader = false;
        boolean badLength = false;
        while (true) {
            String line = readLine();
            if (line == null) {
                return END;
            }
            int at = line.toLowerCase(Locale.ROOT).lastIndexOf(CONTENT_LENGTH);
            if (at >= 0) {
                if (at > 0) {
                    stderr.println("[seclens] skipped " + at + " stray byte(s) before a message");
                }
                String value = line.substring(at + CONTENT_LENGTH.length()).trim();
                sawHeader = true;
                badLength = !value.matches("\\d{1,18}");
                length = badLength ? END : Long.parseLong(value);
            } else if (line.isEmpty()) {
                if (sawHeader && !badLength) {
                    return length;
                }
                if (sawHeader) {
                    stderr.println("[seclens] skipped a message with an invalid Content-Length");
                }
                sawHeader = false;
                badLength = false;
            } else if (!sawHeader && !line.matches("[A-Za-z0-9-]{1,64}:.*")) {
                stderr.println("[seclens] skipped " + line.length() + " stray character(s) between messages");
            }
        }
    }

    /** One line without its end ({@code \r\n} or {@code \n}); null at end of input. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long skipped = 0;
        int b;
        while ((b = input.read()) != -1 && b != '\n') {
            line.write(b);
            if (line.size() > MAX_HEADER_LINE) {
                byte[] bytes = line.toByteArray();
                line.reset();
                line.write(bytes, bytes.length - 64, 64); // where "Content-Length:" may be starting
                skipped += bytes.length - 64;
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        if (skipped > 0) {
            stderr.println("[seclens] skipped " + skipped + " stray byte(s) between messages");
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private void deliver(String body, MessageConsumer callback) {
        Message message;
        try {
            message = jsonHandler.parseMessage(body);
        } catch (MessageIssueException e) {
            issue(e, body);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            unparsable(body, e);
            return;
        }
        try {
            callback.consume(message);
        } catch (MessageIssueException e) {
            issue(e, body);
        } catch (RuntimeException e) {
            stderr.println("[seclens] a message could not be handled: " + e);
        }
    }

    /**
     * A message LSP4J parsed only in part, its params the wrong shape: a request gets
     * {@code InvalidParams} with the problem in plain words (LSP4J would answer {@code ParseError}
     * with Gson's troubleshooting advice); anything else goes to LSP4J's handler.
     */
    private void issue(MessageIssueException e, String body) {
        if (e.getRpcMessage() instanceof RequestMessage request && request.getRawId() != null) {
            MessageIssue first = e.getIssues().isEmpty() ? null : e.getIssues().get(0);
            String why = first == null ? "malformed" : first.getCause() != null ? first.getCause().getMessage() : first.getText();
            boolean json = isJson(body);
            errors.answer(request.getRawId(), new ResponseError(json ? ResponseErrorCode.InvalidParams : ResponseErrorCode.ParseError,
                    (json ? "invalid params for " + request.getMethod() + ": " : "the message is not valid JSON: ")
                            + plain(why), null));
        } else if (e.getRpcMessage() instanceof NotificationMessage notification) {
            stderr.println("[seclens] skipped a " + notification.getMethod() + " notification with invalid params: "
                    + plain(e.getMessage()));
        } else {
            issueHandler.handle(e.getRpcMessage(), e.getIssues());
        }
    }

    private static boolean isJson(String body) {
        try {
            JsonParser.parseString(body);
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }

    /** A parser's message without the exception's class, the stack or the library's advice. */
    static String plain(String message) {
        if (message == null) {
            return "malformed";
        }
        String first = message.lines().findFirst().orElse("");
        return first.replaceAll("^([\\w$]+\\.)*[\\w$]*(Exception|Error): ", "")
                .replaceAll("\\s*See https?://\\S+", "").strip();
    }

    /** Answers a request whose id can be found; logs everything else. */
    private void unparsable(String body, Throwable e) {
        String reason = plain(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        JsonObject object = null;
        try {
            JsonElement json = JsonParser.parseString(body);
            object = json.isJsonObject() ? json.getAsJsonObject() : null;
        } catch (RuntimeException | StackOverflowError notJson) {
            // malformed: its id is looked for in the text below
        }
        if (object != null) {
            Either<String, Number> id = id(object.get("id"));
            if (id != null && object.get("method") instanceof JsonPrimitive method) {
                errors.answer(id, new ResponseError(ResponseErrorCode.InvalidParams,
                        "invalid params for " + method.getAsString() + ": " + reason, null));
                return;
            }
            stderr.println("[seclens] skipped a message that is not a valid JSON-RPC message: " + reason);
            return;
        }
        Matcher m = ID.matcher(body.length() > 4096 ? body.substring(0, 4096) : body);
        if (m.find()) {
            String raw = m.group(1);
            errors.answer(raw.startsWith("\"") ? Either.forLeft(JsonParser.parseString(raw).getAsString())
                    : Either.forRight(Long.parseLong(raw)), new ResponseError(ResponseErrorCode.ParseError,
                    "the message is not valid JSON: " + reason, null));
            return;
        }
        stderr.println("[seclens] skipped a message that is not valid JSON: " + reason);
    }

    private static Either<String, Number> id(JsonElement id) {
        if (id instanceof JsonPrimitive p && p.isNumber()) {
            return Either.forRight(p.getAsNumber());
        }
        if (id instanceof JsonPrimitive p && p.isString()) {
            return Either.forLeft(p.getAsString());
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
    }
}
