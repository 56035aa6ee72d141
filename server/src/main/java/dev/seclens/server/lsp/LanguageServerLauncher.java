package dev.seclens.server.lsp;

/** Placeholder until the language server lands in this session. */
public final class LanguageServerLauncher {
    private LanguageServerLauncher() {
    }

    public static void runOnStdio() {
        System.err.println("seclens lsp: not built yet");
    }
}
