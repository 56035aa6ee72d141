package dev.seclens.server.lsp;

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
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.CreateFileOptions;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.ResourceOperationKind;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * {@code seclens.acceptFinding [uri, rule, fingerprint]}: records the finding in the
 * {@code .seclens/ignored.json} at the document's project root ({@link IgnoreFiles#recordingRoot}).
 *
 * <p>A client that declares {@code documentChanges} and the {@code create} resource operation is
 * asked to apply a workspace edit (create the file, or replace its whole text), so the change goes
 * through its undo and its buffers. Any other client (ALE declares no workspace edits at all) would
 * fail or half-apply that edit, so the server writes the file itself, atomically, and says so; it
 * writes nothing but that file, and only inside a workspace folder. Either way the open documents
 * and the workspace scan follow at once ({@code changed}), without waiting for a file watcher.
 */
final class AcceptFindingService {
    static final String REASON = "accepted in the editor";

    private final IgnoreFiles ignoreFiles;
    private final Collection<Path> workspaceFolders;
    private final Runnable changed;
    private final ServerLog log;
    private volatile LanguageClient client;
    private volatile boolean clientCreatesFiles;

    /**
     * @param changed what to do once the ignore file has its new entry (re-analyse, rescan, refresh)
     */
    AcceptFindingService(IgnoreFiles ignoreFiles, Collection<Path> workspaceFolders, Runnable changed, ServerLog log) {
        this.ignoreFiles = ignoreFiles;
        this.workspaceFolders = workspaceFolders;
        this.changed = changed;
        this.log = log;
    }

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    /** From initialize: whether the client can apply the edit that creates the ignore file. */
    void configure(ClientCapabilities capabilities) {
        WorkspaceEditCapabilities edits = Optional.ofNullable(capabilities).map(ClientCapabilities::getWorkspace)
                .map(WorkspaceClientCapabilities::getWorkspaceEdit).orElse(null);
        clientCreatesFiles = edits != null && Boolean.TRUE.equals(edits.getDocumentChanges())
                && edits.getResourceOperations() != null
                && edits.getResourceOperations().contains(ResourceOperationKind.Create);
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
            changed.run(); // already recorded: a client that wrote it late still gets the finding withdrawn
            return CompletableFuture.completedFuture(null);
        }
        LanguageClient c = client;
        if (clientCreatesFiles && c != null) {
            return c.applyEdit(new ApplyWorkspaceEditParams(recording.edit(), "SecLens: accept " + rule))
                    .thenApply(response -> {
                        if (response != null && response.isApplied()) {
                            changed.run();
                        } else {
                            log.alert("the editor did not record the finding in " + recording.file()
                                    + (response == null || response.getFailureReason() == null ? ""
                                    : ": " + response.getFailureReason()));
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

    /** The ignore file, its text after the new entry, and the edit that writes that text. */
    record Recording(Path file, String after, WorkspaceEdit edit, boolean unchanged) {
    }

    Recording recording(Path document, String rule, String fingerprint) throws IOException {
        Path root = ignoreFiles.recordingRoot(document);
        Path file = IgnoreFiles.ignoreFile(root);
        String fileUri = file.toUri().toString();
        boolean exists = Files.exists(file);
        String before = exists ? Files.readString(file, StandardCharsets.UTF_8) : "";
        IgnoreList list = IgnoreList.parse(before, file.toString());
        IgnoreList after = list.with(new IgnoreList.Entry(fingerprint, rule,
                root.relativize(document.toAbsolutePath().normalize()).toString().replace('\\', '/'),
                Optional.of(REASON)));
        VersionedTextDocumentIdentifier id = new VersionedTextDocumentIdentifier(fileUri, null);
        TextDocumentEdit replace = new TextDocumentEdit(id, List.of(Either.forLeft(new TextEdit(
                new Range(new Position(0, 0), end(before)), after.toJson()))));
        WorkspaceEdit edit = new WorkspaceEdit();
        if (exists) {
            edit.setDocumentChanges(List.of(Either.<TextDocumentEdit, ResourceOperation>forLeft(replace)));
        } else {
            CreateFile create = new CreateFile(fileUri, new CreateFileOptions(false, true));
            edit.setDocumentChanges(List.of(Either.<TextDocumentEdit, ResourceOperation>forRight(create),
                    Either.<TextDocumentEdit, ResourceOperation>forLeft(replace)));
        }
        return new Recording(file, after.toJson(), edit, after == list);
    }

    /** The position after the last character, in UTF-16 units. */
    private static Position end(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        return new Position(lines.length - 1, lines[lines.length - 1].length());
    }

    private static String string(Object argument) {
        return argument instanceof JsonPrimitive p ? p.getAsString() : String.valueOf(argument);
    }
}
