package dev.seclens.server.cli;

import dev.seclens.rules.Finding;
import java.util.List;

/** What became of one file: analysed (perhaps with warnings), or skipped for a reason. */
sealed interface FileOutcome {

    /** The path as the reports show it. */
    String path();

    record Scanned(String path, int lines, List<Finding> findings, List<ScanWarning> warnings)
            implements FileOutcome {
        public Scanned {
            findings = List.copyOf(findings);
            warnings = List.copyOf(warnings);
        }
    }

    record Skipped(String path, String reason) implements FileOutcome {
    }
}
