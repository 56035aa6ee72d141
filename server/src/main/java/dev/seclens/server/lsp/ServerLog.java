package dev.seclens.server.lsp;

import java.io.PrintStream;
import java.util.Locale;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Where the server reports about itself: always stderr (editors keep it in a log file or output
 * pane), and once a client is connected also window/logMessage. Never stdout, which carries the
 * protocol.
 */
final class ServerLog {
    private final PrintStream stderr = System.err;
    private volatile LanguageClient client;

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    void info(String message) {
        log(MessageType.Info, message);
    }

    void warn(String message) {
        log(MessageType.Warning, message);
    }

    void error(String message, Throwable cause) {
        log(MessageType.Error, message + ": " + cause);
        cause.printStackTrace(stderr);
    }

    /** A warning the user should see now, not only in the log: it explains missing diagnostics. */
    void alert(String message) {
        warn(message);
        LanguageClient c = client;
        if (c != null) {
            try {
                c.showMessage(new MessageParams(MessageType.Warning, "SecLens: " + message));
            } catch (RuntimeException e) {
                stderr.println("[seclens] could not show a message to the client: " + e);
            }
        }
    }

    private void log(MessageType type, String message) {
        stderr.println("[seclens] " + type.name().toUpperCase(Locale.ROOT) + " " + message);
        LanguageClient c = client;
        if (c != null) {
            try {
                c.logMessage(new MessageParams(type, message));
            } catch (RuntimeException e) {
                // the client has gone (its end of the stream is closed); stderr still has the message
                stderr.println("[seclens] could not log to the client: " + e);
            }
        }
    }
}
