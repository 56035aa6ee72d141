package dev.seclens.server.cli;

import com.google.gson.JsonObject;
import dev.seclens.rules.Severity;
import dev.seclens.server.UserFiles;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code seclens merge a.sarif b.sarif ... [-o all.sarif] [--fail-on SEVERITY]}: one SARIF log from
 * the shards of a scan ({@link SarifMerge}); exit status as {@code scan}'s, on the merged results.
 */
public final class MergeCommand {
    static final String HELP = """
            usage: seclens merge [options] FILE.sarif...

            Merges SARIF reports of seclens scan (such as the shards of seclens scan --shard I/N)
            into one: rules unioned, results deduplicated by rule, fingerprint and location,
            invocations combined.

            options:
              -o, --output FILE     write the merged report to FILE, atomically (default: stdout)
              --fail-on SEVERITY    exit 1 when an unsuppressed result is at least this severe:
                                    info, low, medium, high, critical, or none (default: low)
              -h, --help            show this help

            exit status: 0 no result at or above --fail-on, 1 results at or above it,
                         2 usage error or a file that cannot be read or is not SARIF.
            """;

    private MergeCommand() {
    }

    public static int run(String[] args, Path workingDirectory, PrintStream out, PrintStream err) {
        List<String> inputs = new ArrayList<>();
        String output = null;
        Optional<Severity> failOn = Optional.of(ScanOptions.DEFAULT_FAIL_ON);
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                int eq = arg.indexOf('=');
                String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
                String inline = arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) : null;
                switch (name) {
                    case "-h", "--help" -> {
                        out.print(HELP);
                        out.flush();
                        return ScanCommand.EXIT_CLEAN;
                    }
                    case "-o", "--output" -> output = inline != null ? inline : value(args, ++i, name);
                    case "--fail-on" -> failOn = failOn(inline != null ? inline : value(args, ++i, name));
                    default -> {
                        if (arg.startsWith("-") && !arg.equals("-")) {
                            throw new UsageException("unknown option: " + arg);
                        }
                        inputs.add(arg);
                    }
                }
            }
            if (inputs.isEmpty()) {
                throw new UsageException("no SARIF file given");
            }
            if (output != null && output.isEmpty()) {
                throw new UsageException("--output needs a file name");
            }
        } catch (UsageException e) {
            err.println("seclens: " + e.getMessage() + " (see seclens merge --help)");
            return ScanCommand.EXIT_ERROR;
        }

        SarifMerge merge = new SarifMerge();
        JsonObject merged;
        try {
            for (String input : inputs) {
                try {
                    merge.add(input, UserFiles.readText(workingDirectory.resolve(input), input, UserFiles.MAX_SETTINGS_FILE,
                            Optional.empty()));
                } catch (UserFiles.Refused e) {
                    throw new IllegalArgumentException("cannot read " + e.getMessage());
                }
            }
            merged = merge.merged();
        } catch (IllegalArgumentException e) {
            err.println("seclens: " + e.getMessage());
            return ScanCommand.EXIT_ERROR;
        }
        byte[] report = JsonOutput.print(merged).getBytes(StandardCharsets.UTF_8);
        if (output != null) {
            try {
                ReportOutput.of(Optional.of(output), workingDirectory).write(report, out);
            } catch (ReportOutput.Refused e) {
                err.println("seclens: " + e.getMessage());
                return ScanCommand.EXIT_ERROR;
            }
        } else {
            out.write(report, 0, report.length);
            out.flush();
        }
        int results = merged.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results").size();
        err.println("seclens: merged " + inputs.size() + " reports: " + results + " results");
        return SarifMerge.hasResultAtLeast(merged, failOn) ? ScanCommand.EXIT_FINDINGS : ScanCommand.EXIT_CLEAN;
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length) {
            throw new UsageException("option " + option + " needs a value");
        }
        return args[index];
    }

    private static Optional<Severity> failOn(String text) throws UsageException {
        if (text.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        return Optional.of(Severity.parse(text).orElseThrow(() -> new UsageException("unknown severity '" + text
                + "' (use info, low, medium, high, critical or none)")));
    }
}
