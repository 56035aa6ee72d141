package dev.seclens.server.lsp;

import dev.seclens.server.UserFiles;
import com.google.gson.JsonPrimitive;
import dev.seclens.rules.IgnoreList;
import dev.seclens.server.IgnoreFiles;
import dev.seclens.server.cli.AtomicFile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * {@code seclens.acceptFinding [uri, rule, fingerprint]}: records the finding in the
 * {@code .seclens/ignored.json} at the document's project root ({@link IgnoreFiles#recordingRoot}).
 *
 * <p>A client that declares what creating the file takes ({@link ProjectFileEdits#createsFiles}) gets
 * the edit as {@code workspace/applyEdit}, so the change goes through its undo and its buffers. Any
 * other client would fail (ALE declares no workspace edits at all, Neovim 0.7 cannot create the
 * folder) or leave the change in an unsaved buffer (Eglot 1.9), so the server writes the file
 * itself, atomically, and says so; it writes nothing but that file, and only inside a workspace
 * folder. Either way the open documents and the workspace scan follow at once ({@code changed}),
 * without waiting for a file watcher.
 */
final class AcceptFindingService {
    static final String REASON = "accepted in the editor";

    private final IgnoreFiles ignoreFiles;
    private final Collection<Path> workspaceFolders;
    private final ProjectFileEdits edits;
    private final Runnable changed;
    private final ServerLog log;
    private volatile LanguageClient client;

    /** @param changed what to do once the ignore file has its new entry (re-analyse, rescan, refresh) */
    AcceptFindingService(IgnoreFiles ignoreFiles, Collection<Path> workspaceFolders, ProjectFileEdits edits,
                         Runnable changed, ServerLog log) {
        this.ignoreFiles = ignoreFiles;
        this.workspaceFolders = workspaceFolders;
        this.edits = edits;
        this.changed = changed;
        this.log = log;
    }

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    CompletableFuture<Object> execute(List<Object> arguments) {
        if (arguments == null || arguments.size() != 3) {
            log.alert(SuppressionActions.ACCEPT_COMMAND + " needs [uri, rule, fingerprint]");
            return CompletableFuture.completedFuture(null);
        }
        String rule = string(arguments.get(1));
        Recording recording;
        try {
            recording = recording(Path.of(URI.create(string(arguments.get(0)))), rule, string(arguments.get(2)));
        } catch (IOException | RuntimeException e) { // includes a malformed ignore file, a URI that is no file
            log.alert("could not accept the finding: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (recording.unchanged()) {
            changed.run(); // already recorded: the finding is withdrawn all the same
            return CompletableFuture.completedFuture(null);
        }
        if (edits.createsFiles()) {
            return edits.apply(recording.file(), recording.before(), recording.after(), "SecLens: accept " + rule)
                    .thenApply(applied -> {
                        if (applied) {
                            changed.run();
                        } else {
                            log.alert("the editor did not record the finding in " + recording.file());
                        }
                        return null;
                    });
        }
        write(recording, rule);
        return CompletableFuture.completedFuture(null);
    }

    private void write(Recording recording, String rule) {
        Path file = recording.file();
        if (workspaceFolders.stream().noneMatch(file::startsWith)) {
            log.alert("not recording " + rule + ": " + file + " is outside the workspace folders; "
                    + "open the project as a workspace folder, or add the entry by hand");
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.write(file, recording.after().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            log.alert("could not write " + file + ": " + e.getMessage());
            return;
        }
        String message = "recorded " + rule + " in " + file + " (this editor cannot create files through the"
                + " language server, so SecLens wrote it)";
        log.info(message);
        LanguageClient c = client;
        if (c != null) {
            c.showMessage(new MessageParams(MessageType.Info, "SecLens: " + message));
        }
        changed.run();
    }

    /** The ignore file and its text before and after the new entry. */
    record Recording(Path file, String before, String after, boolean unchanged) {
    }

    Recording recording(Path document, String rule, String fingerprint) throws IOException {
        Path root = ignoreFiles.recordingRoot(document);
        Path file = IgnoreFiles.ignoreFile(root);
        String before = Files.exists(file)
                ? UserFiles.readText(file, file.toString(), UserFiles.MAX_SETTINGS_FILE, Optional.of(root)) : "";
        IgnoreList list = IgnoreList.parse(before, file.toString());
        IgnoreList after = list.with(new IgnoreList.Entry(fingerprint, rule,
                root.relativize(document.toAbsolutePath().normalize()).toString().replace('\\', '/'),
                Optional.of(REASON)));
        return new Recording(file, before, after.toJson(), after == list);
    }

    private static String string(Object argument) {
        return argument instanceof JsonPrimitive p ? p.getAsString() : String.valueOf(argument);
    }
}
