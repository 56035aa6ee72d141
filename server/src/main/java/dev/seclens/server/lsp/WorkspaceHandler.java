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
 * workspace/* messages: settings and {@code .seclens.json} changes go to the configuration service,
 * changed files also to the workspace scan (MyBatis mapper XML files), commands to their handlers,
 * workspace pulls to the pull diagnostics.
 */
final class WorkspaceHandler implements WorkspaceService {
    /** Command name to what it does with the command's arguments. */
    private final Map<String, Function<List<Object>, CompletableFuture<Object>>> commands;
    private final PullDiagnostics pulls;
    private final ConfigurationService configuration;
    private final WorkspaceScan workspaceScan;

    WorkspaceHandler(Map<String, Function<List<Object>, CompletableFuture<Object>>> commands, PullDiagnostics pulls,
                     ConfigurationService configuration, WorkspaceScan workspaceScan) {
        this.commands = commands;
        this.pulls = pulls;
        this.configuration = configuration;
        this.workspaceScan = workspaceScan;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        configuration.settingsChanged(params.getSettings());
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        List<org.eclipse.lsp4j.FileEvent> changes = params.getChanges() == null ? List.of() : params.getChanges();
        configuration.filesChanged(changes);
        workspaceScan.filesChanged(changes);
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
