package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule documentation from the server (no network), "Disable RULE in .seclens.json" where the client
 * can apply it, and critical findings told apart from high ones.
 */
class RuleDocsRoundTripTest {
    private static final String WEAK = """
            package demo;
            class A {
                byte[] h(byte[] d) throws Exception {
                    return java.security.MessageDigest.getInstance("MD5").digest(d);
                }
            }
            """;

    @TempDir
    Path workspace;

    private InProcessServer start(ClientCapabilities capabilities) throws Exception {
        InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules());
        InitializeParams params = new InitializeParams();
        params.setCapabilities(capabilities);
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "w")));
        lsp.initialize(params);
        return lsp;
    }

    private static Object command(InProcessServer lsp, String command, Object... arguments) throws Exception {
        return lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams(command, List.of(arguments)))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void ruleDocumentationComesFromTheServer() throws Exception {
        try (InProcessServer lsp = start(new ClientCapabilities())) {
            Map<?, ?> doc = (Map<?, ?>) command(lsp, "seclens.showRuleDoc", "java/weak-hash");
            assertEquals("java/weak-hash", doc.get("rule"));
            String markdown = (String) doc.get("markdown");
            assertTrue(markdown.startsWith("# Broken hash algorithm") && markdown.contains("## How to fix it"), markdown);
            ExecutionException unknown = assertThrows(ExecutionException.class,
                    () -> command(lsp, "seclens.showRuleDoc", "java/no-such-rule"));
            assertTrue(unknown.getCause().getMessage().contains("needs one known rule id"), unknown.toString());
        }
    }

    private List<CodeAction> actions(InProcessServer lsp, String uri, Diagnostic diagnostic) throws Exception {
        return lsp.server.getTextDocumentService().codeAction(new CodeActionParams(new TextDocumentIdentifier(uri),
                        diagnostic.getRange(), new CodeActionContext(List.of(diagnostic))))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream().map(Either::getRight).toList();
    }

    @Test
    void disablingARuleEditsSeclensJsonThroughTheClientAndTheFindingGoes() throws Exception {
        Path file = workspace.resolve("A.java");
        Files.writeString(file, WEAK);
        Files.writeString(workspace.resolve(".seclens.json"), "{\"minimumConfidence\": \"low\"}\n");
        try (InProcessServer lsp = start(SuppressionRoundTripTest.clientCreatingFiles())) {
            lsp.client.applyEdit = edit -> {
                // the client writes the new text, as a saved buffer
                String text = edit.getDocumentChanges().get(0).getLeft().getEdits().get(0).getLeft().getNewText();
                try {
                    Files.writeString(workspace.resolve(".seclens.json"), text);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            };
            String uri = file.toUri().toString();
            lsp.open(uri, 1, WEAK);
            PublishDiagnosticsParams published = lsp.awaitVersion(uri, 1);
            Diagnostic weak = published.getDiagnostics().get(0);
            CodeAction disable = actions(lsp, uri, weak).stream()
                    .filter(a -> a.getTitle().equals("Disable java/weak-hash in .seclens.json")).findFirst().orElseThrow();
            command(lsp, disable.getCommand().getCommand(), disable.getCommand().getArguments().toArray());
            String configuration = Files.readString(workspace.resolve(".seclens.json"));
            assertTrue(configuration.contains("\"minimumConfidence\": \"low\"")
                    && configuration.contains("\"java/weak-hash\": false"), configuration);
            assertNotNull(lsp.awaitDiagnostics(uri, p -> p.getDiagnostics().isEmpty()));
        }
    }

    @Test
    void aClientThatCannotApplyEditsIsNotOfferedTheAction() throws Exception {
        Path file = workspace.resolve("A.java");
        Files.writeString(file, WEAK);
        try (InProcessServer lsp = start(new ClientCapabilities())) {
            String uri = file.toUri().toString();
            lsp.open(uri, 1, WEAK);
            Diagnostic weak = lsp.awaitVersion(uri, 1).getDiagnostics().get(0);
            assertTrue(actions(lsp, uri, weak).stream().noneMatch(a -> a.getTitle().startsWith("Disable ")));
        }
    }

    @Test
    void criticalFindingsSaySoInTheirMessage() throws Exception {
        Path file = workspace.resolve("A.java");
        Files.writeString(file, WEAK);
        Files.writeString(workspace.resolve(".seclens.json"), "{\"rules\": {\"java/weak-hash\": \"critical\"}}\n");
        try (InProcessServer lsp = start(new ClientCapabilities())) {
            String uri = file.toUri().toString();
            lsp.open(uri, 1, WEAK);
            String message = lsp.awaitVersion(uri, 1).getDiagnostics().get(0).getMessage().getLeft();
            assertTrue(message.startsWith("Critical: java.security.MessageDigest.getInstance(\"MD5\")"), message);
        }
    }
}
