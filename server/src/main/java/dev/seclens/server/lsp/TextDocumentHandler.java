package dev.seclens.server.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/** textDocument/* messages, unpacked for the diagnostics (pushed or pulled), code action and hover services. */
final class TextDocumentHandler implements TextDocumentService {
    private final DiagnosticsService diagnostics;
    private final CodeActionService codeActions;
    private final HoverService hovers;
    private final FixResolution fixes;

    TextDocumentHandler(DiagnosticsService diagnostics, CodeActionService codeActions, HoverService hovers,
                        FixResolution fixes) {
        this.diagnostics = diagnostics;
        this.codeActions = codeActions;
        this.hovers = hovers;
        this.fixes = fixes;
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return CompletableFuture.completedFuture(
                hovers.hover(params.getTextDocument().getUri(), params.getPosition()).orElse(null));
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        return codeActions.quickFixes(params.getTextDocument().getUri(), params.getRange(),
                        params.getContext().getDiagnostics())
                .thenApply(actions -> actions.stream().map(Either::<Command, CodeAction>forRight).toList());
    }

    @Override
    public CompletableFuture<DocumentDiagnosticReport> diagnostic(DocumentDiagnosticParams params) {
        return diagnostics.pulls().document(params.getTextDocument().getUri(), params.getPreviousResultId());
    }

    @Override
    public CompletableFuture<CodeAction> resolveCodeAction(CodeAction unresolved) {
        return fixes.resolve(unresolved);
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        TextDocumentItem document = params.getTextDocument();
        diagnostics.opened(document.getUri(), document.getLanguageId(), document.getVersion(), document.getText());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        diagnostics.changed(params.getTextDocument().getUri(), params.getTextDocument().getVersion(),
                params.getContentChanges());
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        diagnostics.saved(params.getTextDocument().getUri(), params.getText());
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        diagnostics.closed(params.getTextDocument().getUri());
    }
}
