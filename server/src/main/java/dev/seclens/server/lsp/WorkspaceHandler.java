package dev.seclens.server.lsp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * workspace/* notifications. SecLens has no settings and watches no files yet, but clients send
 * these two regardless of capabilities, and LSP4J requires them; both are ignored.
 */
final class WorkspaceHandler implements WorkspaceService {
    /** Command name to what it does with the command's arguments. */
    private final Map<String, Function<List<Object>, CompletableFuture<Object>>> commands;
    private final PullDiagnostics pulls;

    WorkspaceHandler(Map<String, Function<List<Object>, CompletableFuture<Object>>> commands, PullDiagnostics pulls) {
        this.commands = commands;
        this.pulls = pulls;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    }

    List<String> commandNames() {
        return List.copyOf(commands.keySet());
    }

    @Override
    public CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
        Function<List<Object>, CompletableFuture<Object>> command = commands.get(params.getCommand());
        if (command == null) {
            return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
                    ResponseErrorCode.InvalidParams, "unknown command " + params.getCommand(), null)));
        }
        return command.apply(params.getArguments() == null ? List.of() : params.getArguments());
    }

    /** Pull diagnostics of the files that are not open (the workspace scan's). */
    @Override
    public CompletableFuture<WorkspaceDiagnosticReport> diagnostic(WorkspaceDiagnosticParams params) {
        return CompletableFuture.completedFuture(pulls.workspace(params.getPreviousResultIds()));
    }
}
