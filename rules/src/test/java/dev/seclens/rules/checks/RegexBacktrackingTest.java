package dev.seclens.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexBacktrackingTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "(a+)+", "(a*)*", "^(a+)+$", "(a+)*b", "([a-zA-Z]+)*", "(\\w+\\s?)*", "(.*a){20}", "(aa+)+",
            "(a|a)*", "(a|aa)+", "(\\w|\\d)+", "(.|\\s)*", "(?:x+x+)+y", "^([a-z0-9]+\\.?)+@", "((ab)+)+",
            "(?i)(A|a)+$", "(\\d+|\\d+\\.)+$", "(?<word>\\w+,?)+;", "([^\"]+\"?)+$", "(\\w+[-.]?)+\\w+@", "(?=(a+)+$)b"})
    void reportsPatternsThatBacktrackCatastrophically(String regex) {
        assertTrue(RegexBacktracking.analyze(regex).isPresent(), regex);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a+", "a*b*", "(ab+)*", "(a+b)*", "(\\w+\\s)*", "(\\d+\\.){3}\\d+", "(a+)++", "(?>a+)+", "(a|b)*",
            "[a-z]+@[a-z]+\\.com", "(\\d{1,3}\\.){3}", "(a+){2}", "^\\s*(#.*)?$", "(abc|abd)*", "(a|ab)*c",
            "([a-z])+", "\\Q(a+)+\\E", "(?x) ( a + ) b # comment", "(x+ )+y", "(?=a+)(a|b)*"})
    void staysQuietOnLinearPatterns(String regex) {
        assertFalse(RegexBacktracking.analyze(regex).isPresent(), () -> regex + " " + RegexBacktracking.analyze(regex));
    }

    @Test
    void namesTheRepeatedPartAndTheCompetingPart() {
        Optional<RegexBacktracking.Problem> problem = RegexBacktracking.analyze("^([a-z]+\\s?)*$");
        assertTrue(problem.isPresent());
        assertEquals("([a-z]+\\s?)*", problem.get().outer());
        assertEquals("[a-z]+", problem.get().inner());
    }

    @Test
    void namesOverlappingBranches() {
        Optional<RegexBacktracking.Problem> problem = RegexBacktracking.analyze("(\\w|\\d)+$");
        assertTrue(problem.isPresent());
        assertEquals("(\\w|\\d)+", problem.get().outer());
        assertEquals("\\w|\\d", problem.get().inner());
    }

    @Test
    void literalFlagAndInvalidPatternsAreNotAnalysed() {
        assertFalse(RegexBacktracking.analyze("(a+)+", Pattern.LITERAL).isPresent());
        assertFalse(RegexBacktracking.analyze("(a+", 0).isPresent());
    }

    @Test
    void commentsFlagIgnoresWhitespaceAndComments() {
        assertTrue(RegexBacktracking.analyze("( a + ) + # nested", Pattern.COMMENTS).isPresent());
        assertFalse(RegexBacktracking.analyze("( a + ) + # nested", 0).isPresent());
    }

    @Test
    void characterClassesAreComparedAsSets() {
        assertTrue(RegexBacktracking.analyze("([a-f\\d]+[0-9])+x").isPresent(), "digits overlap the inner class");
        assertFalse(RegexBacktracking.analyze("([a-f]+[0-9])+x").isPresent(), "each iteration ends with a digit");
        assertFalse(RegexBacktracking.analyze("([a-z&&[^aeiou]]+[aeiou])+x").isPresent(), "intersection");
        assertFalse(RegexBacktracking.analyze("([^0-9]+[0-9])+x").isPresent(), "negation");
    }

    @Test
    void thePossessiveRewriteIsQuietAndFast() {
        // ^(a+)+$ needs about 2^28 steps to reject this input; the possessive form rejects it at once
        String input = "a".repeat(28) + "!";
        assertTrue(RegexBacktracking.analyze("^(a+)+$").isPresent());
        assertFalse(RegexBacktracking.analyze("^(a++)+$").isPresent());
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Pattern.matches("^(a++)+$", input));
    }

    @Test
    void hostileInputsNeverThrow() {
        for (String regex : new String[] {"", "(", "[", "\\", "a{", "(?", "[a-", "\\x{110000}", "(?<n>a)\\k<n>+",
                "\\p{Alpha}+(\\pL+)*", "\\N{LATIN SMALL LETTER A}+", "[\\Q]\\E]+", "(?i:[a-z])+", "x{2,}"}) {
            RegexBacktracking.analyze(regex);
        }
        assertTrue(RegexBacktracking.analyze("(?i:[a-z]+)+$").isPresent());
    }
}
