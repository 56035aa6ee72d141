package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fix a rule offers on the fixtures: applied alone, the result parses, its finding is gone,
 * and no finding of another kind appears.
 */
class FixTest {
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();

    @TestFactory
    Stream<DynamicTest> everyOfferedFixRemovesItsFindingAndAddsNone() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var path : Fixtures.all()) {
            SourceFile source = Fixtures.source(path);
            Analysis before = ANALYZER.analyze(source);
            for (Finding finding : before.findings()) {
                finding.fix().ifPresent(fix -> tests.add(DynamicTest.dynamicTest(
                        source.path() + ":" + finding.range().startLine() + " " + finding.ruleId(),
                        () -> check(source, before, finding, fix))));
            }
        }
        assertTrue(tests.size() >= 10, "fixtures exercise too few fixes: " + tests.size());
        return tests.stream();
    }

    private static void check(SourceFile source, Analysis before, Finding finding, Fix fix) {
        String fixed = FixApplication.apply(source.text(), FixApplication.edits(fix, before));
        Analysis after = ANALYZER.analyze(new SourceFile(source.path(), fixed));
        assertEquals(List.of(), after.syntaxProblems(), fixed);
        long sameRuleBefore = before.findings().stream().filter(f -> f.ruleId().equals(finding.ruleId())).count();
        long sameRuleAfter = after.findings().stream().filter(f -> f.ruleId().equals(finding.ruleId())).count();
        assertTrue(sameRuleAfter < sameRuleBefore, "the fix left its finding: " + finding.message());
        for (Finding other : after.findings()) {
            long was = before.findings().stream().filter(f -> f.ruleId().equals(other.ruleId())).count();
            long now = after.findings().stream().filter(f -> f.ruleId().equals(other.ruleId())).count();
            assertTrue(now <= was, "the fix added a " + other.ruleId() + " finding: " + other.message());
        }
    }

    @Test
    void importsAreAddedOnceAfterTheLastImport() {
        String text = "package p;\n\nimport java.util.Random;\n\nclass A { Random r = new Random(); }\n";
        Fix fix = new Fix("t", List.of(new TextEdit(new SourceRange(5, 22, 5, 34), "new SecureRandom()")),
                List.of("java.security.SecureRandom", "java.lang.String", "java.util.Random"));
        var unit = JavaSource.parse(text).unit().orElseThrow();
        assertEquals("package p;\n\nimport java.util.Random;\nimport java.security.SecureRandom;\n\n"
                + "class A { Random r = new SecureRandom(); }\n", FixApplication.apply(text, FixApplication.edits(fix, unit)));
    }
}
