package dev.seclens.server;

import java.util.Optional;

/**
 * A check of how deeply a Java text nests, made before it is parsed. The parser's time grows much
 * faster than linearly with nested type arguments ({@code List<List<...>>} 30,000 deep held an
 * analysis thread for minutes, and the time budget only starts once the tree exists; 400 deep
 * takes about 2 s, 1,000 about 3 s), while real code stays within a few levels: type arguments
 * deeper than {@link #MAX_TYPE_ARGUMENT_DEPTH}, or any nesting deeper than {@link #MAX_DEPTH}
 * (parentheses 10,000 deep still parse in about 3 s), are refused at once with a reason.
 * Brackets, parentheses and braces count, and so do type arguments: a {@code <} between a name and
 * a name (or {@code ?}) opens one, until its {@code >} or the end of the expression, so comparisons
 * never accumulate. Comments, strings, text blocks and character literals are skipped.
 */
public final class SourceNesting {
    public static final int MAX_TYPE_ARGUMENT_DEPTH = 500;
    public static final int MAX_DEPTH = 10_000;

    private SourceNesting() {
    }

    /** Why {@code text} is not parsed, or empty when its nesting stays within the limits. */
    public static Optional<String> tooDeep(String text) {
        int[] deepest = deepest(text, MAX_DEPTH, MAX_TYPE_ARGUMENT_DEPTH);
        if (deepest[1] > MAX_TYPE_ARGUMENT_DEPTH) {
            return Optional.of("too deeply nested to parse (type arguments more than " + MAX_TYPE_ARGUMENT_DEPTH
                    + " levels deep)");
        }
        return deepest[0] > MAX_DEPTH ? Optional.of("too deeply nested to parse (more than " + MAX_DEPTH + " levels)")
                : Optional.empty();
    }

    /**
     * The deepest nesting of all kinds, and of type arguments alone, each counted up to just past
     * its limit.
     */
    static int[] deepest(String text, int limit, int typeArgumentLimit) {
        int brackets = 0;
        int angles = 0;
        int deepest = 0;
        int deepestAngles = 0;
        int n = text.length();
        for (int i = 0; i < n && deepest <= limit && deepestAngles <= typeArgumentLimit; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '/' -> {
                    if (i + 1 < n && text.charAt(i + 1) == '/') {
                        i = end(text, text.indexOf('\n', i));
                    } else if (i + 1 < n && text.charAt(i + 1) == '*') {
                        int close = text.indexOf("*/", i + 2);
                        i = close < 0 ? n : close + 1;
                    }
                }
                case '"' -> i = text.startsWith("\"\"\"", i) ? textBlockEnd(text, i + 3) : quotedEnd(text, i + 1, '"');
                case '\'' -> i = quotedEnd(text, i + 1, '\'');
                case '(', '[', '{' -> {
                    brackets++;
                    angles = 0;
                }
                case ')', ']', '}' -> {
                    brackets = Math.max(0, brackets - 1);
                    angles = 0;
                }
                case ';', '=', '&', '|' -> angles = 0;
                case '<' -> {
                    if (typeArgumentOpens(text, i)) {
                        angles++;
                    } else {
                        angles = 0;
                    }
                }
                case '>' -> angles = Math.max(0, angles - 1);
                default -> {
                }
            }
            deepest = Math.max(deepest, brackets + angles);
            deepestAngles = Math.max(deepestAngles, angles);
        }
        return new int[] {deepest, deepestAngles};
    }

    /** A {@code <} right after a name or another {@code <}, and before a name or {@code ?}. */
    private static boolean typeArgumentOpens(String text, int at) {
        int before = at - 1;
        while (before >= 0 && Character.isWhitespace(text.charAt(before))) {
            before--;
        }
        int after = at + 1;
        while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
            after++;
        }
        return before >= 0 && after < text.length()
                && (Character.isJavaIdentifierPart(text.charAt(before)) || text.charAt(before) == '<' || text.charAt(before) == ',')
                && (Character.isJavaIdentifierStart(text.charAt(after)) || text.charAt(after) == '?');
    }

    private static int end(String text, int index) {
        return index < 0 ? text.length() : index;
    }

    /** The index of the closing quote (or the line's end: an unclosed literal ends there). */
    private static int quotedEnd(String text, int from, char quote) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return text.length();
    }

    private static int textBlockEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.startsWith("\"\"\"", i)) {
                return i + 2;
            }
        }
        return text.length();
    }
}
