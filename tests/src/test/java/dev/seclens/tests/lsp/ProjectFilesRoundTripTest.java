package dev.seclens.tests.lsp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
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
    private static final String SOURCE = """
            package demo;

            import java.io.InputStream;
            import java.security.MessageDigest;
            import java.util.Properties;

            class Digests {
                byte[] digest(byte[] data) throws Exception {
                    Properties settings = new Properties();
                    try (InputStream in = Digests.class.getResourceAsStream("/crypto.properties")) {
                        settings.load(in);
                    }
                    return MessageDigest.getInstance(settings.getProperty("hash.algorithm")).digest(data);
                }
            }
            """;

    @TempDir
    Path temp;

    /** A module with Digests.java and crypto.properties saying MD5; returns the source's URI. */
    private String module(Path root) throws IOException {
        Path java = Files.createDirectories(root.resolve("src/main/java/demo")).resolve("Digests.java");
        Files.writeString(java, SOURCE);
        Files.writeString(Files.createDirectories(root.resolve("src/main/resources")).resolve("crypto.properties"),
                "# digests\nhash.algorithm=MD5\n");
        return java.toUri().toString();
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

            lsp.open(inside, 1, SOURCE);
            PublishDiagnosticsParams resolved = lsp.awaitVersion(inside, 1);
            assertTrue(resolved.getDiagnostics().stream().anyMatch(d -> d.getMessage().getLeft()
                    .contains("reads \"MD5\" from crypto.properties:2 (hash.algorithm)")), resolved.toString());

            lsp.open(outside, 1, SOURCE);
            PublishDiagnosticsParams unresolved = lsp.awaitVersion(outside, 1);
            assertTrue(unresolved.getDiagnostics().stream()
                    .noneMatch(d -> d.getMessage().getLeft().contains("crypto.properties")), unresolved.toString());
        }
    }
}
