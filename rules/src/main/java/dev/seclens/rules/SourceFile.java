package dev.seclens.rules;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A document to analyse: its path as the user knows it (relative or absolute, with either
 * separator), and its text.
 */
public record SourceFile(String path, String text) {

    private static final Pattern TEST_NAME = Pattern.compile(".*(Test|Tests|IT)\\.java");

    /**
     * Test code is anything under a {@code src/test/} folder or a class named like a test;
     * rules that do not apply there (weak randomness, fixture secrets) stay quiet in it.
     */
    public boolean isTestCode() {
        return isTestPath(path);
    }

    /** {@link #isTestCode()} for a path alone. */
    public static boolean isTestPath(String path) {
        String unix = path.replace('\\', '/');
        String name = unix.substring(unix.lastIndexOf('/') + 1);
        return isInTestSources(path) || TEST_NAME.matcher(name).matches();
    }

    /**
     * Whether {@code path} is under a {@code src/test/} folder, which builds keep off the production
     * class path: unlike a name like a test's (the JDK's own XPath {@code NodeTest}, a locale's
     * {@code FormatData_it_IT}), a sure sign that production code cannot call it.
     */
    public static boolean isInTestSources(String path) {
        return ("/" + path.replace('\\', '/')).contains("/src/test/");
    }

    public boolean isJava() {
        return path.toLowerCase(Locale.ROOT).endsWith(".java");
    }
}
