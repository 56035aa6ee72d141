package dev.seclens.server.lsp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.CreateFileOptions;
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
 * Edits of SecLens's own project files ({@code .seclens/ignored.json}, {@code .seclens.json}) sent
 * to the client as {@code workspace/applyEdit}, and what the client declared it can apply: the
 * request at all ({@code workspace.applyEdit}; ALE does not), and creating a file
 * ({@code documentChanges} with the {@code create} resource operation).
 */
final class ProjectFileEdits {
    private volatile LanguageClient client;
    private volatile boolean applies;
    private volatile boolean creates;
    private volatile boolean documentChanges;

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    void configure(ClientCapabilities capabilities) {
        WorkspaceClientCapabilities workspace = Optional.ofNullable(capabilities).map(ClientCapabilities::getWorkspace)
                .orElse(null);
        WorkspaceEditCapabilities edits = workspace == null ? null : workspace.getWorkspaceEdit();
        applies = workspace != null && Boolean.TRUE.equals(workspace.getApplyEdit());
        documentChanges = edits != null && Boolean.TRUE.equals(edits.getDocumentChanges());
        creates = applies && edits != null && Boolean.TRUE.equals(edits.getDocumentChanges())
                && edits.getResourceOperations() != null
                && edits.getResourceOperations().contains(ResourceOperationKind.Create);
    }

    /**
     * Whether the client declares the whole of what a new file needs ({@code documentChanges} and the
     * {@code create} operation): VS Code and lsp-mode do; Neovim 0.7 and Eglot 1.9 apply edits to
     * existing files only (and into a buffer that still has to be saved), ALE none at all.
     */
    boolean createsFiles() {
        return creates;
    }

    /** Whether the client can apply the edit that gives {@code file} a new text (creating it if need be). */
    boolean canWrite(Path file) {
        return creates || applies && Files.exists(file);
    }

    /**
     * Asks the client to replace {@code file}'s text {@code before} with {@code after} (creating the
     * file when it does not exist); completes with whether the client applied it.
     */
    CompletableFuture<Boolean> apply(Path file, String before, String after, String label) {
        LanguageClient c = client;
        if (c == null || !canWrite(file)) {
            return CompletableFuture.completedFuture(false);
        }
        return c.applyEdit(new ApplyWorkspaceEditParams(edit(file, before, after, Files.exists(file), documentChanges),
                        label))
                .thenApply(response -> response != null && response.isApplied());
    }

    static WorkspaceEdit edit(Path file, String before, String after, boolean exists, boolean documentChanges) {
        String uri = file.toUri().toString();
        TextEdit replace = new TextEdit(new Range(new Position(0, 0), end(before)), after);
        if (exists && !documentChanges) {
            return new WorkspaceEdit(java.util.Map.of(uri, List.of(replace)));
        }
        TextDocumentEdit change = new TextDocumentEdit(new VersionedTextDocumentIdentifier(uri, null),
                List.of(Either.forLeft(replace)));
        WorkspaceEdit edit = new WorkspaceEdit();
        if (exists) {
            edit.setDocumentChanges(List.of(Either.<TextDocumentEdit, ResourceOperation>forLeft(change)));
        } else {
            CreateFile create = new CreateFile(uri, new CreateFileOptions(false, true));
            edit.setDocumentChanges(List.of(Either.<TextDocumentEdit, ResourceOperation>forRight(create),
                    Either.<TextDocumentEdit, ResourceOperation>forLeft(change)));
        }
        return edit;
    }

    /** The position after the last character, in UTF-16 units. */
    private static Position end(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        return new Position(lines.length - 1, lines[lines.length - 1].length());
    }
}
