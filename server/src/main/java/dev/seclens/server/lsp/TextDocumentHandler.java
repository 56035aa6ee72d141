package dev.seclens.server.lsp;

import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.services.TextDocumentService;

/** textDocument/* notifications, unpacked for {@link DiagnosticsService}. */
final class TextDocumentHandler implements TextDocumentService {
    private final DiagnosticsService diagnostics;

    TextDocumentHandler(DiagnosticsService diagnostics) {
        this.diagnostics = diagnostics;
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
