package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.junit.jupiter.api.Test;

class OutgoingMessagesTest {

    @Test
    void aStuckWriterNeverBlocksTheSenderAndTheQueueStaysBounded() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        List<Message> written = new CopyOnWriteArrayList<>();
        OutgoingMessages queue = new OutgoingMessages(stuckUntil(unblock, written), 100);
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            queue.consume(log("message " + i));
        }
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "the sender was blocked");
        assertTrue(queue.pending() <= 100, "pending " + queue.pending());
        unblock.countDown();
        awaitEmpty(queue);
        assertTrue(written.size() <= 101, "written " + written.size());
    }

    @Test
    void queuedDiagnosticsForADocumentAreReplacedByNewerOnesInPlace() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        List<Message> written = new CopyOnWriteArrayList<>();
        OutgoingMessages queue = new OutgoingMessages(stuckUntil(unblock, written), 10);
        queue.consume(log("first, taken by the stuck writer"));
        Thread.sleep(50);
        queue.consume(diagnostics("file:///A.java", 1));
        queue.consume(log("between"));
        for (int version = 2; version <= 1000; version++) {
            queue.consume(diagnostics("file:///A.java", version));
            queue.consume(diagnostics("file:///B.java", version));
        }
        assertEquals(3, queue.pending(), "one slot per document plus the log message");
        unblock.countDown();
        awaitEmpty(queue);
        Thread.sleep(50);
        assertEquals(4, written.size(), written.toString());
        assertEquals(1000, ((PublishDiagnosticsParams) ((NotificationMessage) written.get(1)).getParams()).getVersion());
        assertEquals("file:///A.java", ((PublishDiagnosticsParams) ((NotificationMessage) written.get(1)).getParams()).getUri());
        assertEquals("between", ((MessageParams) ((NotificationMessage) written.get(2)).getParams()).getMessage());
    }

    @Test
    void pastCapacityResponsesAndEveryDocumentsLatestDiagnosticsStillGoOut() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        List<Message> written = new CopyOnWriteArrayList<>();
        OutgoingMessages queue = new OutgoingMessages(stuckUntil(unblock, written), 10);
        for (int i = 0; i < 50; i++) {
            queue.consume(log("filler " + i));
        }
        for (int i = 0; i < 300; i++) {
            ResponseMessage response = new ResponseMessage();
            response.setId(i);
            response.setResult("hover " + i);
            queue.consume(response);
            queue.consume(diagnostics("file:///F" + i + ".java", 1));
            queue.consume(diagnostics("file:///F" + i + ".java", 2));
        }
        ResponseMessage last = new ResponseMessage();
        last.setId("last");
        queue.consume(last);
        unblock.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!written.contains(last) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        List<String> responses = written.stream().filter(m -> m instanceof ResponseMessage)
                .map(m -> ((ResponseMessage) m).getId()).toList();
        List<String> expected = new java.util.ArrayList<>(
                java.util.stream.IntStream.range(0, 300).mapToObj(String::valueOf).toList());
        expected.add("last");
        assertEquals(expected, responses);
        List<PublishDiagnosticsParams> published = written.stream()
                .filter(m -> m instanceof NotificationMessage n && n.getParams() instanceof PublishDiagnosticsParams)
                .map(m -> (PublishDiagnosticsParams) ((NotificationMessage) m).getParams()).toList();
        assertEquals(300, published.size(), "one message per document, none dropped");
        assertTrue(published.stream().allMatch(p -> p.getVersion() == 2), "each the latest");
        assertTrue(written.stream().filter(m -> m instanceof NotificationMessage n && n.getParams() instanceof MessageParams)
                .count() <= 11, "log messages past the capacity are what is dropped");
    }

    @Test
    void finishingWaitsForTheFrameBeingWrittenAndTakesNothingNew() throws Exception {
        CountDownLatch headerWritten = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        List<String> frames = new CopyOnWriteArrayList<>();
        OutgoingMessages queue = new OutgoingMessages(message -> {
            // as LSP4J's stream writer does: the header, then (on a slow pipe, later) the body
            frames.add("header");
            headerWritten.countDown();
            try {
                unblock.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            frames.add("body " + ((MessageParams) ((NotificationMessage) message).getParams()).getMessage());
        }, 10);
        queue.consume(log("in flight"));
        queue.consume(log("queued"));
        assertTrue(headerWritten.await(10, TimeUnit.SECONDS));
        List<String> seenWhenFinished = new CopyOnWriteArrayList<>();
        Thread exiting = new Thread(() -> {
            queue.finish(Duration.ofSeconds(30));
            seenWhenFinished.addAll(frames);
        });
        exiting.start();
        // the body is let through only once the exit waits (or, were it not waiting, has already returned)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (exiting.getState() != Thread.State.TIMED_WAITING && exiting.getState() != Thread.State.TERMINATED) {
            assertTrue(System.nanoTime() < deadline, "the exit neither waited nor returned: " + exiting.getState());
            Thread.onSpinWait();
        }
        queue.consume(log("after the exit began"));
        unblock.countDown();
        exiting.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(List.of("header", "body in flight", "header", "body queued"), seenWhenFinished);
        assertEquals(0, queue.pending());
    }

    @Test
    void aClientThatDoesNotReadHoldsTheExitNoLongerThanTheTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        OutgoingMessages queue = new OutgoingMessages(stuckUntil(never, new CopyOnWriteArrayList<>()), 10);
        queue.consume(log("never written"));
        Thread exiting = new Thread(() -> queue.finish(Duration.ofMillis(200)));
        exiting.start();
        exiting.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(exiting.isAlive(), "the exit was held by a writer that never finishes");
        never.countDown();
    }

    /** A writer that blocks, as on a client that does not read, until {@code unblock} opens. */
    private static MessageConsumer stuckUntil(CountDownLatch unblock, List<Message> written) {
        return message -> {
            try {
                unblock.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(message);
        };
    }

    private static void awaitEmpty(OutgoingMessages queue) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, queue.pending());
    }

    private static NotificationMessage log(String text) {
        NotificationMessage m = new NotificationMessage();
        m.setMethod("window/logMessage");
        m.setParams(new MessageParams(MessageType.Info, text));
        return m;
    }

    private static NotificationMessage diagnostics(String uri, int version) {
        NotificationMessage m = new NotificationMessage();
        m.setMethod("textDocument/publishDiagnostics");
        m.setParams(new PublishDiagnosticsParams(uri, List.of(), version));
        return m;
    }
}
