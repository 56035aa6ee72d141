package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RegexAlphabetTest {
    private static final Set<String> EVERY_KIND = Set.of(TaintSpecs.ALL_KINDS);

    @Test
    void lettersDigitsAndUnderscoresAreSafeEverywhere() {
        assertEquals(EVERY_KIND, RegexAlphabet.safeKinds("[A-Za-z_][A-Za-z0-9_]{0,30}"));
        assertEquals(EVERY_KIND, RegexAlphabet.safeKinds("^\\d+$"));
        assertEquals(EVERY_KIND, RegexAlphabet.safeKinds("(?i)[a-z]+"));
        assertEquals(EVERY_KIND, RegexAlphabet.safeKinds("(?<id>[0-9]{1,9})"));
    }

    @Test
    void anythingGoesProvesNothing() {
        assertEquals(Set.of(), RegexAlphabet.safeKinds(".*"));
        assertEquals(Set.of(), RegexAlphabet.safeKinds("[^<>]+"));
        assertEquals(Set.of(), RegexAlphabet.safeKinds("\\S+"));
        assertEquals(Set.of(), RegexAlphabet.safeKinds("\\p{Alpha}+"));
        assertEquals(Set.of(), RegexAlphabet.safeKinds("[a-z&&[^x]]+"));
        assertEquals(Set.of(), RegexAlphabet.safeKinds(""));
    }

    @Test
    void aQuoteOrASpaceRulesOutSqlButNotLogs() {
        Set<String> safe = RegexAlphabet.safeKinds("[a-z' ]+");
        assertFalse(safe.contains("sql"));
        assertFalse(safe.contains("xss"));
        assertTrue(safe.contains("log"));
        assertTrue(safe.contains("path"));
    }

    @Test
    void whitespaceClassesAdmitLineBreaks() {
        Set<String> safe = RegexAlphabet.safeKinds("[\\w\\s]+");
        assertFalse(safe.contains("log"));
        assertFalse(safe.contains("header"));
        assertTrue(safe.contains("xss"));
    }

    @Test
    void dotsRuleOutHostsAndSlashesRuleOutPaths() {
        Set<String> safe = RegexAlphabet.safeKinds("[\\w.-]+");
        assertTrue(safe.contains("path")); // no separator: the name stays in its directory
        assertFalse(RegexAlphabet.safeKinds("[\\w./-]+").contains("path"));
        assertFalse(safe.contains("ssrf"));
        assertFalse(safe.contains("sql")); // a hyphen starts a comment
        assertTrue(safe.contains("xss"));
        assertTrue(safe.contains("log"));
    }

    @Test
    void escapedMetacharactersAndQuotedTextStandForThemselves() {
        assertTrue(RegexAlphabet.safeKinds("[a-z]+\\.txt").contains("path"));
        assertFalse(RegexAlphabet.safeKinds("[a-z]+\\\\.txt").contains("path")); // an escaped backslash, then any character
        assertFalse(RegexAlphabet.safeKinds("\\Q<b>\\E[a-z]+").contains("xss"));
        assertTrue(RegexAlphabet.safeKinds("[a-z]+\\.txt").contains("xss"));
    }
}
