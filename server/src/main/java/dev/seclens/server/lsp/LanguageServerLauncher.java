package dev.seclens.server.lsp;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/** Connects a {@link SecLensLanguageServer} to a client over a pair of streams. */
public final class LanguageServerLauncher {
    private LanguageServerLauncher() {
    }

    /**
     * {@code seclens lsp}: serves the client on stdin/stdout until exit or end of input, and returns
     * the process exit code. stdout carries only protocol messages: System.out is pointed at stderr
     * first, so a stray print anywhere cannot corrupt the stream.
     */
    public static int runOnStdio() {
        InputStream in = System.in;
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        return start(SecLensLanguageServer.withBuiltInRules(), in, out).join();
    }

    /**
     * {@code seclens lsp --socket PORT}: listens on the loopback interface only (never on an address
     * other machines can reach), serves the first client that connects, and returns the exit code.
     * Port 0 picks a free port; the port is announced on stderr either way.
     */
    public static int runOnSocket(int port, PrintStream err) {
        System.setOut(System.err);
        try (ServerSocket listener = bindLoopback(port)) {
            err.println("seclens: listening on " + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort());
            err.flush();
            Socket client = listener.accept();
            // one client: closing the listener now refuses a second one at once instead of leaving it queued
            listener.close();
            try (client) {
                return start(SecLensLanguageServer.withBuiltInRules(), client.getInputStream(), client.getOutputStream()).join();
            }
        } catch (IOException e) {
            err.println("seclens lsp: cannot listen on port " + port + ": " + e.getMessage());
            return 2;
        }
    }

    /** A server socket on the loopback address, whatever the machine's other interfaces. */
    static ServerSocket bindLoopback(int port) throws IOException {
        return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    }

    /** How long the exit waits for queued messages to reach a client that is slow to read. */
    private static final Duration OUTPUT_AT_EXIT = Duration.ofSeconds(2);

    /** Starts serving on a background thread; the result completes with the exit code. */
    public static CompletableFuture<Integer> start(SecLensLanguageServer server, InputStream in, OutputStream out) {
        ProtocolGuard guard = new ProtocolGuard(OutgoingMessages.DEFAULT_CAPACITY);
        Launcher<LanguageClient> launcher = new ResynchronisingBuilder(guard)
                .setLocalService(server)
                .setRemoteInterface(LanguageClient.class)
                .setInput(in)
                .setOutput(out)
                .wrapMessages(guard.wrapper())
                .create();
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        Thread watcher = new Thread(() -> {
            awaitQuietly(listening);
            server.inputEnded();
        }, "seclens-input-end");
        watcher.setDaemon(true);
        watcher.start();
        return server.exitCode().thenApply(code -> {
            guard.finishOutput(OUTPUT_AT_EXIT);
            return code;
        });
    }

    /** LSP4J's launcher with {@link FramedMessageReader} in place of its own reader. */
    private static final class ResynchronisingBuilder extends LSPLauncher.Builder<LanguageClient> {
        private final ProtocolGuard guard;
        private MessageJsonHandler jsonHandler;
        private RemoteEndpoint endpoint;

        ResynchronisingBuilder(ProtocolGuard guard) {
            this.guard = guard;
        }

        @Override
        protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler handler) {
            jsonHandler = handler;
            guard.knownMethods(getSupportedMethods().keySet());
            endpoint = super.createRemoteEndpoint(handler);
            return endpoint;
        }

        @Override
        protected ConcurrentMessageProcessor createMessageProcessor(MessageProducer lsp4jReader, MessageConsumer consumer,
                                                                    LanguageClient proxy) {
            return super.createMessageProcessor(new FramedMessageReader(input, jsonHandler, endpoint, guard::answer),
                    consumer, proxy);
        }
    }

    private static void awaitQuietly(Future<Void> listening) {
        try {
            listening.get();
        } catch (ExecutionException e) {
            System.err.println("[seclens] reading the client's messages failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
