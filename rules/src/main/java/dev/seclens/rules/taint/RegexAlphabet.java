package dev.seclens.rules.taint;

import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The characters a constant regex lets through when a whole value must match it
 * ({@code String.matches}, {@code Matcher.matches}, Bean Validation's {@code @Pattern}), and so the
 * kinds of use a value that matched is safe for: {@code [a-z' ]+} admits a quote and a space, so a
 * value that matched is no safer in SQL, while {@code [a-z]+} is safe everywhere. The reading errs
 * towards admitting more: a regex it does not understand (a negated class, {@code .}, a Unicode
 * property, an escape by code point) admits anything and proves nothing.
 */
final class RegexAlphabet {
    /**
     * What a value must not contain to be safe for each kind of sink: the characters that end a
     * literal or a name, or start a command, a path segment, a markup tag, a line, a host or an
     * expression there.
     */
    private static final Map<String, String> DANGEROUS = Map.ofEntries(
            Map.entry("sql", "'\";-(),=/*#\\` \t\n\r\f\u000B"),
            Map.entry("xss", "<>\"'&`"),
            Map.entry("log", "\r\n"),
            Map.entry("header", "\r\n"),
            // without a separator a name stays in its directory: at worst ".." names the directory's
            // parent itself, as the last element of a path may (FilenameUtils.getName keeps "..")
            Map.entry("path", "/\\"),
            Map.entry("archive", "/\\"),
            Map.entry("command", ";|&$`<>()'\"\\ \t\n\r\f\u000B"),
            Map.entry("ldap", "*()\\=,+<>#;\""),
            Map.entry("xpath", "'\"[]()/=@ \t\n\r"),
            Map.entry("ssrf", "/\\:@.?#"),
            Map.entry("redirect", "/\\:@.?#"),
            Map.entry("code", "().'\"#${}[];= \t\n\r"),
            Map.entry("jndi", ":/${}"),
            Map.entry("reflection", ".$"),
            Map.entry("session", ""));
    private static final int ASCII = 128;

    /** Null when anything may match. */
    private final BitSet admitted;

    private RegexAlphabet(BitSet admitted) {
        this.admitted = admitted;
    }

    /**
     * The kinds a value matching all of {@code regex} is safe for: every kind ({@link TaintSpecs#ALL_KINDS})
     * when it admits nothing dangerous anywhere, none when it may admit anything.
     */
    static Set<String> safeKinds(String regex) {
        RegexAlphabet alphabet = of(regex);
        if (alphabet.admitted == null || regex.isEmpty()) {
            return Set.of();
        }
        return safeKinds(alphabet.admitted);
    }

    /**
     * The kinds a value made only of the {@code admitted} ASCII characters (bit 128: any other
     * character) is safe for; a per-character check ({@code Character.isLetterOrDigit(c)}) admits so.
     */
    static Set<String> safeKinds(BitSet admitted) {
        Set<String> safe = new TreeSet<>();
        for (Map.Entry<String, String> e : DANGEROUS.entrySet()) {
            if (e.getValue().chars().noneMatch(admitted::get)) safe.add(e.getKey());
        }
        return safe.size() == DANGEROUS.size() ? Set.of(TaintSpecs.ALL_KINDS) : Set.copyOf(safe);
    }

    static RegexAlphabet of(String regex) {
        BitSet admitted = new BitSet(ASCII);
        boolean caseInsensitive = false;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (regex.startsWith("\\Q", i)) {
                    int end = regex.indexOf("\\E", i + 2);
                    String quoted = end < 0 ? regex.substring(i + 2) : regex.substring(i + 2, end);
                    quoted.chars().forEach(ch -> admit(admitted, ch));
                    i = end < 0 ? regex.length() : end + 2;
                    continue;
                }
                Optional<BitSet> escaped = escape(regex, i);
                if (escaped.isEmpty()) return new RegexAlphabet(null);
                admitted.or(escaped.get());
                i += 2;
            } else if (c == '[') {
                int end = classEnd(regex, i);
                if (end < 0) return new RegexAlphabet(null);
                Optional<BitSet> members = characterClass(regex.substring(i + 1, end));
                if (members.isEmpty()) return new RegexAlphabet(null);
                admitted.or(members.get());
                i = end + 1;
            } else if (c == '.') {
                return new RegexAlphabet(null);
            } else if (c == '{') {
                int end = regex.indexOf('}', i);
                i = end < 0 ? regex.length() : end + 1; // a repetition count, not characters
            } else if (c == '(' && regex.startsWith("(?", i)) {
                int flagsEnd = i + 2;
                while (flagsEnd < regex.length() && Character.isLetter(regex.charAt(flagsEnd))) flagsEnd++;
                String flags = regex.substring(i + 2, flagsEnd);
                caseInsensitive |= flags.contains("i");
                if (flagsEnd < regex.length() && regex.charAt(flagsEnd) == '<' && flagsEnd + 1 < regex.length()
                        && Character.isLetter(regex.charAt(flagsEnd + 1))) {
                    flagsEnd = regex.indexOf('>', flagsEnd); // a named group's name
                    if (flagsEnd < 0) return new RegexAlphabet(null);
                }
                i = flagsEnd + 1;
            } else if ("()|?*+^$".indexOf(c) >= 0) {
                i++;
            } else {
                admit(admitted, c);
                i++;
            }
        }
        if (caseInsensitive) {
            for (int ch = 'a'; ch <= 'z'; ch++) {
                if (admitted.get(ch) || admitted.get(Character.toUpperCase(ch))) {
                    admitted.set(ch);
                    admitted.set(Character.toUpperCase(ch));
                }
            }
        }
        return new RegexAlphabet(admitted);
    }

    private static void admit(BitSet admitted, int ch) {
        admitted.set(Math.min(ch, ASCII)); // anything beyond ASCII counts as one unknown character
    }

    /** The characters the escape at {@code i} matches; empty when it may be anything. */
    private static Optional<BitSet> escape(String regex, int i) {
        if (i + 1 >= regex.length()) return Optional.empty();
        char e = regex.charAt(i + 1);
        BitSet s = new BitSet(ASCII);
        switch (e) {
            case 'd' -> s.set('0', '9' + 1);
            case 'w' -> {
                s.set('0', '9' + 1);
                s.set('a', 'z' + 1);
                s.set('A', 'Z' + 1);
                s.set('_');
            }
            case 's' -> " \t\n\r\f\u000B".chars().forEach(s::set);
            case 'n' -> s.set('\n');
            case 'r' -> s.set('\r');
            case 't' -> s.set('\t');
            case 'f' -> s.set('\f');
            case 'b', 'B', 'A', 'z', 'Z', 'G' -> {
                // boundaries and anchors match no character
            }
            default -> {
                if (Character.isLetterOrDigit(e)) return Optional.empty(); // \S, \W, \D, \p{..}, \x41, \1: anything
                s.set(e); // an escaped metacharacter stands for itself
            }
        }
        return Optional.of(s);
    }

    /** The index of the {@code ]} closing the class opened at {@code open}, or -1. */
    private static int classEnd(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') i++;
        if (i < regex.length() && regex.charAt(i) == ']') i++; // a leading ] is a member
        for (; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                return -1; // a nested class or union: not worth reading
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** The members of a class's body; empty for a negated class or an intersection, which may admit anything. */
    private static Optional<BitSet> characterClass(String body) {
        if (body.startsWith("^") || body.contains("&&")) {
            return Optional.empty();
        }
        BitSet s = new BitSet(ASCII);
        int i = 0;
        while (i < body.length()) {
            int from;
            if (body.charAt(i) == '\\') {
                Optional<BitSet> escaped = escape(body, i);
                if (escaped.isEmpty()) return Optional.empty();
                i += 2;
                if (escaped.get().cardinality() != 1 || i >= body.length() || body.charAt(i) != '-'
                        || i + 1 >= body.length()) {
                    s.or(escaped.get());
                    continue;
                }
                from = escaped.get().nextSetBit(0);
            } else {
                from = body.charAt(i);
                i++;
            }
            if (i + 1 < body.length() && body.charAt(i) == '-') {
                char to = body.charAt(i + 1);
                if (to == '\\') return Optional.empty(); // a range to an escape: rare, not worth reading
                if (to < from || to >= ASCII) return Optional.empty();
                s.set(from, to + 1);
                i += 2;
            } else {
                if (from >= ASCII) return Optional.empty();
                s.set(from);
            }
        }
        return Optional.of(s);
    }
}
