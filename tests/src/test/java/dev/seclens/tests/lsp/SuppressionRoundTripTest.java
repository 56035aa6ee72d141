package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.ResourceOperationKind;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suppressions in the editor: suppressed findings are not published, and the three suppression
 * actions each make their diagnostic go away, the ignore file one through
 * {@code workspace/executeCommand} and the client's {@code workspace/applyEdit}.
 */
class SuppressionRoundTripTest {
    private static final String TEXT = """
            package demo;

            import java.security.MessageDigest;

            class Hashes {
                byte[] quiet(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data); // seclens-ignore java/weak-hash
                }

                byte[] line(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }

                @SuppressWarnings("unchecked")
                byte[] method(byte[] data) throws Exception {
                    return MessageDigest.getInstance("SHA-1").digest(data);
                }

                byte[] accepted(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD2").digest(data);
                }
            }
            """;

    @TempDir
    Path project;

    @Test
    void eachSuppressionActionRemovesItsDiagnostic() throws Exception {
        Files.createDirectories(project.resolve(".git"));
        Path source = project.resolve("src/main/java/demo/Hashes.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, TEXT);
        String uri = source.toUri().toString();
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            assertTrue(lsp.initialize(clientCreatingFiles()).getCapabilities().getExecuteCommandProvider().getCommands()
                    .contains("seclens.acceptFinding"));
            lsp.client.applyEdit = edit -> applyToDisk(edit);
            lsp.open(uri, 1, TEXT);
            PublishDiagnosticsParams published = lsp.awaitVersion(uri, 1);
            assertEquals(List.of(11, 16, 20), lines(published), "the ignored finding on line 7 is not published");

            String text = TEXT;
            int version = 1;
            // Ignore on this line
            CodeAction onLine = action(lsp, uri, diagnostic(published, 11), "Ignore java/weak-hash on this line");
            text = QuickFixRoundTripTest.apply(text, onLine.getEdit().getChanges().get(uri));
            assertTrue(text.contains("digest(data); // seclens-ignore java/weak-hash\n"), text);
            lsp.change(uri, ++version, new TextDocumentContentChangeEvent(text));
            published = lsp.awaitVersion(uri, version);
            assertEquals(List.of(16, 20), lines(published));

            // Ignore in this method, keeping the existing value
            CodeAction inMethod = action(lsp, uri, diagnostic(published, 16), "Ignore java/weak-hash in this method");
            text = QuickFixRoundTripTest.apply(text, inMethod.getEdit().getChanges().get(uri));
            assertTrue(text.contains("    @SuppressWarnings({\"unchecked\", \"seclens:java/weak-hash\"})\n"
                    + "    byte[] method("), text);
            lsp.change(uri, ++version, new TextDocumentContentChangeEvent(text));
            published = lsp.awaitVersion(uri, version);
            assertEquals(List.of(20), lines(published));

            // Accept: a command; the server asks the client to create .seclens/ignored.json
            CodeAction accept = action(lsp, uri, diagnostic(published, 20),
                    "Accept this finding (record in .seclens/ignored.json)");
            Command command = accept.getCommand();
            assertEquals("seclens.acceptFinding", command.getCommand());
            lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams(command.getCommand(),
                    command.getArguments())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, lsp.client.editsRequested.size());
            Path ignoreFile = project.resolve(".seclens/ignored.json");
            String ignored = Files.readString(ignoreFile);
            assertTrue(ignored.contains("\"rule\": \"java/weak-hash\"")
                    && ignored.contains("\"path\": \"src/main/java/demo/Hashes.java\""), ignored);
            published = lsp.awaitDiagnostics(uri, p -> p.getDiagnostics().isEmpty());
            assertNotNull(published);

            // A second finding accepted: the whole file is replaced, the first entry kept
            text = text.replace("getInstance(\"MD2\").digest(data);", "getInstance(\"MD2\").digest(data);\n"
                    + "        MessageDigest.getInstance(\"MD4\");");
            lsp.change(uri, ++version, new TextDocumentContentChangeEvent(text));
            published = lsp.awaitVersion(uri, version);
            assertEquals(List.of(21), lines(published));
            Command second = action(lsp, uri, diagnostic(published, 21),
                    "Accept this finding (record in .seclens/ignored.json)").getCommand();
            lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams(second.getCommand(),
                    second.getArguments())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            WorkspaceEdit replace = lsp.client.editsRequested.get(1).getEdit();
            assertEquals(1, replace.getDocumentChanges().size(), "the file exists: no create");
            assertEquals(2, Files.readString(ignoreFile).split("\"fingerprint\"").length - 1);
            lsp.awaitDiagnostics(uri, p -> p.getDiagnostics().isEmpty());
        }
    }

    /** A client such as VS Code: it applies workspace edits that create files. */
    static ClientCapabilities clientCreatingFiles() {
        WorkspaceEditCapabilities edits = new WorkspaceEditCapabilities();
        edits.setDocumentChanges(true);
        edits.setResourceOperations(List.of(ResourceOperationKind.Create));
        WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
        workspace.setApplyEdit(true);
        workspace.setWorkspaceEdit(edits);
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setWorkspace(workspace);
        return capabilities;
    }

    private static List<Integer> lines(PublishDiagnosticsParams params) {
        return params.getDiagnostics().stream().map(d -> d.getRange().getStart().getLine() + 1).toList();
    }

    private static Diagnostic diagnostic(PublishDiagnosticsParams params, int line) {
        return params.getDiagnostics().stream().filter(d -> d.getRange().getStart().getLine() + 1 == line)
                .findFirst().orElseThrow();
    }

    /** The action titled {@code title} for a diagnostic echoed back with its code and range only. */
    private static CodeAction action(InProcessServer lsp, String uri, Diagnostic diagnostic, String title)
            throws Exception {
        Diagnostic echoed = new Diagnostic(diagnostic.getRange(), diagnostic.getMessage().getLeft());
        echoed.setCode(diagnostic.getCode().getLeft());
        List<Either<Command, CodeAction>> actions = lsp.server.getTextDocumentService()
                .codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), diagnostic.getRange(),
                        new CodeActionContext(List.of(echoed))))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<String> titles = actions.stream().map(a -> a.getRight().getTitle()).toList();
        CodeAction action = actions.stream().map(Either::getRight).filter(a -> a.getTitle().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError(title + " not in " + titles));
        assertEquals(CodeActionKind.QuickFix, action.getKind());
        assertFalse(action.getIsPreferred());
        return action;
    }

    /** What a client does with the server's edit: create files, apply text edits, save. */
    private static boolean applyToDisk(WorkspaceEdit edit) {
        try {
            for (Either<TextDocumentEdit, ResourceOperation> change : edit.getDocumentChanges()) {
                if (change.isRight()) {
                    Path created = Path.of(URI.create(change.getRight() instanceof org.eclipse.lsp4j.CreateFile c
                            ? c.getUri() : ""));
                    Files.createDirectories(created.getParent());
                    if (!Files.exists(created)) {
                        Files.writeString(created, "");
                    }
                } else {
                    TextDocumentEdit textEdit = change.getLeft();
                    Path file = Path.of(URI.create(textEdit.getTextDocument().getUri()));
                    String before = Files.readString(file, StandardCharsets.UTF_8);
                    Files.writeString(file, QuickFixRoundTripTest.apply(before, new ArrayList<>(textEdit.getEdits().stream().map(Either::getLeft).toList())));
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
