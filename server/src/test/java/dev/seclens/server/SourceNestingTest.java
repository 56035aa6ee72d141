package dev.seclens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceNestingTest {

    @Test
    void bracketsAndTypeArgumentsCount() {
        assertEquals(3, SourceNesting.deepest("class A { void f() { g(1); } }", 100));
        assertEquals(4, SourceNesting.deepest("class A { Map<String, List<Set<X>>> m; }", 100));
        assertEquals(30_000, SourceNesting.deepest("List<".repeat(30_000) + "String" + ">".repeat(30_000), 1_000_000));
    }

    @Test
    void comparisonsCommentsAndLiteralsNeverAccumulate() {
        String comparisons = "class A { void f(int i, int n) {\n" + "    if (i < n) { i++; }\n".repeat(5000) + "} }";
        assertEquals(4, SourceNesting.deepest(comparisons, 100), "one level for the comparison, never more");
        String hidden = "class A { // (((((\n /* {{{{ */ String s = \"[[[[\\\"((((\"; char c = '('; String t = \"\"\"\n ((((\n \"\"\"; }";
        assertEquals(1, SourceNesting.deepest(hidden, 100));
    }

    @Test
    void tooDeepSaysWhyAndStopsCountingPastTheLimit() {
        String deep = "class A { Object o = " + "(".repeat(600) + "1" + ")".repeat(600) + "; }";
        assertEquals(Optional.of("too deeply nested to parse (more than 500 levels)"), SourceNesting.tooDeep(deep, 500));
        assertEquals(Optional.empty(), SourceNesting.tooDeep(deep, 700));
        assertEquals(101, SourceNesting.deepest(deep, 100));
    }
}
