package dev.seclens.server;

import dev.seclens.server.cli.MergeCommand;
import dev.seclens.server.cli.ScanCommand;
import dev.seclens.server.lsp.LanguageServerLauncher;
import java.io.PrintStream;

/** {@code seclens lsp} (editor mode over stdio) or {@code seclens scan PATH...} (batch mode). */
public final class Main {
    static final String USAGE = """
            usage: seclens lsp [--stdio]          start the language server on stdin/stdout
                   seclens lsp --socket PORT      serve one client on 127.0.0.1:PORT (0: any free port)
                   seclens scan [options] PATH... scan files and folders (seclens scan --help)
                   seclens merge [-o FILE] A.sarif B.sarif...  merge SARIF reports, e.g. of scan shards
                   seclens --version""";

    static final String LSP_USAGE = """
            usage: seclens lsp [--stdio]       the language server, LSP over stdin/stdout (what editors start)
                   seclens lsp --socket PORT   serve one client on 127.0.0.1:PORT (0: any free port)
            Editors set it up as shown in clients/*/README.md; settings come from the editor and
            .seclens.json (docs/cli.md).""";

    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, System.out, System.err);
        } catch (Throwable t) {
            // whatever escaped (an OutOfMemoryError included): one line and the error status, never
            // a stack trace in a public CI log nor exit 1, which means "findings"
            System.err.println("seclens: fatal: " + oneLine(t));
            status = 2;
        }
        System.exit(status);
    }

    static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().replaceAll("\\s+", " ");
        return t.getClass().getSimpleName() + message;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "lsp", "--stdio" -> {
                String[] options = args[0].equals("lsp") ? rest : args;
                if (options.length == 1 && (options[0].equals("--help") || options[0].equals("-h"))) {
                    out.println(LSP_USAGE);
                    return 0;
                }
                if (options.length > 0 && (options[0].equals("--socket") || options[0].startsWith("--socket="))) {
                    return socket(options, err);
                }
                String unknown = unknownLspOption(options);
                if (unknown != null) {
                    err.println("seclens lsp: unknown option '" + unknown + "'");
                    err.println(USAGE);
                    return 2;
                }
                return LanguageServerLauncher.runOnStdio();
            }
            case "scan" -> {
                return ScanCommand.run(rest, System.in, out, err);
            }
            case "merge" -> {
                return MergeCommand.run(rest, java.nio.file.Path.of("").toAbsolutePath(), out, err);
            }
            case "--version", "version" -> {
                out.println("seclens " + Version.current());
                return 0;
            }
            case "--help", "-h", "help" -> {
                out.println(USAGE);
                return 0;
            }
            default -> {
                err.println("seclens: unknown command '" + args[0] + "'");
                err.println(USAGE);
                return 2;
            }
        }
    }

    /** {@code lsp --socket PORT} or {@code --socket=PORT}, nothing else. */
    private static int socket(String[] options, PrintStream err) {
        String port = options[0].startsWith("--socket=") ? options[0].substring("--socket=".length())
                : options.length > 1 ? options[1] : "";
        int consumed = options[0].startsWith("--socket=") ? 1 : 2;
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535 || options.length > consumed) {
            err.println("seclens lsp: --socket needs a port from 0 to 65535 and nothing after it");
            err.println(USAGE);
            return 2;
        }
        return LanguageServerLauncher.runOnSocket(Integer.parseInt(port), err);
    }

    /**
     * Without {@code --socket}, stdio is the transport, so {@code --stdio} (appended by VS Code's client) changes nothing;
     * {@code --clientProcessId=N}, which that client may append too, is accepted and ignored.
     */
    private static String unknownLspOption(String[] options) {
        for (String option : options) {
            if (!option.equals("--stdio") && !option.startsWith("--clientProcessId=")) {
                return option;
            }
        }
        return null;
    }
}
