package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analysis;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which outcomes a scan keeps for the next: partial by the engine's step limits yes, by the clock no. */
class CacheableOutcomeTest {
    private static FileOutcome.Scanned withWarning(ScanWarning.Kind kind, String message) {
        return new FileOutcome.Scanned("A.java", 10, List.of(), List.of(new ScanWarning("A.java", kind, message,
                Optional.empty(), Optional.empty())), List.of(), Map.of());
    }

    @Test
    void anOutcomeTheEnginesStepLimitsMadePartialIsKeptWithItsNote() {
        assertTrue(OnePassScan.cacheable(withWarning(ScanWarning.Kind.INCOMPLETE,
                "taint analysis limited: the loop at line 3 did not settle in 8 rounds")));
        assertTrue(OnePassScan.cacheable(new FileOutcome.Scanned("A.java", 10, List.of(), List.of(), List.of(), Map.of())));
    }

    @Test
    void anOutcomeCutShortByTheTimeBudgetOrARuleFailureIsNot() {
        assertFalse(OnePassScan.cacheable(withWarning(ScanWarning.Kind.INCOMPLETE,
                Analysis.stoppedAfter(2000, Optional.of("java/sql-injection"), List.of("java/xss")))));
        assertFalse(OnePassScan.cacheable(withWarning(ScanWarning.Kind.RULE_FAILURE, "rule java/xss failed: boom")));
    }
}
