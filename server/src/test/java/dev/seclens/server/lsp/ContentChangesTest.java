package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.Gson;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

class ContentChangesTest {

    static TextDocumentContentChangeEvent edit(int startLine, int startChar, int endLine, int endChar, String text) {
        return new TextDocumentContentChangeEvent(
                new Range(new Position(startLine, startChar), new Position(endLine, endChar)), text);
    }

    private static String apply(String text, TextDocumentContentChangeEvent change) throws Exception {
        return ContentChanges.apply(text, change);
    }

    @Test
    void insertsReplacesAndDeletesWithinALine() throws Exception {
        assertEquals("abXc", apply("abc", edit(0, 2, 0, 2, "X")));
        assertEquals("aXc", apply("abc", edit(0, 1, 0, 2, "X")));
        assertEquals("ac", apply("abc", edit(0, 1, 0, 2, "")));
    }

    @Test
    void spansLines() throws Exception {
        assertEquals("one\ntwX\nfour", apply("one\ntwo\nthree\nfour", edit(1, 2, 2, 5, "X")));
        assertEquals("one\nA\nB\nthree", apply("one\ntwo\nthree", edit(1, 0, 1, 3, "A\nB")));
        assertEquals("onethree", apply("one\ntwo\nthree", edit(0, 3, 2, 0, "")));
    }

    @Test
    void countsCrLfAndLoneCrAsOneLineEnd() throws Exception {
        assertEquals("one\r\ntwo\r\nXhree", apply("one\r\ntwo\r\nthree", edit(2, 0, 2, 1, "X")));
        assertEquals("one\rtwo\rXhree", apply("one\rtwo\rthree", edit(2, 0, 2, 1, "X")));
        assertEquals("a\r\nb\nXc\rd", apply("a\r\nb\nc\rd", edit(2, 0, 2, 0, "X")));
        // joining lines removes the whole CRLF, never half of it
        assertEquals("onetwo", apply("one\r\ntwo", edit(0, 3, 1, 0, "")));
    }

    @Test
    void clampsACharacterBeyondTheLineEndToTheLineEnd() throws Exception {
        assertEquals("oneX\r\ntwo", apply("one\r\ntwo", edit(0, 99, 0, 99, "X")));
        assertEquals("oneX", apply("one\ntwo", edit(0, 50, 1, 50, "X")));
    }

    @Test
    void readsTheLineAfterTheLastAsTheEndOfTheText() throws Exception {
        assertEquals("one\n", apply("one\ntwo", edit(1, 0, 2, 0, "")));
        assertEquals("one\ntwo\nX", apply("one\ntwo\n", edit(3, 0, 3, 0, "X")));
    }

    @Test
    void rejectsPositionsFurtherOut() {
        assertThrows(ContentChanges.InvalidChangeException.class, () -> apply("one\ntwo", edit(5, 0, 5, 0, "X")));
        assertThrows(ContentChanges.InvalidChangeException.class, () -> apply("one", edit(0, 0, 2, 0, "X")));
    }

    @Test
    void rejectsMalformedChanges() {
        assertThrows(ContentChanges.InvalidChangeException.class, () -> apply("one", edit(-1, 0, 0, 0, "X")));
        assertThrows(ContentChanges.InvalidChangeException.class, () -> apply("one", edit(0, 0, 0, -2, "X")));
        assertThrows(ContentChanges.InvalidChangeException.class, () -> apply("one\ntwo", edit(1, 0, 0, 1, "X")));
        // messages lacking a required field, as LSP4J reads them (its constructors refuse nulls)
        assertThrows(ContentChanges.InvalidChangeException.class,
                () -> apply("one", fromJson("{'range':{'start':{'line':0,'character':0},'end':{'line':0,'character':1}}}")));
        assertThrows(ContentChanges.InvalidChangeException.class,
                () -> apply("one", fromJson("{'range':{'end':{'line':0,'character':0}},'text':'X'}")));
    }

    private static TextDocumentContentChangeEvent fromJson(String json) {
        return new Gson().fromJson(json.replace('\'', '"'), TextDocumentContentChangeEvent.class);
    }

    @Test
    void countsUtf16CodeUnitsSoASurrogatePairIsTwoCharacters() throws Exception {
        String grin = "\uD83D\uDE00"; // U+1F600, one code point, two UTF-16 code units
        assertEquals("a" + grin + "Xb", apply("a" + grin + "b", edit(0, 3, 0, 3, "X")));
        assertEquals("aXb", apply("a" + grin + "b", edit(0, 1, 0, 3, "X")));
        assertEquals("x" + grin + "\nyZ", apply("x" + grin + "\nyz", edit(1, 1, 1, 2, "Z")));
    }

    @Test
    void aChangeWithoutRangeReplacesEverything() throws Exception {
        assertEquals("new", apply("old\ntext", new TextDocumentContentChangeEvent("new")));
    }
}
