package dev.seclens.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scan's messages on standard error, kept apart from the report on standard output: one line
 * per skipped file, one per file with warnings, and the closing summary.
 */
final class ScanLog {
    private final PrintStream err;

    ScanLog(PrintStream err) {
        this.err = err;
    }

    /** Standard error, for the progress display. */
    PrintStream stream() {
        return err;
    }

    void error(String message) {
        err.println("seclens: " + message);
    }

    void problems(ScanResult result) {
        for (FileOutcome.Skipped s : result.skipped()) {
            err.println("seclens: skipped " + TextReport.escaped(s.path()) + ": " + s.reason());
        }
        for (FileOutcome.Scanned file : result.files()) {
            List<ScanWarning> syntax = new ArrayList<>();
            for (ScanWarning w : file.warnings()) {
                if (w.kind() == ScanWarning.Kind.SYNTAX_ERROR) {
                    syntax.add(w);
                } else {
                    err.println("seclens: warning: " + TextReport.escaped(w.path()) + ": " + w.message());
                }
            }
            // One line per file: the first problem locates the damage, the rest are usually echoes.
            if (!syntax.isEmpty()) {
                ScanWarning first = syntax.get(0);
                String more = syntax.size() > 1 ? " (and " + (syntax.size() - 1) + " more)" : "";
                err.println("seclens: warning: " + TextReport.escaped(first.path())
                        + first.range().map(r -> ":" + r.startLine() + ":" + r.startColumn()).orElse("")
                        + ": syntax error, analysed what parsed: " + TextReport.oneLine(first.message()) + more);
            }
        }
    }

    void summary(ScanResult result) {
        String baseline = result.baselined().isPresent() ? ", " + result.baselined().getAsInt() + " in baseline" : "";
        String generated = result.generated().isEmpty() ? "" : ", " + result.generated().size() + " generated (not analysed)";
        // a finding the cache left out would otherwise leave no trace: say how much of the report it gave
        String cache = result.cache().map(c -> ", " + c.files() + " from the cache in "
                + TextReport.escaped(c.folder().toString())).orElse("");
        err.println(String.format(Locale.ROOT, "seclens: %d files, %d lines, %d findings, %d suppressed%s, %d skipped%s%s, %.2fs",
                result.files().size(), result.lines(), result.findingCount(), result.suppressedCount(), baseline,
                result.skipped().size(), generated, cache, result.elapsed().toMillis() / 1000.0));
    }
}
