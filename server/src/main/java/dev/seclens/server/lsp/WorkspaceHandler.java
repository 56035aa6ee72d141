package dev.seclens.server.lsp;

import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * workspace/* notifications. SecLens has no settings and watches no files yet, but clients send
 * these two regardless of capabilities, and LSP4J requires them; both are ignored.
 */
final class WorkspaceHandler implements WorkspaceService {
    private final AcceptFindingService acceptFinding;

    WorkspaceHandler(AcceptFindingService acceptFinding) {
        this.acceptFinding = acceptFinding;
    }

    /** {@code seclens.acceptFinding}, the one command the server advertises. */
    @Override
    public CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
        if (!SuppressionActions.ACCEPT_COMMAND.equals(params.getCommand())) {
            return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
                    ResponseErrorCode.InvalidParams, "unknown command " + params.getCommand(), null)));
        }
        return acceptFinding.execute(params.getArguments());
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    }
}
