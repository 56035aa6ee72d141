package dev.seclens.server.lsp;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * One server-initiated work-done progress ({@code window/workDoneProgress/create}, then
 * {@code $/progress} begin, reports, end), or nothing at all when the client cannot show it.
 * Reports are sent only when the percentage moves, so a large workspace costs at most 100.
 */
final class WorkDoneProgress {
    private final LanguageClient client;
    private final String token;
    private int lastPercentage = -1;

    private WorkDoneProgress(LanguageClient client, String token) {
        this.client = client;
        this.token = token;
    }

    /** Asks the client for a progress {@code token}; blocks up to 5 s, so not on the protocol thread. */
    static WorkDoneProgress create(LanguageClient client, boolean supported, String token) throws InterruptedException {
        if (client == null || !supported) {
            return new WorkDoneProgress(null, token);
        }
        try {
            client.createProgress(new WorkDoneProgressCreateParams(Either.forLeft(token))).get(5, TimeUnit.SECONDS);
            return new WorkDoneProgress(client, token);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return new WorkDoneProgress(null, token); // the client refused or did not answer: no progress
        }
    }

    String token() {
        return token;
    }

    void begin(String title, String message) {
        WorkDoneProgressBegin begin = new WorkDoneProgressBegin();
        begin.setTitle(title);
        begin.setCancellable(true);
        begin.setMessage(message);
        begin.setPercentage(0);
        lastPercentage = 0;
        send(begin);
    }

    void report(int done, int total) {
        int percentage = total == 0 ? 100 : (int) (100L * done / total);
        if (percentage == lastPercentage) {
            return;
        }
        lastPercentage = percentage;
        WorkDoneProgressReport report = new WorkDoneProgressReport();
        report.setMessage(done + "/" + total + " files");
        report.setPercentage(percentage);
        send(report);
    }

    void end(String message) {
        WorkDoneProgressEnd end = new WorkDoneProgressEnd();
        end.setMessage(message);
        send(end);
    }

    private void send(WorkDoneProgressNotification notification) {
        if (client == null) {
            return;
        }
        try {
            client.notifyProgress(new ProgressParams(Either.forLeft(token), Either.forLeft(notification)));
        } catch (RuntimeException e) {
            // the client has gone; the scan finishes regardless
        }
    }
}
