package dev.seclens.server.lsp;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    /** Set by {@link #finish}: nothing more is taken, what is queued still goes out. */
    private boolean finishing;
    /** A message is being written: the process must not end in the middle of its frame. */
    private boolean writing;

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
            if (closed || finishing) {
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

    /**
     * Stops taking messages and waits, at most {@code timeout}, until everything queued has been
     * written. Called before the process exits: ending it while the writer thread is between a
     * frame's header and its body would leave the client a frame without a body. A client that
     * does not read cannot hold the exit longer than the timeout.
     */
    synchronized void finish(Duration timeout) {
        finishing = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((writing || !queue.isEmpty()) && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                stderr.println("[seclens] exiting with " + queue.size() + " outgoing message(s) unwritten: the client is not reading");
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
                writing = true;
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
                written();
            } catch (Error e) {
                written();
                // this one message is lost (an OutOfMemoryError serialising it); the thread lives on for the rest
                stderr.println("[seclens] ERROR an outgoing message could not be written: " + e);
                continue;
            } catch (RuntimeException e) {
                // the client's end is closed: nothing more can be delivered
                synchronized (this) {
                    closed = true;
                    writing = false;
                    queue.clear();
                    queuedDiagnostics.clear();
                    notifyAll();
                }
                stderr.println("[seclens] writing to the client failed, output stopped: " + e);
                return;
            }
        }
    }

    private synchronized void written() {
        writing = false;
        notifyAll();
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
