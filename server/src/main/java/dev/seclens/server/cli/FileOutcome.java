package dev.seclens.server.cli;

import dev.seclens.rules.Finding;
import dev.seclens.rules.SuppressedFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What became of one file: analysed (perhaps with warnings), skipped for a reason, or set aside as generated. */
sealed interface FileOutcome {

    /** The path as the reports show it. */
    String path();

    /**
     * @param findings     the findings reported (suppressed and baseline ones left out)
     * @param suppressed   the findings a suppression matched, reported only as such
     * @param fingerprints every finding's fingerprint, reported or suppressed
     */
    record Scanned(String path, int lines, List<Finding> findings, List<ScanWarning> warnings,
            List<SuppressedFinding> suppressed, Map<Finding, String> fingerprints) implements FileOutcome {
        public Scanned {
            findings = List.copyOf(findings);
            warnings = List.copyOf(warnings);
            suppressed = List.copyOf(suppressed);
            fingerprints = Map.copyOf(fingerprints);
        }

        Scanned(String path, int lines, List<Finding> findings, List<ScanWarning> warnings) {
            this(path, lines, findings, warnings, List.of(), Map.of());
        }

        String fingerprint(Finding finding) {
            return fingerprints.getOrDefault(finding, "");
        }

        /** This file without the findings whose fingerprints are in {@code baseline}. */
        Scanned without(Set<String> baseline) {
            List<Finding> kept = new ArrayList<>();
            for (Finding f : findings) {
                if (!baseline.contains(fingerprint(f))) {
                    kept.add(f);
                }
            }
            return new Scanned(path, lines, kept, warnings, suppressed, fingerprints);
        }
    }

    record Skipped(String path, String reason) implements FileOutcome {
    }

    /** A generated source, set aside unread but for its head: not a failure, and listed as such. */
    record Generated(String path, String reason) implements FileOutcome {
    }
}
