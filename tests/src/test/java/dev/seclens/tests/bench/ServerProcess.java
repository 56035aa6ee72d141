package dev.seclens.tests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import dev.seclens.tests.lsp.RecordingClient;
import org.eclipse.lsp4j.services.LanguageServer;

/** The packaged server as an editor sees it: a child process spoken to over its stdin and stdout. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final LanguageServer server;
    private final RecordingClient client = new RecordingClient();
    private final double initializeMillis;

    private ServerProcess(Path stderr) throws Exception {
        long start = System.nanoTime();
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions());
        command.addAll(List.of("-jar", jar(), "lsp"));
        process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client,
                process.getInputStream(), process.getOutputStream());
        launcher.startListening();
        server = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        init.setCapabilities(new ClientCapabilities());
        server.initialize(init).get(60, TimeUnit.SECONDS);
        initializeMillis = (System.nanoTime() - start) / 1e6;
        server.initialized(new InitializedParams());
    }

    static ServerProcess start(Path temp) throws Exception {
        return new ServerProcess(Files.createTempFile(temp, "server", ".log"));
    }

    static String jar() {
        return System.getProperty("seclens.jar", "../server/target/seclens.jar");
    }

    /**
     * The JVM options every launcher starts the server with ({@code server/lsp-jvm.options}), so that
     * the figures are the ones a user's editor gets, heap limit and collector included.
     */
    private static List<String> jvmOptions() throws IOException {
        Path options = Path.of(System.getProperty("seclens.lspJvmOptions", "../server/lsp-jvm.options"));
        return List.of(Files.readString(options).trim().split("\\s+"));
    }

    double initializeMillis() {
        return initializeMillis;
    }

    /**
     * Opens the text, then makes {@code warmUp + edits} edits one after another, each flipping a
     * digest algorithm between "MD5" and "SHA-256" so every edit changes the diagnostics, and
     * returns, for every edit in order (the first ones right after opening, JIT still cold), the
     * nanoseconds from sending each change to receiving the diagnostics for its version.
     */
    long[] editLoop(String text, int warmUp, int edits) throws Exception {
        String uri = "file:///bench/Big.java";
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                new TextDocumentItem(uri, "java", 1, text)));
        awaitVersion(1);
        List<String> lines = text.lines().toList();
        int line = -1;
        for (int i = 0; i < lines.size() && line < 0; i++) {
            if (lines.get(i).contains("String algorithm = \"")) line = i;
        }
        int column = lines.get(line).indexOf('"');
        String current = lines.get(line).substring(column, lines.get(line).indexOf(';'));
        long[] latencies = new long[warmUp + edits];
        for (int i = 0; i < warmUp + edits; i++) {
            int version = i + 2;
            String next = current.equals("\"MD5\"") ? "\"SHA-256\"" : "\"MD5\"";
            TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(
                    new Range(new Position(line, column), new Position(line, column + current.length())), next);
            long start = System.nanoTime();
            server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, version), List.of(change)));
            awaitVersion(version);
            latencies[i] = System.nanoTime() - start;
            current = next;
        }
        return latencies;
    }

    private void awaitVersion(int version) throws InterruptedException {
        while (true) {
            PublishDiagnosticsParams p = client.diagnostics.poll(60, TimeUnit.SECONDS);
            if (p == null) {
                throw new IllegalStateException("no diagnostics for version " + version);
            }
            if (p.getVersion() != null && p.getVersion() >= version) {
                return;
            }
        }
    }

    /** Peak resident memory of the server process, from /proc (Linux). */
    long peakRssKib() throws IOException {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
    }

    @Override
    public void close() throws Exception {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
            server.exit();
            process.waitFor(10, TimeUnit.SECONDS);
        } finally {
            process.destroyForcibly();
        }
    }
}
