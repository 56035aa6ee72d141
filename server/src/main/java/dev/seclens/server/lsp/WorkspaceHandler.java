package dev.seclens.server.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** workspace/* notifications: settings and {@code .seclens.json} changes go to the configuration service. */
final class WorkspaceHandler implements WorkspaceService {
    private final ConfigurationService configuration;

    WorkspaceHandler(ConfigurationService configuration) {
        this.configuration = configuration;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        configuration.settingsChanged(params.getSettings());
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        configuration.filesChanged(params.getChanges() == null ? java.util.List.of() : params.getChanges());
    }
}
