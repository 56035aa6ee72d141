package dev.seclens.server.lsp;

import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * Applies one LSP content change to a text. Positions count UTF-16 code units, as Java strings
 * do, and a line ends at {@code \n}, {@code \r\n} or {@code \r}, as the protocol says.
 */
final class ContentChanges {

    /** A change that cannot be applied to the text the server holds: client and server disagree. */
    static final class InvalidChangeException extends Exception {
        InvalidChangeException(String message) {
            super(message);
        }
    }

    private ContentChanges() {
    }

    /** The text after {@code change}; a change without a range replaces the whole text. */
    static String apply(String text, TextDocumentContentChangeEvent change) throws InvalidChangeException {
        if (change.getText() == null) {
            throw new InvalidChangeException("change without text");
        }
        Range range = change.getRange();
        if (range == null) {
            return change.getText();
        }
        if (range.getStart() == null || range.getEnd() == null) {
            throw new InvalidChangeException("range without start or end");
        }
        int start = offsetAt(text, range.getStart());
        int end = offsetAt(text, range.getEnd());
        if (end < start) {
            throw new InvalidChangeException("range ends before it starts: " + describe(range));
        }
        return text.substring(0, start) + change.getText() + text.substring(end);
    }

    /**
     * The offset of {@code position} in {@code text}. A character beyond the line end means the
     * line end (the protocol says so); the line just after the last one means the end of the text
     * (some clients, Neovim among them, send it when deleting the last lines). Anything further,
     * or negative, is invalid.
     */
    static int offsetAt(String text, Position position) throws InvalidChangeException {
        int line = position.getLine();
        int character = position.getCharacter();
        if (line < 0 || character < 0) {
            throw new InvalidChangeException("negative position " + describe(position));
        }
        int lineStart = 0;
        for (int l = 0; l < line; l++) {
            int next = nextLineStart(text, lineStart);
            if (next < 0) {
                if (l == line - 1) {
                    return text.length();
                }
                throw new InvalidChangeException("position " + describe(position)
                        + " is beyond the end of the document, which has " + (l + 1) + " lines");
            }
            lineStart = next;
        }
        int lineLength = lineContentEnd(text, lineStart) - lineStart;
        return lineStart + Math.min(character, lineLength);
    }

    /** Where the line after the one starting at {@code from} starts, or -1 on the last line. */
    private static int nextLineStart(String text, int from) {
        int end = lineContentEnd(text, from);
        if (end == text.length()) {
            return -1;
        }
        boolean crlf = text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n';
        return end + (crlf ? 2 : 1);
    }

    private static int lineContentEnd(String text, int lineStart) {
        for (int i = lineStart; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }

    private static String describe(Range range) {
        return describe(range.getStart()) + "-" + describe(range.getEnd());
    }

    private static String describe(Position position) {
        return position.getLine() + ":" + position.getCharacter();
    }
}
