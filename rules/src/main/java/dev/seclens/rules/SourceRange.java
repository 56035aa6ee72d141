package dev.seclens.rules;

import com.github.javaparser.Range;
import com.github.javaparser.ast.Node;

/**
 * A region of a source file. Lines and columns are 1-based and count UTF-16 code units (as
 * JavaParser, LSP and SARIF do); the end is exclusive, so a one-character range has
 * {@code endColumn == startColumn + 1}.
 */
public record SourceRange(int startLine, int startColumn, int endLine, int endColumn)
        implements Comparable<SourceRange> {

    public SourceRange {
        if (startLine < 1 || startColumn < 1 || endLine < startLine
                || (endLine == startLine && endColumn < startColumn)) {
            throw new IllegalArgumentException("bad range " + startLine + ":" + startColumn
                    + "-" + endLine + ":" + endColumn);
        }
    }

    public static SourceRange of(Range range) {
        return new SourceRange(range.begin.line, range.begin.column, range.end.line, range.end.column + 1);
    }

    /** The node's range; every node a rule reports on comes from a parse, so it has one. */
    public static SourceRange of(Node node) {
        return of(node.getRange().orElseThrow(() -> new IllegalArgumentException("node without position: " + node)));
    }

    public static SourceRange point(int line, int column) {
        return new SourceRange(line, column, line, column);
    }

    @Override
    public int compareTo(SourceRange o) {
        int c = Integer.compare(startLine, o.startLine);
        if (c == 0) c = Integer.compare(startColumn, o.startColumn);
        if (c == 0) c = Integer.compare(endLine, o.endLine);
        if (c == 0) c = Integer.compare(endColumn, o.endColumn);
        return c;
    }

    @Override
    public String toString() {
        return startLine + ":" + startColumn + "-" + endLine + ":" + endColumn;
    }
}
