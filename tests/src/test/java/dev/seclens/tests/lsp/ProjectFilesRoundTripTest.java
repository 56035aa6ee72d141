package dev.seclens.tests.lsp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import dev.seclens.tests.cli.ScanProjectFilesTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language server lets rules read .properties files of its workspace folders, and of nothing else. */
class ProjectFilesRoundTripTest {
    @TempDir
    Path temp;

    /** A copy of the project-files module at {@code root}; returns the URI of its Digests.java. */
    private static String module(Path root) throws IOException {
        ScanProjectFilesTest.copyProject(root);
        return root.resolve("src/main/java/demo/Digests.java").toUri().toString();
    }

    private static String source(String uri) throws IOException {
        return Files.readString(Path.of(java.net.URI.create(uri)));
    }

    private InitializeParams workspace(Path folder) {
        InitializeParams params = new InitializeParams();
        params.setCapabilities(new ClientCapabilities());
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(folder.toUri().toString(), "demo")));
        return params;
    }

    @Test
    void aSettingInTheWorkspaceIsResolvedAndOutsideItIsNot() throws Exception {
        String inside = module(temp.resolve("workspace"));
        String outside = module(temp.resolve("elsewhere"));
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.initialize(workspace(temp.resolve("workspace")));

            lsp.open(inside, 1, source(inside));
            PublishDiagnosticsParams resolved = lsp.awaitVersion(inside, 1);
            assertTrue(resolved.getDiagnostics().stream().anyMatch(d -> d.getMessage().getLeft()
                    .contains("reads \"MD5\" from crypto.properties:2 (hash.algorithm)")), resolved.toString());

            lsp.open(outside, 1, source(outside));
            PublishDiagnosticsParams unresolved = lsp.awaitVersion(outside, 1);
            assertTrue(unresolved.getDiagnostics().stream()
                    .noneMatch(d -> d.getMessage().getLeft().contains("crypto.properties")), unresolved.toString());
        }
    }
}
