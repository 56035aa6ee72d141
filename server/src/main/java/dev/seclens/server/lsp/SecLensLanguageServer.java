package dev.seclens.server.lsp;

import dev.seclens.rules.Analyzer;
import dev.seclens.server.Version;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PositionEncodingKind;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/** The SecLens language server: lifecycle and capabilities; the documents are the handlers' business. */
public final class SecLensLanguageServer implements LanguageServer, LanguageClientAware {
    /** Long enough to merge a burst of keystrokes, short enough to go unnoticed. */
    public static final Duration DEFAULT_COALESCE_DELAY = Duration.ofMillis(30);

    private final ServerLog log = new ServerLog();
    private final int ruleCount;
    private final DiagnosticsService diagnostics;
    private final TextDocumentHandler textDocuments;
    private final WorkspaceHandler workspace = new WorkspaceHandler();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private volatile boolean shutdownRequested;

    /**
     * @param coalesceDelay how long after a run the next one waits while edits stream in
     */
    public SecLensLanguageServer(Analyzer analyzer, Duration coalesceDelay) {
        this.ruleCount = analyzer.rules().size();
        int threads = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors() / 2));
        this.diagnostics = new DiagnosticsService(analyzer, log, threads, coalesceDelay);
        this.textDocuments = new TextDocumentHandler(diagnostics);
    }

    public static SecLensLanguageServer withBuiltInRules() {
        return new SecLensLanguageServer(Analyzer.withBuiltInRules(), DEFAULT_COALESCE_DELAY);
    }

    @Override
    public void connect(LanguageClient client) {
        log.connect(client);
        diagnostics.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        return CompletableFuture.completedFuture(
                new InitializeResult(capabilities(), new ServerInfo("seclens", Version.current())));
    }

    /** Says which server and rules the editor talks to, in its log, where users look first. */
    @Override
    public void initialized(InitializedParams params) {
        log.info("SecLens " + Version.current() + " ready with " + ruleCount + " rules");
    }

    /** Only what is implemented: document sync, which is all diagnostics need. */
    static ServerCapabilities capabilities() {
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        sync.setSave(new SaveOptions(false));
        ServerCapabilities capabilities = new ServerCapabilities();
        capabilities.setTextDocumentSync(sync);
        capabilities.setPositionEncoding(PositionEncodingKind.UTF16);
        return capabilities;
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        diagnostics.stop();
        return CompletableFuture.completedFuture(null);
    }

    /** Exit code 0 after a shutdown request, 1 without one, as the protocol specifies. */
    @Override
    public void exit() {
        diagnostics.stop();
        exitCode.complete(shutdownRequested ? 0 : 1);
    }

    /** The client closed its end without exit (eglot may): the same as exit. */
    void inputEnded() {
        exit();
    }

    /** Completes with the process exit code on exit or at the end of input. */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return textDocuments;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }
}
