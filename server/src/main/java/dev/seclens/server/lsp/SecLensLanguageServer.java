package dev.seclens.server.lsp;

import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.Analyzer;
import dev.seclens.server.IgnoreFiles;
import dev.seclens.server.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
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
    /** Quick fixes on a document with no finished analysis analyse it here, off the protocol thread. */
    private final ExecutorService codeActionThread;
    private final WorkspaceHandler workspace;
    private final AcceptFindingService acceptFinding;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private volatile boolean shutdownRequested;

    /**
     * @param coalesceDelay how long after a run the next one waits while edits stream in
     */
    public SecLensLanguageServer(Analyzer analyzer, Duration coalesceDelay) {
        this.ruleCount = analyzer.rules().size();
        int threads = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors() / 2));
        DocumentStore store = new DocumentStore();
        analyzer = analyzer.withIgnoreFiles(new LoggedIgnoreFiles(new IgnoreFiles(Path.of("")), log));
        this.diagnostics = new DiagnosticsService(store, analyzer, log, threads, coalesceDelay);
        this.codeActionThread = Executors.newSingleThreadExecutor(AnalysisThreads.factory("seclens-code-actions"));
        this.textDocuments = new TextDocumentHandler(diagnostics,
                new CodeActionService(store, analyzer, codeActionThread), new HoverService(store));
        this.acceptFinding = new AcceptFindingService(diagnostics, log);
        this.workspace = new WorkspaceHandler(acceptFinding);
    }

    public static SecLensLanguageServer withBuiltInRules() {
        return new SecLensLanguageServer(Analyzer.withBuiltInRules(), DEFAULT_COALESCE_DELAY);
    }

    @Override
    public void connect(LanguageClient client) {
        log.connect(client);
        diagnostics.connect(client);
        acceptFinding.connect(client);
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

    /** Only what is implemented: document sync for diagnostics, quick fixes, hover on findings. */
    static ServerCapabilities capabilities() {
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        sync.setSave(new SaveOptions(false));
        ServerCapabilities capabilities = new ServerCapabilities();
        capabilities.setTextDocumentSync(sync);
        capabilities.setPositionEncoding(PositionEncodingKind.UTF16);
        capabilities.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        capabilities.setHoverProvider(true);
        capabilities.setExecuteCommandProvider(new ExecuteCommandOptions(List.of(SuppressionActions.ACCEPT_COMMAND)));
        return capabilities;
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        stopWork();
        return CompletableFuture.completedFuture(null);
    }

    /** Exit code 0 after a shutdown request, 1 without one, as the protocol specifies. */
    @Override
    public void exit() {
        stopWork();
        exitCode.complete(shutdownRequested ? 0 : 1);
    }

    private void stopWork() {
        diagnostics.stop();
        codeActionThread.shutdownNow();
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
