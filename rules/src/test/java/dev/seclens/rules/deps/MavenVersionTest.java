package dev.seclens.rules.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MavenVersionTest {

    private static void assertOrder(String... versions) {
        for (int i = 0; i + 1 < versions.length; i++) {
            MavenVersion lower = MavenVersion.of(versions[i]);
            MavenVersion higher = MavenVersion.of(versions[i + 1]);
            assertTrue(lower.compareTo(higher) < 0, versions[i] + " < " + versions[i + 1]);
            assertTrue(higher.compareTo(lower) > 0, versions[i + 1] + " > " + versions[i]);
        }
    }

    private static void assertSame(String a, String b) {
        assertEquals(0, MavenVersion.of(a).compareTo(MavenVersion.of(b)), a + " == " + b);
        assertEquals(MavenVersion.of(a), MavenVersion.of(b));
        assertEquals(MavenVersion.of(a).hashCode(), MavenVersion.of(b).hashCode());
    }

    @Test
    void qualifiersOrderFromAlphaToServicePack() {
        assertOrder("1.0-alpha", "1.0-beta", "1.0-milestone", "1.0-rc", "1.0-SNAPSHOT", "1.0", "1.0-sp", "1.0-whatever", "1.0.1");
        assertOrder("1.0-alpha1", "1.0-alpha2", "1.0-alpha10", "1.0-beta1");
        assertOrder("1.0-rc1", "1.0-rc2", "1.0");
    }

    @Test
    void releaseSpellingsAndPaddingAreEqual() {
        assertSame("1.0", "1");
        assertSame("1.0.0", "1");
        assertSame("1.0.Final", "1.0");
        assertSame("4.1.60.Final", "4.1.60");
        assertSame("1.0-GA", "1");
        assertSame("1.0-RELEASE", "1.0");
        assertSame("1.0-cr1", "1.0-rc1");
        assertSame("1.0a1", "1.0-alpha-1");
        assertSame("1.0b2", "1.0-beta-2");
        assertSame("1.0m3", "1.0-milestone-3");
    }

    @Test
    void numbersCompareNumericallyNotAlphabetically() {
        assertOrder("2.9.10.5", "2.10.0", "2.10.1", "2.12.2", "2.13.0");
        assertOrder("1.4.9", "1.4.10", "1.4.18");
        assertOrder("2.0-beta9", "2.0-rc1", "2.0", "2.3.1", "2.4");
        assertOrder("9.0.0-M1", "9.0.0", "9.0.68");
        assertOrder("4.1.59.Final", "4.1.60.Final", "4.1.71.Final");
        assertOrder("1.0", "1.0.0.1", "1.1", "100000000000000000000");
    }

    @Test
    void servicePackAndNumbersAfterTheRelease() {
        assertOrder("1", "1-sp", "1-1", "1.1");
        assertOrder("2.5", "2.5.10", "2.5.10.1");
        assertEquals(List.of("1.0-SNAPSHOT", "1.0", "1.0.1"), List.of(MavenVersion.of("1.0.1"), MavenVersion.of("1.0"),
                MavenVersion.of("1.0-SNAPSHOT")).stream().sorted().map(MavenVersion::toString).toList());
    }
}
