package dev.seclens.server.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * workspace/* notifications. SecLens has no settings and watches no files yet, but clients send
 * these two regardless of capabilities, and LSP4J requires them; both are ignored.
 */
final class WorkspaceHandler implements WorkspaceService {

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    }
}
