package dev.seclens.rules;

import java.util.Arrays;

/**
 * A document's lines as JavaParser, LSP and SARIF count them: ended by \n, \r\n or \r, lines and
 * columns 1-based in UTF-16 code units. The one place that maps positions to offsets and lines.
 */
public final class TextLines {
    private final String text;
    /** Offset of each line's first character. */
    private final int[] starts;
    /** Offset just past each line's last character, before its line end. */
    private final int[] ends;

    private TextLines(String text) {
        this.text = text;
        int[] s = new int[16];
        int[] e = new int[16];
        int count = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (count == s.length) {
                    s = Arrays.copyOf(s, count * 2);
                    e = Arrays.copyOf(e, count * 2);
                }
                s[count] = start;
                e[count++] = i;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (count == s.length) {
            s = Arrays.copyOf(s, count + 1);
            e = Arrays.copyOf(e, count + 1);
        }
        s[count] = start;
        e[count++] = text.length();
        this.starts = Arrays.copyOf(s, count);
        this.ends = Arrays.copyOf(e, count);
    }

    public static TextLines of(String text) {
        return new TextLines(text);
    }

    /** At least 1: an empty text is one empty line. */
    public int count() {
        return starts.length;
    }

    /** The line's length without its line end; 0 beyond the last line. */
    public int length(int line) {
        return line >= 1 && line <= count() ? ends[line - 1] - starts[line - 1] : 0;
    }

    /** The line's text without its line end; empty beyond the last line. */
    public String line(int line) {
        return line >= 1 && line <= count() ? text.substring(starts[line - 1], ends[line - 1]) : "";
    }

    /** The spaces and tabs the line starts with. */
    public String indentation(int line) {
        String l = line(line);
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
            i++;
        }
        return l.substring(0, i);
    }

    /** The text offset of a position; past the end of the text means the end of the text. */
    public int offset(int line, int column) {
        if (line > count()) {
            return text.length();
        }
        return Math.min(text.length(), starts[Math.max(line, 1) - 1] + Math.max(column, 1) - 1);
    }

    /** The range between two text offsets (clamped to the text), for documents read as plain text. */
    public SourceRange range(int startOffset, int endOffset) {
        int startLine = lineAt(startOffset);
        int endLine = lineAt(endOffset);
        return new SourceRange(startLine, columnAt(startLine, startOffset), endLine, columnAt(endLine, endOffset));
    }

    private int lineAt(int offset) {
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low + 1;
    }

    private int columnAt(int line, int offset) {
        return Math.max(0, Math.min(offset, ends[line - 1]) - starts[line - 1]) + 1;
    }
}
