package dev.seclens.rules.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdvisoryRangeTest {

    private static Advisory.Event event(Advisory.EventKind kind, String version) {
        return new Advisory.Event(kind, version.equals("0") ? Optional.empty() : Optional.of(MavenVersion.of(version)));
    }

    private static Advisory.Range range(String introduced, Advisory.EventKind endKind, String end) {
        return new Advisory.Range(List.of(event(Advisory.EventKind.INTRODUCED, introduced), event(endKind, end)));
    }

    private static boolean affects(Advisory.Range range, String version) {
        return range.affects(MavenVersion.of(version));
    }

    @Test
    void introducedIsInclusiveAndFixedExclusive() {
        Advisory.Range range = range("2.13.0", Advisory.EventKind.FIXED, "2.15.0");
        assertFalse(affects(range, "2.12.9"));
        assertTrue(affects(range, "2.13.0"));
        assertTrue(affects(range, "2.14.1"));
        assertTrue(affects(range, "2.15.0-rc1"));
        assertFalse(affects(range, "2.15.0"));
        assertFalse(affects(range, "2.15"));
        assertFalse(affects(range, "2.16.0"));
    }

    @Test
    void lastAffectedIsInclusive() {
        Advisory.Range range = range("1.0", Advisory.EventKind.LAST_AFFECTED, "1.4.17");
        assertTrue(affects(range, "1.4.17"));
        assertTrue(affects(range, "1.0"));
        assertFalse(affects(range, "1.4.18"));
        assertFalse(affects(range, "0.9"));
    }

    @Test
    void introducedZeroMeansEveryEarlierVersion() {
        Advisory.Range range = range("0", Advisory.EventKind.FIXED, "2.0");
        assertTrue(affects(range, "0.1"));
        assertTrue(affects(range, "1.33"));
        assertTrue(affects(range, "2.0-rc1"));
        assertFalse(affects(range, "2.0"));
    }

    @Test
    void severalIntervalsInOneRangeAndSeveralRanges() {
        Advisory.Range reopened = new Advisory.Range(List.of(
                event(Advisory.EventKind.FIXED, "1.5"), event(Advisory.EventKind.INTRODUCED, "1.0"),
                event(Advisory.EventKind.INTRODUCED, "2.0"), event(Advisory.EventKind.FIXED, "2.2")));
        assertTrue(affects(reopened, "1.2"));
        assertFalse(affects(reopened, "1.7"));
        assertTrue(affects(reopened, "2.1"));
        assertFalse(affects(reopened, "2.2"));

        Advisory.Affected log4j = new Advisory.Affected("org.apache.logging.log4j:log4j-core", List.of(
                range("2.0-beta9", Advisory.EventKind.FIXED, "2.3.1"),
                range("2.4", Advisory.EventKind.FIXED, "2.12.2"),
                range("2.13.0", Advisory.EventKind.FIXED, "2.15.0")), Set.of());
        assertTrue(log4j.affects(MavenVersion.of("2.3")));
        assertFalse(log4j.affects(MavenVersion.of("2.3.1")));
        assertTrue(log4j.affects(MavenVersion.of("2.12.1")));
        assertFalse(log4j.affects(MavenVersion.of("2.12.2")));
        assertEquals(Optional.of(MavenVersion.of("2.12.2")), log4j.fixedAfter(MavenVersion.of("2.11.0")));
        assertEquals(Optional.of(MavenVersion.of("2.15.0")), log4j.fixedAfter(MavenVersion.of("2.14.1")));
        assertEquals(Optional.empty(), log4j.fixedAfter(MavenVersion.of("2.15.0")));
    }

    @Test
    void explicitVersionListsMatchWhateverTheSpelling() {
        Advisory.Affected listed = new Advisory.Affected("g:a", List.of(), Set.of("1.0", "1.2.3"));
        assertTrue(listed.affects(MavenVersion.of("1.0.0")));
        assertTrue(listed.affects(MavenVersion.of("1.2.3")));
        assertFalse(listed.affects(MavenVersion.of("1.2.4")));
    }
}
