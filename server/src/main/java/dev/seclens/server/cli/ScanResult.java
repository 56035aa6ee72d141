package dev.seclens.server.cli;

import dev.seclens.rules.Finding;
import dev.seclens.rules.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Everything one scan found, with files in path order: what every report is rendered from.
 *
 * @param cache      when the scan used its cache: where it is, and how many files' findings came from it
 * @param incomplete when the scan stopped before every file was analysed: why (the report then
 *                   holds what was found until then)
 */
record ScanResult(List<FileOutcome.Scanned> files, List<FileOutcome.Skipped> skipped,
        List<FileOutcome.Generated> generated, Duration elapsed, OptionalInt baselined, Optional<CacheUse> cache,
        Optional<String> incomplete) {

    /** The scan cache's part in a result: its folder, and the files whose findings it gave rather than an analysis. */
    record CacheUse(Path folder, int files) {
    }

    ScanResult {
        files = files.stream().sorted(Comparator.comparing(FileOutcome.Scanned::path)).toList();
        skipped = skipped.stream().sorted(Comparator.comparing(FileOutcome.Skipped::path)).toList();
        generated = generated.stream().sorted(Comparator.comparing(FileOutcome.Generated::path)).toList();
    }

    ScanResult(List<FileOutcome.Scanned> files, List<FileOutcome.Skipped> skipped, Duration elapsed) {
        this(files, skipped, List.of(), elapsed, OptionalInt.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * This result without the findings whose fingerprints are in {@code baseline} (a previous
     * SARIF report), counting how many were left out.
     */
    ScanResult withoutBaseline(Set<String> baseline) {
        List<FileOutcome.Scanned> kept = files.stream().map(f -> f.without(baseline)).toList();
        int left = findingCount() - kept.stream().mapToInt(f -> f.findings().size()).sum();
        return new ScanResult(kept, skipped, generated, elapsed, OptionalInt.of(left), cache, incomplete);
    }

    ScanResult withCache(CacheUse use) {
        return new ScanResult(files, skipped, generated, elapsed, baselined, Optional.of(use), incomplete);
    }

    ScanResult incomplete(String reason) {
        return new ScanResult(files, skipped, generated, elapsed, baselined, cache, Optional.of(reason));
    }

    int suppressedCount() {
        return files.stream().mapToInt(f -> f.suppressed().size()).sum();
    }

    static ScanResult of(List<? extends FileOutcome> outcomes, Duration elapsed) {
        List<FileOutcome.Scanned> files = new ArrayList<>();
        List<FileOutcome.Skipped> skipped = new ArrayList<>();
        List<FileOutcome.Generated> generated = new ArrayList<>();
        for (FileOutcome outcome : outcomes) {
            if (outcome instanceof FileOutcome.Scanned s) {
                files.add(s);
            } else if (outcome instanceof FileOutcome.Skipped s) {
                skipped.add(s);
            } else if (outcome instanceof FileOutcome.Generated g) {
                generated.add(g);
            }
        }
        return new ScanResult(files, skipped, generated, elapsed, OptionalInt.empty(), Optional.empty(), Optional.empty());
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
