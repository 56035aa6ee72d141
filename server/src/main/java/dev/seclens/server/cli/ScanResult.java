package dev.seclens.server.cli;

import dev.seclens.rules.Finding;
import dev.seclens.rules.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Everything one scan found, with files in path order: what every report is rendered from. */
record ScanResult(List<FileOutcome.Scanned> files, List<FileOutcome.Skipped> skipped, Duration elapsed,
        OptionalInt baselined) {

    ScanResult {
        files = files.stream().sorted(Comparator.comparing(FileOutcome.Scanned::path)).toList();
        skipped = skipped.stream().sorted(Comparator.comparing(FileOutcome.Skipped::path)).toList();
    }

    ScanResult(List<FileOutcome.Scanned> files, List<FileOutcome.Skipped> skipped, Duration elapsed) {
        this(files, skipped, elapsed, OptionalInt.empty());
    }

    /**
     * This result without the findings whose fingerprints are in {@code baseline} (a previous
     * SARIF report), counting how many were left out.
     */
    ScanResult withoutBaseline(Set<String> baseline) {
        List<FileOutcome.Scanned> kept = files.stream().map(f -> f.without(baseline)).toList();
        int left = findingCount() - kept.stream().mapToInt(f -> f.findings().size()).sum();
        return new ScanResult(kept, skipped, elapsed, OptionalInt.of(left));
    }

    int suppressedCount() {
        return files.stream().mapToInt(f -> f.suppressed().size()).sum();
    }

    static ScanResult of(List<? extends FileOutcome> outcomes, Duration elapsed) {
        List<FileOutcome.Scanned> files = new ArrayList<>();
        List<FileOutcome.Skipped> skipped = new ArrayList<>();
        for (FileOutcome outcome : outcomes) {
            if (outcome instanceof FileOutcome.Scanned s) {
                files.add(s);
            } else if (outcome instanceof FileOutcome.Skipped s) {
                skipped.add(s);
            }
        }
        return new ScanResult(files, skipped, elapsed);
    }

    long lines() {
        return files.stream().mapToLong(FileOutcome.Scanned::lines).sum();
    }

    int findingCount() {
        return files.stream().mapToInt(f -> f.findings().size()).sum();
    }

    List<ScanWarning> warnings() {
        return files.stream().flatMap(f -> f.warnings().stream()).toList();
    }

    /** Whether a finding is at least as severe as {@code threshold}; never with no threshold. */
    boolean hasFindingAtLeast(Optional<Severity> threshold) {
        return threshold.isPresent() && files.stream()
                .flatMap(f -> f.findings().stream())
                .map(Finding::severity)
                .anyMatch(s -> s.compareTo(threshold.get()) >= 0);
    }
}
