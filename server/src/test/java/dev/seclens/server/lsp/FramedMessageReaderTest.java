package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;

class FramedMessageReaderTest {
    private final List<Message> delivered = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();
    private final ByteArrayOutputStream input = new ByteArrayOutputStream();

    private void frame(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        raw("Content-Length: " + body.length + "\r\n\r\n");
        input.writeBytes(body);
    }

    private void raw(String text) {
        input.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private void read() {
        MessageJsonHandler json = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(LanguageServer.class));
        new FramedMessageReader(new ByteArrayInputStream(input.toByteArray()), json,
                (message, issues) -> answers.add("issue " + issues),
                (id, error) -> answers.add(id.get() + " " + error.getCode() + " " + error.getMessage()))
                .listen(delivered::add);
    }

    private static String hover(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":"
                + "{\"uri\":\"file:///A.java\"},\"position\":{\"line\":0,\"character\":0}}}";
    }

    private List<String> deliveredIds() {
        return delivered.stream().map(m -> ((RequestMessage) m).getId()).toList();
    }

    @Test
    void aBodyThatFailsToParseIsConsumedWholeAndTheNextMessageRead() {
        frame("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///B.java\","
                + "\"languageId\":\"java\",\"version\":1.5,\"text\":\"" + "x".repeat(16 << 10) + "\"}}}");
        frame(hover(2));
        read();
        assertEquals(List.of("2"), deliveredIds());
        assertEquals(List.of(), answers, "a notification has no one to answer");
    }

    @Test
    void strayBytesAndBadLengthsAreSkippedUntilTheNextContentLength() {
        raw("garbage\r\n");
        raw("Content-Length: abc\r\n\r\n");
        raw("Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        frame(hover(3));
        raw("x".repeat(20_000)); // a stray line longer than any header, glued to the next frame
        frame(hover(4));
        read();
        assertEquals(List.of("3", "4"), deliveredIds());
    }

    @Test
    void unparsableRequestsAreAnswered() {
        frame("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"textDocument/hover\",\"params\":{");
        frame("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///A.java\"},"
                + "\"position\":{\"line\":\"zero\",\"character\":0}}}");
        frame(hover(7));
        read();
        assertEquals(List.of("7"), deliveredIds());
        assertEquals(2, answers.size(), answers.toString());
        assertTrue(answers.get(0).startsWith("5 -32700 the message is not valid JSON: "), answers.get(0));
        assertTrue(answers.get(1).startsWith("6 -32602 invalid params for textDocument/hover: "), answers.get(1));
        assertTrue(answers.stream().noneMatch(a -> a.contains("Exception") || a.contains("https://")), answers.toString());
    }

    @Test
    void plainDropsTheExceptionClassAndTheLibrarysAdvice() {
        assertEquals("Expected BEGIN_OBJECT but was STRING at path $.params.range",
                FramedMessageReader.plain("java.lang.IllegalStateException: Expected BEGIN_OBJECT but was STRING at path"
                        + " $.params.range\nSee https://github.com/google/gson/blob/main/Troubleshooting.md#x"));
    }
}
