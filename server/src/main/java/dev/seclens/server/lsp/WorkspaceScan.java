package dev.seclens.server.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.seclens.rules.Analysis;
import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.server.workspace.GeneratedSources;
import dev.seclens.server.workspace.JavaFiles;
import dev.seclens.rules.taint.MapperXml;
import dev.seclens.server.workspace.MapperFiles;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Analyses every Java file in the workspace folders in the background, for diagnostics on files
 * that are not open, with work-done progress the client can cancel.
 *
 * <p>It stays off the path of open-document latency: one thread of its own, which before each
 * file waits until no open document is being analysed. Only diagnostics are kept
 * ({@link ScannedFiles}), never syntax trees. The same thread re-analyses a file from disk when its
 * document is closed, ahead of the remaining scan, so that its diagnostics turn into the saved
 * file's.
 */
final class WorkspaceScan {
    static final String COMMAND = "seclens.scanWorkspace";
    static final String TITLE = "SecLens: scanning the workspace";
    /** Larger sources are generated code, not worth seconds of a background thread. */
    static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    /** One scan; cancelled by the client's progress cancel, a new scan, or shutdown. */
    private static final class Run {
        final String token;
        /** Completes with a one-line summary. */
        final CompletableFuture<Object> done = new CompletableFuture<>();
        volatile boolean cancelled;

        Run(String token) {
            this.token = token;
        }
    }

    private final DiagnosticsService diagnostics;
    /** The configured analyzer for a file; empty when SecLens is off or the file is excluded. */
    private final Function<Path, Optional<Analyzer>> analyzers;
    private final ServerLog log;
    private static final String SCAN_TURNED_OFF = "the workspace scan is off (seclens.workspaceScan: false): only open files are analysed;"
            + " the SecLens: Scan Workspace command scans the rest";
    private final CrossFileFlows crossFile;
    private final ExecutorService thread;
    /** URIs of documents just closed, to re-analyse from disk before anything else. */
    private final Queue<String> closed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger runs = new AtomicInteger();
    private volatile List<Path> folders = List.of();
    private volatile LanguageClient client;
    private volatile boolean progressSupported;
    private volatile boolean refreshSupported;
    private volatile boolean configurationSupported;
    private volatile boolean watchingSupported;
    private volatile Optional<Boolean> initialSetting = Optional.empty();
    /** On once a scan was started (by the setting or the command): closed files then return to their disk analysis. */
    private volatile boolean enabled;
    private volatile Run current;

    WorkspaceScan(DiagnosticsService diagnostics, Function<Path, Optional<Analyzer>> analyzers, ServerLog log) {
        this(diagnostics, analyzers, null, log);
    }

    /** @param crossFile where the scan first summarises every file, for flows across files; null for none */
    WorkspaceScan(DiagnosticsService diagnostics, Function<Path, Optional<Analyzer>> analyzers, CrossFileFlows crossFile,
                  ServerLog log) {
        this.crossFile = crossFile;
        this.diagnostics = diagnostics;
        this.analyzers = analyzers;
        this.log = log;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = AnalysisThreads.factory("seclens-workspace-scan").newThread(task);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        diagnostics.reanalyseOnClose(this::reanalyseClosed);
    }

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    /** From initialize: the folders, what the client supports, the setting if it came along. */
    void configure(InitializeParams params) {
        ClientCapabilities offered = params.getCapabilities() != null ? params.getCapabilities() : new ClientCapabilities();
        WorkspaceClientCapabilities workspace = offered.getWorkspace();
        this.folders = folders(params);
        this.progressSupported = offered.getWindow() != null && Boolean.TRUE.equals(offered.getWindow().getWorkDoneProgress());
        this.refreshSupported = workspace != null && workspace.getDiagnostics() != null
                && Boolean.TRUE.equals(workspace.getDiagnostics().getRefreshSupport());
        this.configurationSupported = workspace != null && Boolean.TRUE.equals(workspace.getConfiguration());
        this.watchingSupported = workspace != null && workspace.getDidChangeWatchedFiles() != null
                && Boolean.TRUE.equals(workspace.getDidChangeWatchedFiles().getDynamicRegistration());
        this.initialSetting = setting(params.getInitializationOptions());
    }

    /**
     * On initialized: scans if {@code seclens.workspaceScan} (default on) says so, read from
     * initializationOptions, else from the {@code seclens} section of workspace/configuration,
     * asked without holding up the protocol thread.
     */
    void startIfEnabled() {
        LanguageClient c = client;
        if (folders.isEmpty()) {
            return;
        }
        watchMapperFiles(c);
        if (initialSetting.isPresent() || !configurationSupported || c == null) {
            startUnlessTurnedOff(initialSetting);
            return;
        }
        ConfigurationItem section = new ConfigurationItem();
        section.setSection("seclens");
        c.configuration(new ConfigurationParams(List.of(section)))
                .orTimeout(5, TimeUnit.SECONDS)
                .handle((values, error) -> error != null || values == null || values.isEmpty()
                        ? Optional.<Boolean>empty()
                        : setting(values.get(0)))
                .thenAccept(this::startUnlessTurnedOff);
    }

    /** Starts the scan unless the setting turned it off, which the log says: an empty Problems list is then no verdict. */
    private void startUnlessTurnedOff(Optional<Boolean> setting) {
        if (setting.orElse(true)) {
            start();
        } else {
            log.info(SCAN_TURNED_OFF);
        }
    }

    /**
     * Scans the workspace again, cancelling a scan under way; completes with a one-line summary.
     * Cancelling the future (the command's request) cancels the scan.
     */
    CompletableFuture<Object> start() {
        enabled = true;
        Run run = new Run("seclens/workspaceScan/" + runs.incrementAndGet());
        Run previous = current;
        current = run;
        if (previous != null) {
            previous.cancelled = true;
        }
        run.done.whenComplete((summary, error) -> {
            if (error != null) {
                run.cancelled = true;
            }
        });
        try {
            thread.execute(() -> scan(run));
        } catch (RejectedExecutionException e) {
            run.done.complete("the server is shutting down");
        }
        return run.done;
    }

    /**
     * The configuration or the accepted findings changed: a pull client is asked to pull its open
     * documents again now, and the closed files are scanned again if the workspace scan is on.
     */
    void projectChanged() {
        refreshPullClient();
        if (enabled) {
            start();
        }
    }

    /**
     * Asks the client to say when XML files change on disk: a MyBatis mapper file edited, added or
     * deleted changes what its interface's callers do ({@link #filesChanged}).
     */
    private void watchMapperFiles(LanguageClient c) {
        if (c == null || !watchingSupported) {
            return;
        }
        FileSystemWatcher xml = new FileSystemWatcher(org.eclipse.lsp4j.jsonrpc.messages.Either.forLeft("**/*.xml"));
        Registration registration = new Registration("seclens-mapper-files", "workspace/didChangeWatchedFiles",
                new DidChangeWatchedFilesRegistrationOptions(List.of(xml)));
        c.registerCapability(new RegistrationParams(List.of(registration))).whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("the client refused to watch MyBatis mapper XML files: " + error);
            }
        });
    }

    /**
     * workspace/didChangeWatchedFiles: a mapper XML file inside a workspace folder that changed,
     * appeared or went away is read again (on the scan's thread) and the files whose flows pass
     * through its statements are analysed again, open ones at once, closed ones from disk when the
     * workspace scan is on. Other XML files are left alone, after reading the start of each.
     */
    void filesChanged(List<FileEvent> events) {
        for (FileEvent event : events) {
            Optional<Path> file = inFolders(event.getUri()).filter(MapperFiles::isCandidate);
            if (file.isEmpty() || crossFile == null) {
                continue;
            }
            try {
                thread.execute(() -> mapperChanged(file.get()));
            } catch (RejectedExecutionException e) {
                return; // shutting down
            }
        }
    }

    /**
     * A mapper XML file's text in the editor changed (opened, edited, closed): read again, as
     * {@link #filesChanged} does, from its open document (unsaved edits included) or, once closed,
     * from disk, so the Java code calling its statements is judged against what the editor shows.
     */
    void mapperEdited(String path) {
        Optional<Path> file = inFolders(Path.of(path).toUri().toString()).filter(MapperFiles::isCandidate);
        if (file.isEmpty() || crossFile == null) {
            return;
        }
        try {
            thread.execute(() -> mapperChanged(file.get()));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void mapperChanged(Path file) {
        Optional<Analyzer> analyzer = analyzers.apply(file);
        String path = file.toString();
        // a file that is not a mapper now (in the editor, or else on disk) matters only if it was one before
        boolean mapper = crossFile.text(path).map(t -> MapperXml.isMapper(t.substring(0, Math.min(t.length(), MapperXml.HEAD_CHARS))))
                .orElse(false);
        if (analyzer.isEmpty() || !mapper && !crossFile.knows(analyzer.get(), path)) {
            return;
        }
        for (String affected : crossFile.mapperChanged(analyzer.get(), path)) {
            if (enabled && !diagnostics.isOpen(affected)) {
                closed.add(Path.of(affected).toUri().toString());
            }
        }
        drainClosed();
    }

    /** {@code window/workDoneProgress/cancel}: stops the scan that reports under {@code token}. */
    void cancel(String token) {
        Run run = current;
        if (run != null && run.token.equals(token)) {
            run.cancelled = true;
        }
    }

    void stop() {
        Run run = current;
        if (run != null) {
            run.cancelled = true;
        }
        thread.shutdownNow();
    }

    /** The workspace folders, else the root URI, else the root path; only {@code file:} ones. */
    @SuppressWarnings("deprecation") // rootUri and rootPath: older clients send only those
    static List<Path> folders(InitializeParams params) {
        List<String> uris = new ArrayList<>();
        if (params.getWorkspaceFolders() != null && !params.getWorkspaceFolders().isEmpty()) {
            params.getWorkspaceFolders().forEach(folder -> uris.add(folder.getUri()));
        } else if (params.getRootUri() != null) {
            uris.add(params.getRootUri());
        } else if (params.getRootPath() != null) {
            try {
                uris.add(Path.of(params.getRootPath()).toUri().toString());
            } catch (RuntimeException e) {
                // not a path here
            }
        }
        List<Path> folders = new ArrayList<>();
        for (String uri : uris) {
            try {
                URI parsed = URI.create(uri);
                if ("file".equalsIgnoreCase(parsed.getScheme())) {
                    folders.add(Path.of(parsed).toAbsolutePath().normalize());
                }
            } catch (RuntimeException e) {
                // not a file URI this platform can open
            }
        }
        return folders;
    }

    /** Settings: {@code workspaceScan} in the {@code seclens} section, or at the top of {@code json}. */
    static Optional<Boolean> setting(Object json) {
        if (!(json instanceof JsonObject object)) {
            return Optional.empty();
        }
        if (object.get("seclens") instanceof JsonObject section) {
            object = section;
        }
        JsonElement value = object.get("workspaceScan");
        return value instanceof JsonPrimitive primitive && primitive.isBoolean()
                ? Optional.of(primitive.getAsBoolean())
                : Optional.empty();
    }

    private boolean reanalyseClosed(String uri) {
        if (!enabled || fileIn(uri).isEmpty()) {
            return false;
        }
        closed.add(uri);
        try {
            thread.execute(this::drainClosed);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** The file a {@code file:} URI names, if it is a Java or build file inside a workspace folder. */
    private Optional<Path> fileIn(String uri) {
        return inFolders(uri).filter(file -> file.getFileName() != null
                && (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".java")
                || BuildFileAnalyzer.isBuildFile(file.getFileName().toString())));
    }

    /** The file a {@code file:} URI names, if it is inside a workspace folder. */
    private Optional<Path> inFolders(String uri) {
        try {
            URI parsed = URI.create(uri);
            if (!"file".equalsIgnoreCase(parsed.getScheme())) {
                return Optional.empty();
            }
            Path file = Path.of(parsed).toAbsolutePath().normalize();
            return folders.stream().anyMatch(file::startsWith) ? Optional.of(file) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void drainClosed() {
        for (String uri = closed.poll(); uri != null; uri = closed.poll()) {
            String closedUri = uri;
            fileIn(uri).ifPresent(file -> diagnostics.scanned(TextDocument.pathOf(closedUri), closedUri,
                    analyse(file, closedUri, () -> false).map(Scanned::diagnostics).orElse(List.of()), true));
        }
    }

    private void scan(Run run) {
        int done = 0;
        int total = 0;
        int findings = 0;
        int filesWithFindings = 0;
        int generated = 0;
        try {
            if (run.cancelled) {
                run.done.complete("cancelled");
                return;
            }
            WorkDoneProgress progress = WorkDoneProgress.create(client, progressSupported, run.token);
            progress.begin(TITLE, "looking for Java files");
            Set<Path> files = new LinkedHashSet<>();
            Set<Path> mappers = new LinkedHashSet<>();
            for (Path folder : folders) {
                JavaFiles.Tree tree = JavaFiles.tree(folder);
                files.addAll(tree.sources());
                mappers.addAll(tree.mappers());
            }
            total = files.size();
            progress.report(0, total);
            BooleanSupplier cancelled = () -> run.cancelled;
            if (crossFile != null) {
                Map<Path, Analyzer> analysed = new LinkedHashMap<>();
                for (Path file : files) {
                    analyzers.apply(file).ifPresent(a -> analysed.put(file, a));
                }
                for (Path mapper : mappers) { // summarised with the sources, not analysed
                    analyzers.apply(mapper).ifPresent(a -> analysed.put(mapper, a));
                }
                if (!crossFile.summariseWorkspace(analysed, cancelled, limit -> log.warn(limit))) {
                    String summary = "workspace scan cancelled after 0 of " + total + " files";
                    progress.end(summary);
                    run.done.complete(summary);
                    return;
                }
                diagnostics.reanalyseAll(); // open documents now see flows through the other files
            }
            for (Path file : files) {
                drainClosed();
                diagnostics.awaitIdle(cancelled);
                if (run.cancelled) {
                    break;
                }
                String path = file.toString();
                if (!diagnostics.isOpen(path)) {
                    String uri = file.toUri().toString();
                    Optional<Scanned> found = analyse(file, uri, cancelled);
                    if (run.cancelled) {
                        break;
                    }
                    found.ifPresent(d -> diagnostics.scanned(path, uri, d.diagnostics(), false));
                    generated += found.filter(Scanned::generated).isPresent() ? 1 : 0;
                    int count = found.map(d -> d.diagnostics().size()).orElse(0);
                    findings += count;
                    filesWithFindings += count > 0 ? 1 : 0;
                }
                done++;
                progress.report(done, total);
            }
            String summary = run.cancelled
                    ? "workspace scan cancelled after " + done + " of " + total + " files"
                    : total + " files scanned: " + findings + " diagnostics in " + filesWithFindings + " files"
                            + (generated == 0 ? "" : "; " + generated + " generated " + (generated == 1 ? "file" : "files")
                            + " not analysed");
            progress.end(summary);
            log.info(summary);
            refreshPullClient();
            run.done.complete(summary);
        } catch (InterruptedException e) {
            run.done.complete("workspace scan stopped after " + done + " of " + total + " files");
        } catch (RuntimeException e) {
            log.error("the workspace scan failed", e);
            run.done.completeExceptionally(e);
        }
    }

    /** A file's diagnostics; none for a generated source, which is not analysed. */
    private record Scanned(List<Diagnostic> diagnostics, boolean generated) {
    }

    /**
     * Empty when the file cannot be read (too large, binary, gone) or the analysis was cancelled.
     * A generated source (a generator's header, {@code @Generated}) is not analysed, as {@code scan}
     * does by default: its findings are the generator's, and nobody edits it; opened in the editor,
     * it is analysed like any document.
     */
    private Optional<Scanned> analyse(Path file, String uri, BooleanSupplier cancelled) {
        try {
            Optional<Analyzer> analyzer = analyzers.apply(file);
            if (analyzer.isEmpty()) {
                return Optional.of(new Scanned(List.of(), false));
            }
            Optional<String> text = JavaFiles.read(file, MAX_FILE_BYTES);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            String head = text.get().substring(0, Math.min(text.get().length(), GeneratedSources.HEAD_BYTES));
            if (GeneratedSources.recognise(head).isPresent()) {
                return Optional.of(new Scanned(List.of(), true));
            }
            Analysis analysis = analyzer.get().analyze(new SourceFile(file.toString(), text.get()), cancelled);
            return analysis.cancelled() ? Optional.empty()
                    : Optional.of(new Scanned(DiagnosticsMapper.diagnostics(uri, analysis), false));
        } catch (RuntimeException | StackOverflowError e) {
            log.warn("the workspace scan could not analyse " + file + ": " + e);
            return Optional.empty();
        }
    }

    /** A pull client learns of the new results when it asks again; this asks it to ask now. */
    private void refreshPullClient() {
        LanguageClient c = client;
        if (c != null && refreshSupported && diagnostics.pull()) {
            try {
                c.refreshDiagnostics();
            } catch (RuntimeException e) {
                // the client has gone
            }
        }
    }
}
