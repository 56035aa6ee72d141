package dev.seclens.server.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** Placeholder until the scan command lands in this session. */
public final class ScanCommand {
    private ScanCommand() {
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("seclens scan: not built yet");
        return 2;
    }
}
