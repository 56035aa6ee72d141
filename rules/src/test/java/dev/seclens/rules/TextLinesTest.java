package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextLinesTest {
    @Test
    void everyLineEndCounts() {
        TextLines lines = TextLines.of("a\r\n\tbc\rdef\n");
        assertEquals(4, lines.count());
        assertEquals("\tbc", lines.line(2));
        assertEquals("\t", lines.indentation(2));
        assertEquals(3, lines.length(3));
        assertEquals(0, lines.length(4));
        assertEquals("", lines.line(9));
    }

    @Test
    void offsetsClampToTheText() {
        String text = "ab\ncd";
        TextLines lines = TextLines.of(text);
        assertEquals(0, lines.offset(1, 1));
        assertEquals(4, lines.offset(2, 2));
        assertEquals(text.length(), lines.offset(2, 99));
        assertEquals(text.length(), lines.offset(7, 1));
        assertEquals(1, TextLines.of("").count());
    }
}
