package dev.seclens.server.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Rule;
import dev.seclens.server.IgnoreFiles;
import dev.seclens.server.WorkspaceFiles;
import dev.seclens.server.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.DiagnosticRegistrationOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PositionEncodingKind;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/** The SecLens language server: lifecycle and capabilities; the documents are the handlers' business. */
public final class SecLensLanguageServer implements LanguageServer, LanguageClientAware {
    /** Long enough to merge a burst of keystrokes, short enough to go unnoticed. */
    public static final Duration DEFAULT_COALESCE_DELAY = Duration.ofMillis(30);
    /** Per-file analysis time limit while typing, unless .seclens.json or the settings say otherwise. */
    public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(5);
    /** Largest document analysed while typing, unless .seclens.json or the settings say otherwise. */
    public static final long DEFAULT_MAX_FILE_SIZE = 2L << 20;
    /** The most analysis threads the {@code analysisThreads} setting may ask for. */
    static final int MAX_ANALYSIS_THREADS = 16;

    private final ServerLog log = new ServerLog();
    private final int ruleCount;
    private final DiagnosticsService diagnostics;
    private final TextDocumentHandler textDocuments;
    private final FixResolution fixes;
    /** Quick fixes on a document with no finished analysis analyse it here, off the protocol thread. */
    private final ExecutorService codeActionThread;
    private final WorkspaceHandler workspace;
    private final WorkspaceScan workspaceScan;
    private final ConfigurationService configuration;
    private final AcceptFindingService acceptFinding;
    private final DisableRuleService disableRule;
    private final RuleDocCommand ruleDocs;
    private final ProjectFileEdits projectFileEdits = new ProjectFileEdits();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private volatile boolean shutdownRequested;
    /** Where rules may read the project's .properties files: the workspace folders, known at initialize. */
    private final List<Path> workspaceFolders = new CopyOnWriteArrayList<>();

    /**
     * @param coalesceDelay how long after a run the next one waits while edits stream in
     */
    public SecLensLanguageServer(Analyzer analyzer, Duration coalesceDelay) {
        this.ruleCount = analyzer.rules().size();
        int threads = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors() / 2));
        DocumentStore store = new DocumentStore();
        if (analyzer.timeBudget().isEmpty()) {
            analyzer = analyzer.withTimeBudget(DEFAULT_TIME_BUDGET);
        }
        if (analyzer.maxFileSize().isEmpty()) {
            analyzer = analyzer.withMaxFileSize(DEFAULT_MAX_FILE_SIZE);
        }
        IgnoreFiles ignoreFiles = new IgnoreFiles(Path.of(""), workspaceFolders);
        analyzer = analyzer.withIgnoreFiles(new LoggedIgnoreFiles(ignoreFiles, log));
        analyzer = analyzer.withProjectFiles(new WorkspaceFiles(Path.of(""), workspaceFolders));
        CrossFileFlows crossFile = new CrossFileFlows(store);
        this.configuration = new ConfigurationService(analyzer, log, crossFile::table);
        this.diagnostics = new DiagnosticsService(store, configuration::analyzerFor, log, threads, coalesceDelay);
        diagnostics.onAnalysed((document, analysis) -> configuration.analyzerFor(document).ifPresent(a ->
                analysis.unit().ifPresent(unit ->
                        crossFile.afterAnalysis(a, document.file().path(), document.file().text(), unit))));
        crossFile.onDependentChanged(diagnostics::reanalyse);
        diagnostics.onOpenOrSave(() -> {
            // clients that cannot watch files: what changed on disk shows on the next open or save
            configuration.recheckFiles();
            if (ignoreFiles.changedOnDisk()) {
                ignoreFilesChanged();
            }
        });
        this.codeActionThread = Executors.newSingleThreadExecutor(AnalysisThreads.factory("seclens-code-actions"));
        // a document whose syntax tree was let go is analysed again as its diagnostics were: configured
        Analyzer base = analyzer;
        Function<TextDocument, Analyzer> analyzers = document -> configuration.analyzerFor(document).orElse(base);
        this.fixes = new FixResolution(store, analyzers, codeActionThread);
        this.disableRule = new DisableRuleService(workspaceFolders, projectFileEdits, configuration::recheckFiles, log);
        this.ruleDocs = new RuleDocCommand(analyzer.rules().stream().map(Rule::metadata).toList());
        this.textDocuments = new TextDocumentHandler(diagnostics,
                new CodeActionService(store, analyzers, codeActionThread, fixes,
                        uri -> disableRule.configurationFile(uri).isPresent()),
                new HoverService(store), fixes);
        this.workspaceScan = new WorkspaceScan(diagnostics, configuration::analyzerFor, crossFile, log);
        // a mapper XML file edited in the editor: its callers are judged against the unsaved text
        diagnostics.onUnanalysedText(workspaceScan::mapperEdited);
        configuration.onChange(enabled -> {
            diagnostics.configurationChanged(enabled);
            workspaceScan.projectChanged();
        });
        configuration.onIgnoreFilesChange(this::ignoreFilesChanged);
        this.acceptFinding = new AcceptFindingService(ignoreFiles, workspaceFolders, projectFileEdits,
                this::ignoreFilesChanged, log);
        this.workspace = new WorkspaceHandler(commands(), diagnostics.pulls(), configuration, workspaceScan);
    }

    /** Accepted findings changed: open documents are analysed again, closed ones rescanned. */
    private void ignoreFilesChanged() {
        diagnostics.reanalyseAll();
        workspaceScan.projectChanged();
    }

    /** workspace/executeCommand: every command, by name; executeCommandProvider advertises these. */
    private Map<String, Function<List<Object>, CompletableFuture<Object>>> commands() {
        Map<String, Function<List<Object>, CompletableFuture<Object>>> commands = new LinkedHashMap<>();
        commands.put(WorkspaceScan.COMMAND, arguments -> workspaceScan.start());
        commands.put(SuppressionActions.ACCEPT_COMMAND, acceptFinding::execute);
        commands.put(DisableRuleService.COMMAND, disableRule::execute);
        commands.put(RuleDocCommand.COMMAND, ruleDocs::execute);
        return Collections.unmodifiableMap(commands);
    }

    public static SecLensLanguageServer withBuiltInRules() {
        return new SecLensLanguageServer(Analyzer.withBuiltInRules(), DEFAULT_COALESCE_DELAY);
    }

    @Override
    public void connect(LanguageClient client) {
        log.connect(client);
        diagnostics.connect(client);
        workspaceScan.connect(client);
        configuration.connect(client);
        acceptFinding.connect(client);
        projectFileEdits.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        configuration.initialize(params);
        workspaceFolders.addAll(ConfigurationService.roots(params));
        fixes.clientResolvesEdits(resolvesEdits(params.getCapabilities()));
        projectFileEdits.configure(params.getCapabilities());
        ClientCapabilities offered = params.getCapabilities() != null ? params.getCapabilities() : new ClientCapabilities();
        // Pull when the client can, push otherwise; never both.
        boolean pull = offered.getTextDocument() != null && offered.getTextDocument().getDiagnostic() != null;
        diagnostics.usePull(pull);
        workspaceScan.configure(params);
        analysisThreads(params.getInitializationOptions(), log).ifPresent(diagnostics::analysisThreads);
        ServerCapabilities capabilities = capabilities();
        capabilities.setExecuteCommandProvider(new ExecuteCommandOptions(workspace.commandNames()));
        if (pull) {
            DiagnosticRegistrationOptions pullOptions = new DiagnosticRegistrationOptions(false, true);
            pullOptions.setIdentifier("seclens");
            capabilities.setDiagnosticProvider(pullOptions);
        }
        return CompletableFuture.completedFuture(new InitializeResult(capabilities, new ServerInfo("seclens", Version.current())));
    }

    /** Says which server and rules the editor talks to, in its log, where users look first. */
    @Override
    public void initialized(InitializedParams params) {
        log.info("SecLens " + Version.current() + " ready with " + ruleCount + " rules");
        configuration.initialized();
        workspaceScan.startIfEnabled();
    }

    /** The client cancelled a progress: the workspace scan's, when the token is its. */
    @Override
    public void cancelProgress(WorkDoneProgressCancelParams params) {
        if (params.getToken() != null && params.getToken().isLeft()) {
            workspaceScan.cancel(params.getToken().getLeft());
        }
    }

    /**
     * {@code analysisThreads} (1 to {@value #MAX_ANALYSIS_THREADS}) from initializationOptions, in the
     * {@code seclens} section or at the top: the pool is sized once, when the server starts.
     */
    static OptionalInt analysisThreads(Object options, ServerLog log) {
        if (!(options instanceof JsonObject object)) {
            return OptionalInt.empty();
        }
        if (object.get("seclens") instanceof JsonObject section) {
            object = section;
        }
        JsonElement value = object.get("analysisThreads");
        if (value instanceof JsonPrimitive p && p.isNumber()) {
            double n = p.getAsDouble();
            if (n == Math.rint(n) && n >= 1 && n <= MAX_ANALYSIS_THREADS) {
                return OptionalInt.of((int) n);
            }
        }
        if (value != null) {
            log.warn("seclens.analysisThreads must be a whole number from 1 to " + MAX_ANALYSIS_THREADS + "; ignored");
        }
        return OptionalInt.empty();
    }

    /** Whether the client can fill in a code action's {@code edit} through {@code codeAction/resolve}. */
    private static boolean resolvesEdits(ClientCapabilities capabilities) {
        return Optional.ofNullable(capabilities)
                .map(ClientCapabilities::getTextDocument)
                .map(TextDocumentClientCapabilities::getCodeAction)
                .map(CodeActionCapabilities::getResolveSupport)
                .map(CodeActionResolveSupportCapabilities::getProperties)
                .filter(properties -> properties.contains("edit"))
                .isPresent();
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
        CodeActionOptions codeActions = new CodeActionOptions(List.of(CodeActionKind.QuickFix));
        codeActions.setResolveProvider(true);
        capabilities.setCodeActionProvider(codeActions);
        capabilities.setHoverProvider(true);
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
        workspaceScan.stop();
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
