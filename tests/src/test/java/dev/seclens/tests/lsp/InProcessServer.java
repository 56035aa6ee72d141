package dev.seclens.tests.lsp;

import dev.seclens.rules.Analyzer;
import dev.seclens.server.lsp.LanguageServerLauncher;
import dev.seclens.server.lsp.SecLensLanguageServer;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A SecLens language server in this JVM, with the test rule, talked to through LSP4J's client
 * launcher over pipes: every message goes through the real JSON-RPC framing both ways.
 */
final class InProcessServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final RecordingClient client;
    final LanguageServer server;
    final CompletableFuture<Integer> exitCode;
    private final PipedOutputStream toServer;
    private final PipedOutputStream toClient;

    InProcessServer() throws IOException {
        this(new Analyzer(List.of(new Md5TestRule())));
    }

    InProcessServer(Analyzer analyzer) throws IOException {
        this(analyzer, new RecordingClient());
    }

    InProcessServer(Analyzer analyzer, RecordingClient client) throws IOException {
        this.client = client;
        PipedInputStream serverIn = new PipedInputStream(1 << 20);
        toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 20);
        toClient = new PipedOutputStream(clientIn);
        exitCode = LanguageServerLauncher.start(new SecLensLanguageServer(analyzer, Duration.ofMillis(10)),
                serverIn, toClient);
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, clientIn, toServer);
        launcher.startListening();
        server = launcher.getRemoteProxy();
    }

    InitializeResult initialize() throws Exception {
        return initialize(new ClientCapabilities());
    }

    InitializeResult initialize(ClientCapabilities capabilities) throws Exception {
        InitializeParams params = new InitializeParams();
        params.setCapabilities(capabilities);
        return initialize(params);
    }

    InitializeResult initialize(InitializeParams params) throws Exception {
        InitializeResult result = server.initialize(params).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
        return result;
    }

    void open(String uri, int version, String text) {
        open(uri, "java", version, text);
    }

    void open(String uri, String languageId, int version, String text) {
        server.getTextDocumentService().didOpen(
                new DidOpenTextDocumentParams(new TextDocumentItem(uri, languageId, version, text)));
    }

    void change(String uri, int version, TextDocumentContentChangeEvent... changes) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(changes)));
    }

    void close(String uri) {
        server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    }

    static TextDocumentContentChangeEvent edit(int startLine, int startChar, int endLine, int endChar, String text) {
        return new TextDocumentContentChangeEvent(
                new Range(new Position(startLine, startChar), new Position(endLine, endChar)), text);
    }

    /** The first diagnostics published for {@code uri} that match, skipping others. */
    PublishDiagnosticsParams awaitDiagnostics(String uri, Predicate<PublishDiagnosticsParams> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            PublishDiagnosticsParams next = client.diagnostics.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no matching diagnostics for " + uri + " within " + TIMEOUT);
            }
            if (next.getUri().equals(uri) && wanted.test(next)) {
                return next;
            }
        }
    }

    /**
     * Waits until each of the files has had diagnostics published that match its predicate, in
     * whatever order they come (a workspace scan may publish a closed file before an open one's
     * analysis ends); others are skipped.
     */
    void awaitEach(Map<String, Predicate<PublishDiagnosticsParams>> wanted) throws InterruptedException {
        Map<String, Predicate<PublishDiagnosticsParams>> waiting = new java.util.HashMap<>(wanted);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            PublishDiagnosticsParams next = client.diagnostics.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no matching diagnostics for " + waiting.keySet() + " within " + TIMEOUT);
            }
            Predicate<PublishDiagnosticsParams> predicate = waiting.get(next.getUri());
            if (predicate != null && predicate.test(next)) {
                waiting.remove(next.getUri());
            }
        }
    }

    PublishDiagnosticsParams awaitVersion(String uri, int version) throws InterruptedException {
        return awaitDiagnostics(uri, p -> p.getVersion() != null && p.getVersion() == version);
    }

    @Override
    public void close() throws IOException {
        toServer.close();
        toClient.close();
    }
}
