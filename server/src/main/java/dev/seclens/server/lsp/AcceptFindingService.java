package dev.seclens.server.lsp;

import dev.seclens.server.UserFiles;
import com.google.gson.JsonPrimitive;
import dev.seclens.rules.IgnoreList;
import dev.seclens.server.IgnoreFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.CreateFileOptions;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * {@code seclens.acceptFinding [uri, rule, fingerprint]}: records the finding in the project's
 * {@code .seclens/ignored.json} by asking the client to apply a workspace edit (create the file,
 * or replace its whole text); the server never writes users' files itself. The project is the
 * nearest folder above the document with a {@code .seclens/} folder, else with {@code .git},
 * else the document's own folder. Once the client has applied the edit, open documents are
 * analysed again.
 */
final class AcceptFindingService {
    static final String REASON = "accepted in the editor";

    private final DiagnosticsService diagnostics;
    private final ServerLog log;
    private volatile LanguageClient client;

    AcceptFindingService(DiagnosticsService diagnostics, ServerLog log) {
        this.diagnostics = diagnostics;
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
        String uri = string(arguments.get(0));
        String rule = string(arguments.get(1));
        String fingerprint = string(arguments.get(2));
        Optional<WorkspaceEdit> edit;
        try {
            edit = edit(uri, rule, fingerprint);
        } catch (IOException | RuntimeException e) { // includes a malformed ignore file
            log.alert("could not accept the finding: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        LanguageClient c = client;
        if (edit.isEmpty() || c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return c.applyEdit(new ApplyWorkspaceEditParams(edit.get(), "SecLens: accept " + rule))
                .thenApply(response -> {
                    if (response != null && response.isApplied()) {
                        diagnostics.reanalyseAll();
                    }
                    return null;
                });
    }

    /** The edit that adds the entry; empty when the file already has it. */
    static Optional<WorkspaceEdit> edit(String uri, String rule, String fingerprint) throws IOException {
        Path document = Path.of(URI.create(uri));
        Path root = IgnoreFiles.root(document).or(() -> gitRoot(document)).orElse(document.getParent());
        Path file = IgnoreFiles.ignoreFile(root);
        String fileUri = file.toUri().toString();
        boolean exists = Files.exists(file);
        String before = exists ? UserFiles.readText(file, file.toString(), UserFiles.MAX_SETTINGS_FILE, Optional.of(root)) : "";
        IgnoreList list = IgnoreList.parse(before, file.toString());
        IgnoreList after = list.with(new IgnoreList.Entry(fingerprint, rule,
                root.relativize(document).toString().replace('\\', '/'), Optional.of(REASON)));
        if (after == list) {
            return Optional.empty();
        }
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
        return Optional.of(edit);
    }

    private static Optional<Path> gitRoot(Path document) {
        for (Path dir = document.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
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
