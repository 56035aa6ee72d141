package dev.seclens.server.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourceBytesTest {
    @Test
    void nulBytesMeanBinary() {
        assertTrue(SourceBytes.isBinary(new byte[] {'a', 0, 'b'}));
        assertFalse(SourceBytes.isBinary("class A {}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void invalidUtf8IsReplacedAndFlagged() {
        SourceBytes.Decoded d = SourceBytes.decode(new byte[] {'/', '/', ' ', (byte) 0xe9, '\n'});
        assertTrue(d.lossy());
        assertEquals("// \uFFFD\n", d.text());
    }

    @Test
    void validUtf8AndByteOrderMark() {
        SourceBytes.Decoded d = SourceBytes.decode("\uFEFFclass \u00c9t\u00e9 {}".getBytes(StandardCharsets.UTF_8));
        assertFalse(d.lossy());
        assertEquals("class \u00c9t\u00e9 {}", d.text());
    }

    @Test
    void linesCountAFinalLineWithoutNewline() {
        assertEquals(0, SourceBytes.lineCount(""));
        assertEquals(1, SourceBytes.lineCount("a"));
        assertEquals(1, SourceBytes.lineCount("a\n"));
        assertEquals(2, SourceBytes.lineCount("a\r\nb"));
    }
}
