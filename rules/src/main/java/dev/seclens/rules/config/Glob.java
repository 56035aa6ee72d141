package dev.seclens.rules.config;

import java.util.regex.Pattern;

/**
 * A path pattern relative to a configuration's folder, always with {@code /}: {@code *} matches
 * within one name, {@code ?} one character of a name, {@code **} any number of folders (also
 * none: {@code **}{@code /*.java} matches {@code A.java}), {@code {a,b}} either alternative. A
 * pattern that matches a folder matches everything in it, so {@code src/generated} and
 * {@code src/generated/} both leave out the whole folder.
 */
final class Glob {
    /** How long one path may take to match; far more than any sane pattern needs. */
    static final long MATCH_BUDGET_NANOS = 50_000_000;
    /** A path that makes patterns with many stars backtrack, tried once when a pattern is compiled. */
    private static final String BACKTRACKING_PROBE = "a".repeat(40) + "/" + "a/".repeat(40);

    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException saying why {@code text} is not a usable pattern */
    static Glob compile(String text) {
        String glob = text.startsWith("./") ? text.substring(2) : text;
        while (glob.endsWith("/") && glob.length() > 1) {
            glob = glob.substring(0, glob.length() - 1);
        }
        if (glob.isBlank()) {
            throw new IllegalArgumentException("an empty pattern matches nothing");
        }
        if (glob.startsWith("/") || glob.matches("[A-Za-z]:.*")) {
            throw new IllegalArgumentException("must be relative to the folder of the configuration file");
        }
        if (glob.contains("\\")) {
            throw new IllegalArgumentException("use / to separate folders");
        }
        for (String segment : glob.split("/", -1)) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("cannot reach outside the folder of the configuration file");
            }
        }
        StringBuilder regex = new StringBuilder();
        boolean inBraces = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    regex.append("(?:.*/)?");
                } else {
                    regex.append(".*");
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '{' && !inBraces) {
                inBraces = true;
                regex.append("(?:");
            } else if (c == ',' && inBraces) {
                regex.append('|');
            } else if (c == '}' && inBraces) {
                inBraces = false;
                regex.append(')');
            } else if (c == '{') {
                throw new IllegalArgumentException("'{' inside '{...}' is not supported");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inBraces) {
            throw new IllegalArgumentException("'{' without a closing '}'");
        }
        Glob compiled = new Glob(text, Pattern.compile(regex.toString()));
        try {
            compiled.matchesGuarded(BACKTRACKING_PROBE);
        } catch (DeadlineCharSequence.TooSlow e) {
            throw new IllegalArgumentException("too many wildcards: matching it takes too long");
        }
        return compiled;
    }

    /**
     * Whether {@code relative} ('/'-separated) or one of the folders it is in matches. A match that
     * takes longer than {@link #MATCH_BUDGET_NANOS} counts as no match.
     */
    boolean matches(String relative) {
        try {
            return matchesGuarded(relative);
        } catch (DeadlineCharSequence.TooSlow e) {
            return false;
        }
    }

    private boolean matchesGuarded(String relative) {
        for (int slash = relative.indexOf('/'); slash >= 0; slash = relative.indexOf('/', slash + 1)) {
            if (pattern.matcher(DeadlineCharSequence.of(relative.substring(0, slash), MATCH_BUDGET_NANOS)).matches()) {
                return true;
            }
        }
        return pattern.matcher(DeadlineCharSequence.of(relative, MATCH_BUDGET_NANOS)).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
