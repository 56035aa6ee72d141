package dev.seclens.server.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.IgnoreList;
import dev.seclens.rules.taint.SummaryTable;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.config.Configuration;
import dev.seclens.rules.config.ConfigurationException;
import dev.seclens.rules.config.ConfigurationParser;
import dev.seclens.rules.config.EditorSettings;
import dev.seclens.rules.config.PathFilter;
import dev.seclens.server.ConfigurationFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.Function;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The configuration in force for each workspace folder: its {@code .seclens.json} with the
 * editor's {@code seclens} settings on top. Settings come from {@code initializationOptions.seclens},
 * then {@code workspace/configuration} (pulled after {@code initialized} and on every
 * {@code didChangeConfiguration}, when the client supports it) or else the settings pushed in
 * {@code didChangeConfiguration}. The files are re-read on {@code didChangeWatchedFiles}, which is
 * registered for {@code **}{@code /.seclens.json} and {@code **}{@code /.seclens/ignored.json} when
 * the client allows dynamic registration, and, for clients that watch nothing, whenever a document is
 * opened or saved and a file's modification time or size changed ({@link #recheckFiles}).
 * A file or settings that cannot be used are shown as an error and the last good ones stay.
 * Every effective change is handed to the listener, which re-analyses the open documents.
 */
final class ConfigurationService {
    static final String SECTION = "seclens";
    /** Where accepted findings are recorded, relative to a project root. */
    static final Path IGNORE_FILE = Path.of(IgnoreList.DIRECTORY, IgnoreList.FILE_NAME);

    /** One workspace folder: its analyzer and its include/exclude/testCode globs. */
    private record Folder(Path root, Analyzer analyzer, PathFilter paths) {
    }

    /** What documents are analysed with; replaced whole on every change. */
    private record Snapshot(boolean enabled, List<Folder> folders, Analyzer outside) {
    }

    private final Analyzer unconfigured;
    private final Function<TaintEngine, Supplier<SummaryTable>> tables;
    private final ServerLog log;
    private final ConfigurationParser settingsParser;
    private final Gson gson = new Gson();
    private volatile LanguageClient client;
    private Consumer<Boolean> listener = enabled -> { };
    private Runnable ignoreFilesListener = () -> { };

    // Guarded by this.
    private final Map<Path, ConfigurationFile.Loaded> files = new LinkedHashMap<>();
    /** Each folder's .seclens.json as last read (modification time and size; absent: null), to notice changes. */
    private final Map<Path, List<Object>> stamps = new LinkedHashMap<>();
    private EditorSettings settings = EditorSettings.DEFAULT;
    private boolean pullSettings;
    private boolean registerWatcher;
    private boolean registerConfiguration;

    private List<Object> lastInputs;
    private volatile Snapshot snapshot;

    ConfigurationService(Analyzer unconfigured, ServerLog log) {
        this(unconfigured, log, engine -> () -> SummaryTable.EMPTY);
    }

    /** @param tables the live summaries of the workspace's other files, for the taint engine a folder uses */
    ConfigurationService(Analyzer unconfigured, ServerLog log, Function<TaintEngine, Supplier<SummaryTable>> tables) {
        this.tables = tables;
        this.unconfigured = unconfigured;
        this.log = log;
        this.settingsParser = new ConfigurationParser(ConfigurationFile.ruleIds(unconfigured));
        this.lastInputs = inputs();
        this.snapshot = build();
    }

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    /** Told whether diagnostics are enabled after every change of the effective configuration. */
    synchronized void onChange(Consumer<Boolean> changeListener) {
        this.listener = changeListener;
    }

    /** Told when a {@code .seclens/ignored.json} changed, was created or deleted (the client's watcher says). */
    synchronized void onIgnoreFilesChange(Runnable changeListener) {
        this.ignoreFilesListener = changeListener;
    }

    synchronized void initialize(InitializeParams params) {
        ClientCapabilities capabilities = params.getCapabilities();
        WorkspaceClientCapabilities workspace = capabilities == null ? null : capabilities.getWorkspace();
        if (workspace != null) {
            pullSettings = Boolean.TRUE.equals(workspace.getConfiguration());
            registerWatcher = workspace.getDidChangeWatchedFiles() != null
                    && Boolean.TRUE.equals(workspace.getDidChangeWatchedFiles().getDynamicRegistration());
            registerConfiguration = workspace.getDidChangeConfiguration() != null
                    && Boolean.TRUE.equals(workspace.getDidChangeConfiguration().getDynamicRegistration());
        }
        for (Path root : roots(params)) {
            files.put(root, ConfigurationFile.Loaded.none(root));
            reload(root);
        }
        if (params.getInitializationOptions() instanceof JsonObject options && options.has(SECTION)) {
            applySettings(options.get(SECTION));
        }
        lastInputs = inputs();
        snapshot = build();
    }

    /** Registers the watcher and the settings notification, and pulls the settings. */
    void initialized() {
        LanguageClient c = client;
        if (c == null) {
            return;
        }
        List<Registration> registrations = new ArrayList<>();
        synchronized (this) {
            if (registerWatcher) {
                FileSystemWatcher configurationFiles = new FileSystemWatcher(Either.forLeft("**/" + ConfigurationFile.NAME));
                FileSystemWatcher ignoreFiles = new FileSystemWatcher(Either.forLeft(
                        "**/" + IgnoreList.DIRECTORY + "/" + IgnoreList.FILE_NAME));
                registrations.add(new Registration("seclens-configuration-files", "workspace/didChangeWatchedFiles",
                        new DidChangeWatchedFilesRegistrationOptions(List.of(configurationFiles, ignoreFiles))));
            }
            if (registerConfiguration) {
                registrations.add(new Registration("seclens-settings", "workspace/didChangeConfiguration",
                        Map.of("section", SECTION)));
            }
        }
        if (!registrations.isEmpty()) {
            c.registerCapability(new RegistrationParams(registrations)).whenComplete((ok, error) -> {
                if (error != null) {
                    log.warn("the client refused to watch " + ConfigurationFile.NAME + " or the settings: " + error);
                }
            });
        }
        pull();
    }

    /** workspace/didChangeConfiguration: pull again, or take the pushed {@code seclens} section. */
    void settingsChanged(Object pushed) {
        synchronized (this) {
            if (!pullSettings) {
                JsonElement all = pushed == null ? null : gson.toJsonTree(pushed);
                if (all != null && all.isJsonObject()) {
                    applySettings(all.getAsJsonObject().get(SECTION));
                    changed();
                }
                return;
            }
        }
        pull();
    }

    /**
     * workspace/didChangeWatchedFiles: re-reads the {@code .seclens.json} of the folders concerned,
     * and tells the ignore-file listener when an ignore file changed.
     */
    void filesChanged(List<FileEvent> events) {
        boolean ignoreFileChanged = false;
        synchronized (this) {
            boolean any = false;
            for (FileEvent event : events) {
                Path file = pathOf(event.getUri());
                if (file == null || file.getFileName() == null) {
                    continue;
                }
                if (file.endsWith(IGNORE_FILE)) {
                    ignoreFileChanged = true;
                } else if (file.getFileName().toString().equals(ConfigurationFile.NAME)
                        && files.containsKey(file.getParent())) {
                    reload(file.getParent());
                    any = true;
                }
            }
            if (any) {
                changed();
            }
        }
        if (ignoreFileChanged) {
            ignoreFilesListener.run();
        }
    }

    /**
     * Re-reads each folder's {@code .seclens.json} whose modification time or size changed since it
     * was read: for clients that do not watch files, asked on every open and save.
     */
    synchronized void recheckFiles() {
        boolean any = false;
        for (Path root : List.copyOf(files.keySet())) {
            if (!stamp(root.resolve(ConfigurationFile.NAME)).equals(stamps.get(root))) {
                reload(root);
                any = true;
            }
        }
        if (any) {
            changed();
        }
    }

    private static List<Object> stamp(Path file) {
        try {
            return List.of(Files.getLastModifiedTime(file), Files.size(file));
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    boolean enabled() {
        return snapshot.enabled();
    }

    /**
     * The analyzer for a document: its workspace folder's (the innermost one holding it), or the
     * settings alone outside every folder; empty when the folder's include/exclude leave it out.
     */
    Optional<Analyzer> analyzerFor(TextDocument document) {
        return analyzerFor(pathOf(document.uri()));
    }

    /** The same for a file on disk (the workspace scan's); a null path is outside every folder. */
    Optional<Analyzer> analyzerFor(Path path) {
        Snapshot current = snapshot;
        if (!current.enabled()) {
            return Optional.empty();
        }
        if (path != null) {
            for (Folder folder : current.folders()) {
                if (path.startsWith(folder.root())) {
                    return folder.paths().includes(path) ? Optional.of(folder.analyzer()) : Optional.empty();
                }
            }
        }
        return Optional.of(current.outside());
    }

    private void pull() {
        LanguageClient c = client;
        synchronized (this) {
            if (!pullSettings || c == null) {
                return;
            }
        }
        ConfigurationItem item = new ConfigurationItem();
        item.setSection(SECTION);
        c.configuration(new ConfigurationParams(List.of(item))).whenComplete((answers, error) -> {
            if (error != null) {
                log.warn("workspace/configuration failed, settings unchanged: " + error);
                return;
            }
            synchronized (this) {
                applySettings(answers == null || answers.isEmpty() ? null : answers.get(0));
                changed();
            }
        });
    }

    /** Takes the settings if they are valid; otherwise says why and keeps the last good ones. */
    private void applySettings(Object section) {
        String json = section == null ? "null" : gson.toJson(section);
        try {
            EditorSettings parsed = settingsParser.parseSettings(json);
            if (!parsed.ignored().isEmpty() && !parsed.ignored().equals(settings.ignored())) {
                log.info("settings that are not the server's were ignored: seclens." + String.join(", seclens.",
                        parsed.ignored()));
            }
            settings = parsed;
        } catch (ConfigurationException e) {
            showError(e.getMessage() + "; the previous settings stay in force");
        }
    }

    private void reload(Path root) {
        Path file = root.resolve(ConfigurationFile.NAME);
        stamps.put(root, stamp(file));
        if (!Files.exists(file)) {
            files.put(root, ConfigurationFile.Loaded.none(root));
            return;
        }
        try {
            files.put(root, ConfigurationFile.load(file, file.toString(), unconfigured));
        } catch (ConfigurationException e) {
            showError(e.getMessage() + "; the previous configuration stays in force");
        }
    }

    /** Rebuilds and tells the listener, unless nothing that matters changed (a file saved as it was). */
    private void changed() {
        List<Object> inputs = inputs();
        if (inputs.equals(lastInputs)) {
            return;
        }
        lastInputs = inputs;
        snapshot = build();
        listener.accept(snapshot.enabled());
    }

    private List<Object> inputs() {
        Map<Path, Configuration> configurations = new LinkedHashMap<>();
        files.forEach((root, loaded) -> configurations.put(root, loaded.configuration()));
        return List.of(settings.enable(), settings.rules(), settings.minimumConfidence(), settings.analysisTimeoutMillis(),
                settings.maxFileSize(), configurations, settings.advisories());
    }

    private Snapshot build() {
        List<Folder> folders = new ArrayList<>();
        for (ConfigurationFile.Loaded loaded : files.values()) {
            ConfigurationFile.Loaded merged = loaded.with(loaded.configuration().overriddenBy(settings));
            Analyzer analyzer = merged.analyzer(unconfigured, loaded.root());
            analyzer = analyzer.withTaint(analyzer.taintEngine(), tables.apply(analyzer.taintEngine()));
            analyzer.buildFiles().advisories().problems().forEach(problem -> log.warn("advisories: " + problem));
            folders.add(new Folder(loaded.root(), analyzer, merged.paths()));
        }
        // Innermost first, so a nested folder's file wins over its parent's.
        folders.sort(Comparator.comparingInt((Folder f) -> f.root().getNameCount()).reversed());
        Analyzer outside = unconfigured.configured(Configuration.DEFAULT.overriddenBy(settings), file -> false);
        outside = outside.withTaint(outside.taintEngine(), tables.apply(outside.taintEngine()));
        return new Snapshot(settings.enable(), List.copyOf(folders), outside);
    }

    private void showError(String message) {
        log.warn(message);
        LanguageClient c = client;
        if (c != null) {
            try {
                c.showMessage(new MessageParams(MessageType.Error, "SecLens: " + message));
            } catch (RuntimeException e) {
                log.warn("could not show a message to the client: " + e);
            }
        }
    }

    static List<Path> roots(InitializeParams params) {
        List<Path> roots = new ArrayList<>();
        if (params.getWorkspaceFolders() != null && !params.getWorkspaceFolders().isEmpty()) {
            for (WorkspaceFolder folder : params.getWorkspaceFolders()) {
                Path root = pathOf(folder.getUri());
                if (root != null) {
                    roots.add(root);
                }
            }
        } else if (params.getRootUri() != null) {
            Path root = pathOf(params.getRootUri());
            if (root != null) {
                roots.add(root);
            }
        }
        return roots;
    }

    /** The file a {@code file:} URI names, normalised; null for other URIs. */
    static Path pathOf(String uri) {
        try {
            URI parsed = URI.create(uri);
            return "file".equalsIgnoreCase(parsed.getScheme()) ? Path.of(parsed).toAbsolutePath().normalize() : null;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
