package dev.seclens.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceNestingTest {

    @Test
    void bracketsAndTypeArgumentsCount() {
        assertArrayEquals(new int[] {3, 0}, SourceNesting.deepest("class A { void f() { g(1); } }", 100, 100));
        assertArrayEquals(new int[] {4, 3}, SourceNesting.deepest("class A { Map<String, List<Set<X>>> m; }", 100, 100));
        assertArrayEquals(new int[] {30_000, 30_000},
                SourceNesting.deepest("List<".repeat(30_000) + "String" + ">".repeat(30_000), 1_000_000, 1_000_000));
    }

    @Test
    void comparisonsCommentsAndLiteralsNeverAccumulate() {
        String comparisons = "class A { void f(int i, int n) {\n" + "    if (i < n) { i++; }\n".repeat(5000) + "} }";
        assertArrayEquals(new int[] {4, 1}, SourceNesting.deepest(comparisons, 100, 100), "one level for the comparison");
        String hidden = "class A { // (((((\n /* {{{{ */ String s = \"[[[[\\\"((((\"; char c = '('; String t = \"\"\"\n ((((\n \"\"\"; }";
        assertArrayEquals(new int[] {1, 0}, SourceNesting.deepest(hidden, 100, 100));
    }

    @Test
    void typeArgumentsHaveTheirOwnLowerLimit() {
        String generics = "class A { " + "List<".repeat(501) + "String" + ">".repeat(501) + " f; }";
        assertEquals(Optional.of("too deeply nested to parse (type arguments more than 500 levels deep)"),
                SourceNesting.tooDeep(generics));
        String parentheses = "class A { Object o = " + "(".repeat(3_000) + "1" + ")".repeat(3_000) + "; }";
        assertEquals(Optional.empty(), SourceNesting.tooDeep(parentheses), "parentheses parse quickly");
        String deeper = "class A { Object o = " + "(".repeat(10_001) + "1" + ")".repeat(10_001) + "; }";
        assertEquals(Optional.of("too deeply nested to parse (more than 10000 levels)"), SourceNesting.tooDeep(deeper));
    }

    @Test
    void countingStopsJustPastTheLimit() {
        assertArrayEquals(new int[] {101, 0}, SourceNesting.deepest("(".repeat(5_000), 100, 100));
    }
}
