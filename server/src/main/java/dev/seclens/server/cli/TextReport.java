package dev.seclens.server.cli;

import dev.seclens.rules.Finding;

/**
 * One line per finding, {@code path:line:col: severity rule-id message}, the shape compilers use
 * so that editors and terminals turn it into links. Related locations are left to JSON and SARIF,
 * and so are suppressed findings (the summary on standard error counts them).
 */
final class TextReport implements Report {
    @Override
    public String render(ScanResult result) {
        StringBuilder text = new StringBuilder();
        for (FileOutcome.Scanned file : result.files()) {
            for (Finding f : file.findings()) {
                text.append(escaped(file.path())).append(':')
                        .append(f.range().startLine()).append(':')
                        .append(f.range().startColumn()).append(": ")
                        .append(f.severity().label()).append(' ')
                        .append(f.ruleId()).append(' ')
                        .append(oneLine(f.message())).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * A file name as one line: a repository may name a file {@code "A.java\nB.java:1:1: critical ..."}
     * to forge a finding, so line breaks and other control characters are written as escapes.
     */
    static String escaped(String path) {
        StringBuilder s = new StringBuilder(path.length());
        path.codePoints().forEach(c -> {
            if (c == '\\') {
                s.append("\\\\");
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c == '\t') {
                s.append("\\t");
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85) {
                s.append(String.format("\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.toString();
    }

    static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
