package dev.seclens.server.lsp;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;

/**
 * Everything the server sends, queued and written by a thread of its own, so that no other
 * thread (the protocol thread above all) ever blocks on a client that is slow to read or does not
 * read at all. Nothing that matters is ever dropped: responses (one per request the client sent)
 * and the server's own requests always wait their turn, and diagnostics for a document replace
 * the ones still queued for it (only the newest matter), so a stalled client that resumes gets the
 * current state of every file; the queue holds at most one diagnostics message per document.
 * Only other notifications (log messages, progress) are dropped once {@link #capacity} messages
 * wait, and counted on stderr: a client that reads nothing loses those, not the server's memory.
 */
final class OutgoingMessages implements MessageConsumer {
    static final int DEFAULT_CAPACITY = 4096;
    private static final String PUBLISH_DIAGNOSTICS = "textDocument/publishDiagnostics";

    private final MessageConsumer writer;
    private final int capacity;
    private final PrintStream stderr = System.err;
    // Guarded by this.
    private final Deque<Object> queue = new ArrayDeque<>();
    /** Diagnostics still queued, by URI; the queue holds the URI's {@link Slot}, not the message. */
    private final Map<String, Slot> queuedDiagnostics = new HashMap<>();
    private long dropped;
    private boolean closed;

    /** A place in the queue whose message newer diagnostics for the same document may replace. */
    private static final class Slot {
        Message message;
        final String uri;

        Slot(Message message, String uri) {
            this.message = message;
            this.uri = uri;
        }
    }

    OutgoingMessages(MessageConsumer writer, int capacity) {
        this.writer = writer;
        this.capacity = capacity;
        Thread thread = new Thread(this::drain, "seclens-output");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void consume(Message message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            String uri = diagnosticsUri(message);
            Slot queued = uri == null ? null : queuedDiagnostics.get(uri);
            if (queued != null) {
                queued.message = message;
                return;
            }
            if (queue.size() >= capacity && uri == null && message instanceof NotificationMessage) {
                if (dropped++ % 1000 == 0) {
                    stderr.println("[seclens] WARNING the client is not reading; " + dropped
                            + " outgoing message(s) dropped so far");
                }
                return;
            }
            if (uri != null) {
                Slot slot = new Slot(message, uri);
                queuedDiagnostics.put(uri, slot);
                queue.add(slot);
            } else {
                queue.add(message);
            }
            notifyAll();
        }
    }

    /** How many messages wait to be written. */
    synchronized int pending() {
        return queue.size();
    }

    private void drain() {
        while (true) {
            Message next;
            synchronized (this) {
                while (queue.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                Object head = queue.poll();
                if (head instanceof Slot slot) {
                    queuedDiagnostics.remove(slot.uri);
                    next = slot.message;
                } else {
                    next = (Message) head;
                }
            }
            try {
                writer.consume(next);
            } catch (Error e) {
                // this one message is lost (an OutOfMemoryError serialising it); the thread lives on for the rest
                stderr.println("[seclens] ERROR an outgoing message could not be written: " + e);
                continue;
            } catch (RuntimeException e) {
                // the client's end is closed: nothing more can be delivered
                synchronized (this) {
                    closed = true;
                    queue.clear();
                    queuedDiagnostics.clear();
                }
                stderr.println("[seclens] writing to the client failed, output stopped: " + e);
                return;
            }
        }
    }

    private static String diagnosticsUri(Message message) {
        if (message instanceof NotificationMessage notification
                && PUBLISH_DIAGNOSTICS.equals(notification.getMethod())
                && notification.getParams() instanceof PublishDiagnosticsParams params) {
            return params.getUri();
        }
        return null;
    }
}
