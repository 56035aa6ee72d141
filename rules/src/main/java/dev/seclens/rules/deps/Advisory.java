package dev.seclens.rules.deps;

import dev.seclens.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One OSV advisory, reduced to what SecLens uses: its id, aliases (CVE ids), severity, and the
 * Maven packages it affects.
 *
 * @param severity from {@code database_specific.severity} or a CVSS v3 vector; empty if neither
 */
public record Advisory(String id, List<String> aliases, String summary, Optional<Severity> severity,
                       List<Affected> affected) {

    public Advisory {
        aliases = List.copyOf(aliases);
        affected = List.copyOf(affected);
    }

    /** The CVE ids first (what people search for), then the advisory's own id. */
    public List<String> names() {
        List<String> names = new ArrayList<>(aliases.stream().filter(a -> a.startsWith("CVE-")).toList());
        if (!names.contains(id)) {
            names.add(id);
        }
        return names;
    }

    /**
     * The versions of one Maven package ({@code group:artifact}) it affects: any of the ranges, or
     * one of the listed versions.
     */
    public record Affected(String packageName, List<Range> ranges, Set<String> versions) {
        public Affected {
            ranges = List.copyOf(ranges);
            versions = Set.copyOf(versions);
        }

        public boolean affects(MavenVersion version) {
            return versions.stream().anyMatch(v -> MavenVersion.of(v).equals(version))
                    || ranges.stream().anyMatch(r -> r.affects(version));
        }

        /** The lowest version that fixes {@code version} in the range that affects it, if that range has one. */
        public Optional<MavenVersion> fixedAfter(MavenVersion version) {
            return ranges.stream().filter(r -> r.affects(version))
                    .map(r -> r.fixedAfter(version))
                    .flatMap(Optional::stream)
                    .min(MavenVersion::compareTo);
        }
    }

    /** What an OSV range event does at its version. */
    public enum EventKind { INTRODUCED, FIXED, LAST_AFFECTED }

    /** An event; {@code introduced: "0"} is {@link #version} empty, before every version. */
    public record Event(EventKind kind, Optional<MavenVersion> version) {
        int compareTo(MavenVersion v) {
            return version.map(mine -> mine.compareTo(v)).orElse(-1);
        }
    }

    /** An ECOSYSTEM range: events in version order, as OSV evaluates them. */
    public record Range(List<Event> events) {
        public Range {
            events = events.stream().sorted((a, b) -> a.version().isEmpty() ? (b.version().isEmpty() ? 0 : -1)
                    : b.version().isEmpty() ? 1 : a.version().get().compareTo(b.version().get())).toList();
        }

        /**
         * Walks the events up to {@code version}: an introduced event opens the range, a fixed
         * event at or below the version closes it, a last_affected event below it closes it.
         */
        public boolean affects(MavenVersion version) {
            boolean affected = false;
            for (Event event : events) {
                int c = event.compareTo(version);
                if (c > 0) {
                    break;
                }
                switch (event.kind()) {
                    case INTRODUCED -> affected = true;
                    case FIXED -> affected = false;
                    case LAST_AFFECTED -> affected = affected && c == 0;
                }
            }
            return affected;
        }

        Optional<MavenVersion> fixedAfter(MavenVersion version) {
            return events.stream()
                    .filter(e -> e.kind() == EventKind.FIXED && e.compareTo(version) > 0)
                    .map(e -> e.version().orElseThrow())
                    .findFirst();
        }
    }
}
