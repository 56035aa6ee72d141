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
                text.append(file.path()).append(':')
                        .append(f.range().startLine()).append(':')
                        .append(f.range().startColumn()).append(": ")
                        .append(f.severity().label()).append(' ')
                        .append(f.ruleId()).append(' ')
                        .append(oneLine(f.message())).append('\n');
            }
        }
        return text.toString();
    }

    static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
