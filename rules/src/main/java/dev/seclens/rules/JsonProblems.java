package dev.seclens.rules;

import java.io.EOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a JSON file a user wrote, said in the user's terms: the problem and where,
 * without the parser's class names, its advice about its own settings or its troubleshooting links.
 */
public final class JsonProblems {
    private static final Pattern LOCATION = Pattern.compile("at line (\\d+) column (\\d+)");

    private JsonProblems() {
    }

    /** What went wrong, and where: {@code line} and {@code column} (of the character at fault) are 0 when unknown. */
    public record Problem(String what, int line, int column) {
        public boolean placed() {
            return line > 0;
        }
    }

    /** {@code "expected name at line 1, column 8"}, for a parse failure of any JSON reader used here. */
    public static String describe(Throwable failure) {
        Problem p = of(failure);
        return p.what() + (p.placed() ? " at line " + p.line() + ", column " + p.column() : "");
    }

    public static Problem of(Throwable failure) {
        Throwable cause = failure.getCause() != null && failure.getCause() != failure ? failure.getCause() : failure;
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        Matcher m = LOCATION.matcher(message);
        boolean placed = m.find();
        // the reader points just past the character it choked on; the position shown is that character
        int line = placed ? Integer.parseInt(m.group(1)) : 0;
        int column = placed ? Math.max(1, Integer.parseInt(m.group(2)) - 1) : 0;
        String problem;
        if (cause instanceof EOFException || message.contains("End of input")) {
            problem = "the JSON ends too early";
        } else if (message.contains("Strictness") || message.contains("Lenient") || message.contains("setLenient")) {
            problem = "not strict JSON (no comments, trailing commas, single quotes or unquoted names)";
        } else if (cause instanceof StackOverflowError) {
            problem = "nested too deeply";
        } else {
            problem = message.replaceAll("^(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error):\\s*", "")
                    .replaceAll("(?s)\\s*at line \\d+ column \\d+.*", "")
                    .replaceAll("(?s)\\s*See https?://\\S+.*", "")
                    .trim();
            if (!problem.isEmpty()) {
                problem = Character.toLowerCase(problem.charAt(0)) + problem.substring(1);
            }
        }
        return new Problem(problem.isBlank() ? "malformed JSON" : problem, line, column);
    }
}
