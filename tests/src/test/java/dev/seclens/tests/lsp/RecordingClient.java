package dev.seclens.tests.lsp;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.services.LanguageClient;

/** A language client that records what the server sends, for tests and benchmarks; tests may extend it. */
public class RecordingClient implements LanguageClient {
    public final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
    public final List<PublishDiagnosticsParams> allDiagnostics = new CopyOnWriteArrayList<>();
    public final List<MessageParams> logged = new CopyOnWriteArrayList<>();
    public final List<MessageParams> shown = new CopyOnWriteArrayList<>();
    /** window/workDoneProgress/create tokens, and the $/progress notifications that follow. */
    public final List<String> progressTokens = new CopyOnWriteArrayList<>();
    public final BlockingQueue<ProgressParams> progress = new LinkedBlockingQueue<>();
    public final AtomicInteger diagnosticRefreshes = new AtomicInteger();
    public final List<ApplyWorkspaceEditParams> editsRequested = new CopyOnWriteArrayList<>();
    /** Applies a workspace edit the server asks for; by default, refuses it. */
    public volatile Predicate<WorkspaceEdit> applyEdit = edit -> false;

    @Override
    public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams params) {
        editsRequested.add(params);
        return CompletableFuture.completedFuture(new ApplyWorkspaceEditResponse(applyEdit.test(params.getEdit())));
    }

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams params) {
        allDiagnostics.add(params);
        diagnostics.add(params);
    }

    @Override
    public void logMessage(MessageParams message) {
        logged.add(message);
    }

    @Override
    public void showMessage(MessageParams message) {
        shown.add(message);
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
        progressTokens.add(params.getToken().getLeft());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {
        progress.add(params);
    }

    @Override
    public CompletableFuture<Void> refreshDiagnostics() {
        diagnosticRefreshes.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void telemetryEvent(Object object) {
    }

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
        return CompletableFuture.completedFuture(null);
    }
}
