package dev.seclens.rules.checks;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the shapes of java.util.regex patterns that make a backtracking matcher take exponential
 * (or high polynomial) time: a repeat inside a repeat where both can consume the same characters
 * ({@code (a+)+}, {@code (\w+\s?)*}, {@code (.*a){20}}), and a repeated alternation whose branches
 * can match the same text ({@code (a|a)*}, {@code (\w|\d)+}). The pattern is parsed into a small
 * tree; characters are compared as sets of UTF-16 code units, so {@code \w} and {@code [a-z]}
 * overlap while {@code \d} and {@code \s} do not. Possessive repeats and atomic groups never
 * backtrack and are left alone.
 */
final class RegexBacktracking {
    /** A bounded outer repeat with at least this many iterations counts as a repeat for the analysis. */
    static final int LARGE_BOUND = 10;
    private static final int UNBOUNDED = -1;
    private static final int CHARS = 0x10000;
    private static final int MAX_LENGTH = 2_000;

    /** What makes the pattern slow: the repeated part and the part inside it that competes with it. */
    record Problem(String outer, String inner, String reason) {
    }

    private sealed interface Node permits Chars, Sequence, Alternation, Repeat, Lookaround, Empty {
    }

    /** One character from a set. */
    private record Chars(BitSet set, String text) implements Node {
    }

    private record Sequence(List<Node> items, String text) implements Node {
    }

    private record Alternation(List<Node> branches, String text) implements Node {
    }

    /** {@code body{min,max}}; atomic groups are possessive repeats of {1,1}. */
    private record Repeat(Node body, int min, int max, boolean possessive, String text) implements Node {
    }

    /** A zero-width assertion whose body still backtracks while it is tested. */
    private record Lookaround(Node body, String text) implements Node {
    }

    /** Anchors, boundaries and back-references: nothing the analysis needs to compare. */
    private record Empty(String text) implements Node {
    }

    private RegexBacktracking() {
    }

    /** The first problem in the pattern, or empty when it has none or is not a valid pattern. */
    static Optional<Problem> analyze(String regex) {
        return analyze(regex, 0);
    }

    static Optional<Problem> analyze(String regex, int flags) {
        if (regex.length() > MAX_LENGTH) {
            return Optional.empty(); // generated patterns this long are not written by hand; keep the cost bounded
        }
        try {
            Pattern.compile(regex, flags);
        } catch (IllegalArgumentException e) { // PatternSyntaxException, or bad flags
            return Optional.empty();
        }
        if ((flags & Pattern.LITERAL) != 0) {
            return Optional.empty();
        }
        Node tree;
        try {
            tree = new Parser(regex, (flags & Pattern.COMMENTS) != 0).parse();
        } catch (IllegalStateException e) {
            return Optional.empty(); // a construct this parser does not model: say nothing rather than guess
        }
        return find(tree);
    }

    private static Optional<Problem> find(Node node) {
        if (node instanceof Repeat r) {
            if (r.possessive()) {
                return Optional.empty();
            }
            if (r.max() == UNBOUNDED || r.max() >= LARGE_BOUND) {
                Optional<Problem> problem = competingRepeat(r).or(() -> overlappingBranches(r));
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return find(r.body());
        }
        for (Node child : children(node)) {
            Optional<Problem> p = find(child);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** An unbounded repeat in the outer repeat's body that can take characters from the next iteration. */
    private static Optional<Problem> competingRepeat(Repeat outer) {
        BitSet iterationStart = first(outer.body());
        for (List<Node> sequence : branchSequences(outer.body())) {
            for (int i = 0; i < sequence.size(); i++) {
                if (!(sequence.get(i) instanceof Repeat inner) || inner.possessive() || inner.max() != UNBOUNDED) {
                    continue;
                }
                BitSet consumed = chars(inner.body());
                if (!consumed.intersects(iterationStart)) {
                    continue; // every iteration starts with a character the inner repeat cannot take
                }
                boolean restAbsorbed = true;
                for (Node after : sequence.subList(i + 1, sequence.size())) {
                    if (!nullable(after) && !chars(after).intersects(consumed)) {
                        restAbsorbed = false; // an iteration must end with a character the inner repeat never takes
                        break;
                    }
                }
                if (restAbsorbed) {
                    return Optional.of(new Problem(text(outer), text(inner), "the inner repeat and the outer one"
                            + " can split the same characters between them in exponentially many ways"));
                }
            }
        }
        return Optional.empty();
    }

    /** Two branches of a repeated alternation that can match the same text. */
    private static Optional<Problem> overlappingBranches(Repeat outer) {
        Node body = unwrap(outer.body());
        if (!(body instanceof Alternation alt)) {
            return Optional.empty();
        }
        List<Node> branches = alt.branches();
        for (int i = 0; i < branches.size(); i++) {
            for (int j = 0; j < branches.size(); j++) {
                if (i != j && overlap(branches.get(i), branches.get(j), i < j)) {
                    return Optional.of(new Problem(text(outer), text(branches.get(i)) + "|" + text(branches.get(j)),
                            "the branches can match the same text, so each repetition can be matched in several"
                                    + " ways and a failing match tries them all"));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code a} and {@code b} can match the same text: equal-length runs of single characters
     * that overlap at every position, or a one-character branch {@code a} whose repetitions can spell
     * all of {@code b}.
     */
    private static boolean overlap(Node a, Node b, boolean checkSameLength) {
        List<BitSet> left = singleChars(a);
        List<BitSet> right = singleChars(b);
        if (checkSameLength && left != null && right != null && left.size() == right.size() && !left.isEmpty()) {
            boolean all = true;
            for (int k = 0; k < left.size() && all; k++) {
                all = left.get(k).intersects(right.get(k));
            }
            if (all) {
                return true;
            }
        }
        if (left == null || left.size() != 1 || nullable(b)) {
            return false;
        }
        BitSet single = left.get(0);
        for (List<Node> sequence : branchSequences(b)) {
            boolean spelled = !sequence.isEmpty();
            for (Node n : sequence) {
                spelled &= nullable(n) || chars(n).intersects(single);
            }
            if (spelled && first(b).intersects(single)) {
                return true;
            }
        }
        return false;
    }

    /** The branch as a list of one-character sets, or null when it contains anything else. */
    private static List<BitSet> singleChars(Node node) {
        Node n = unwrap(node);
        if (n instanceof Chars c) {
            return List.of(c.set());
        }
        if (n instanceof Sequence s) {
            List<BitSet> sets = new ArrayList<>();
            for (Node item : s.items()) {
                if (item instanceof Empty) {
                    continue;
                }
                List<BitSet> inner = singleChars(item);
                if (inner == null) {
                    return null;
                }
                sets.addAll(inner);
            }
            return sets;
        }
        return null;
    }

    /** The alternatives of a node as flat sequences, looking through groups that are not repeated. */
    private static List<List<Node>> branchSequences(Node node) {
        Node n = unwrap(node);
        List<List<Node>> result = new ArrayList<>();
        if (n instanceof Alternation alt) {
            for (Node branch : alt.branches()) {
                result.addAll(branchSequences(branch));
            }
        } else if (n instanceof Sequence s) {
            List<Node> flat = new ArrayList<>();
            for (Node item : s.items()) {
                Node u = unwrap(item);
                if (u instanceof Sequence inner) {
                    flat.addAll(inner.items());
                } else {
                    flat.add(u);
                }
            }
            result.add(flat);
        } else {
            result.add(List.of(n));
        }
        return result;
    }

    /** A sequence of one item is that item. */
    private static Node unwrap(Node node) {
        Node n = node;
        while (n instanceof Sequence s && s.items().size() == 1) {
            n = s.items().get(0);
        }
        return n;
    }

    private static List<Node> children(Node node) {
        if (node instanceof Sequence s) return s.items();
        if (node instanceof Alternation a) return a.branches();
        if (node instanceof Repeat r) return List.of(r.body());
        if (node instanceof Lookaround l) return List.of(l.body());
        return List.of();
    }

    static boolean nullable(Node node) {
        if (node instanceof Chars) return false;
        if (node instanceof Empty || node instanceof Lookaround) return true;
        if (node instanceof Sequence s) return s.items().stream().allMatch(RegexBacktracking::nullable);
        if (node instanceof Alternation a) return a.branches().stream().anyMatch(RegexBacktracking::nullable);
        Repeat r = (Repeat) node;
        return r.min() == 0 || nullable(r.body());
    }

    /** The characters a match of the node can start with. */
    private static BitSet first(Node node) {
        BitSet result = new BitSet(CHARS);
        if (node instanceof Chars c) {
            result.or(c.set());
        } else if (node instanceof Sequence s) {
            for (Node item : s.items()) {
                result.or(first(item));
                if (!nullable(item)) {
                    break;
                }
            }
        } else if (node instanceof Alternation a) {
            a.branches().forEach(b -> result.or(first(b)));
        } else if (node instanceof Repeat r) {
            result.or(first(r.body()));
        }
        return result;
    }

    /** Every character a match of the node can contain. */
    private static BitSet chars(Node node) {
        BitSet result = new BitSet(CHARS);
        if (node instanceof Chars c) {
            result.or(c.set());
        } else if (!(node instanceof Lookaround)) {
            children(node).forEach(child -> result.or(chars(child)));
        }
        return result;
    }

    private static String text(Node node) {
        if (node instanceof Chars c) return c.text();
        if (node instanceof Sequence s) return s.text();
        if (node instanceof Alternation a) return a.text();
        if (node instanceof Repeat r) return r.text();
        if (node instanceof Lookaround l) return l.text();
        return ((Empty) node).text();
    }

    /** A recursive-descent parser for the java.util.regex syntax that Pattern.compile has already accepted. */
    private static final class Parser {
        private final String regex;
        private boolean comments;
        private boolean caseInsensitive;
        private int at;

        Parser(String regex, boolean comments) {
            this.regex = regex;
            this.comments = comments;
        }

        Node parse() {
            Node node = alternation();
            if (at != regex.length()) {
                throw new IllegalStateException("unbalanced ) at " + at);
            }
            return node;
        }

        private Node alternation() {
            int start = at;
            List<Node> branches = new ArrayList<>();
            branches.add(sequence());
            while (at < regex.length() && regex.charAt(at) == '|') {
                at++;
                branches.add(sequence());
            }
            return branches.size() == 1 ? branches.get(0) : new Alternation(branches, regex.substring(start, at));
        }

        private Node sequence() {
            int start = at;
            List<Node> items = new ArrayList<>();
            while (at < regex.length()) {
                char c = regex.charAt(at);
                if (c == '|' || c == ')') {
                    break;
                }
                if (comments && (Character.isWhitespace(c) || c == '#')) {
                    skipComment();
                    continue;
                }
                int itemStart = at;
                Node atom = atom();
                items.add(quantified(atom, itemStart));
            }
            return new Sequence(items, regex.substring(start, at));
        }

        /** In comments mode, whitespace and comments may sit between an atom and its quantifier. */
        private boolean skipIgnorable() {
            while (comments && at < regex.length()
                    && (Character.isWhitespace(regex.charAt(at)) || regex.charAt(at) == '#')) {
                skipComment();
            }
            return true;
        }

        private void skipComment() {
            if (regex.charAt(at) == '#') {
                while (at < regex.length() && regex.charAt(at) != '\n') {
                    at++;
                }
            } else {
                at++;
            }
        }

        private Node quantified(Node atom, int start) {
            while (skipIgnorable() && at < regex.length()) {
                char c = regex.charAt(at);
                int min;
                int max;
                if (c == '*') {
                    min = 0;
                    max = UNBOUNDED;
                    at++;
                } else if (c == '+') {
                    min = 1;
                    max = UNBOUNDED;
                    at++;
                } else if (c == '?') {
                    min = 0;
                    max = 1;
                    at++;
                } else if (c == '{' && isBound(at)) {
                    int close = regex.indexOf('}', at);
                    String[] parts = regex.substring(at + 1, close).split(",", -1);
                    min = bound(parts[0]);
                    max = parts.length == 1 ? min : parts[1].isBlank() ? UNBOUNDED : bound(parts[1]);
                    at = close + 1;
                } else {
                    return atom;
                }
                boolean possessive = false;
                if (at < regex.length() && (regex.charAt(at) == '?' || regex.charAt(at) == '+')) {
                    possessive = regex.charAt(at) == '+';
                    at++;
                }
                atom = new Repeat(atom, min, max, possessive, regex.substring(start, at));
            }
            return atom;
        }

        private static int bound(String digits) {
            try {
                return Integer.parseInt(digits.trim());
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE; // Pattern accepted it, so it is just very large
            }
        }

        private boolean isBound(int open) {
            int close = regex.indexOf('}', open);
            return close > open && regex.substring(open + 1, close).matches("\\d+(,\\d*)?");
        }

        private Node atom() {
            int start = at;
            char c = regex.charAt(at++);
            return switch (c) {
                case '(' -> group(start);
                case '[' -> chars(characterClass(), start);
                case '.' -> chars(all(), start);
                case '^', '$' -> new Empty(String.valueOf(c));
                case '\\' -> escape(start);
                default -> literal(c, start);
            };
        }

        private Node chars(BitSet set, int start) {
            return new Chars(set, regex.substring(start, at));
        }

        private Node literal(int c, int start) {
            BitSet set = new BitSet(CHARS);
            add(set, c);
            return chars(set, start);
        }

        private void add(BitSet set, int c) {
            int unit = Math.min(c, CHARS - 1);
            set.set(unit);
            if (caseInsensitive && Character.isLetter(unit)) {
                set.set(Character.toLowerCase(unit));
                set.set(Character.toUpperCase(unit));
            }
        }

        private Node group(int start) {
            boolean atomic = false;
            boolean lookaround = false;
            boolean savedComments = comments;
            boolean savedCase = caseInsensitive;
            if (regex.startsWith("?", at)) {
                at++;
                char kind = regex.charAt(at);
                if (kind == ':') {
                    at++;
                } else if (kind == '>') {
                    atomic = true;
                    at++;
                } else if (kind == '=' || kind == '!') {
                    lookaround = true;
                    at++;
                } else if (kind == '<' && (regex.startsWith("<=", at) || regex.startsWith("<!", at))) {
                    lookaround = true;
                    at += 2;
                } else if (kind == '<') {
                    at = regex.indexOf('>', at) + 1; // a named group
                } else {
                    // inline flags: (?ix) applies to the rest of the enclosing group, (?i:...) to its body
                    int end = at;
                    while (end < regex.length() && regex.charAt(end) != ')' && regex.charAt(end) != ':') {
                        end++;
                    }
                    applyFlags(regex.substring(at, end));
                    at = end + 1;
                    if (regex.charAt(end) == ')') {
                        return new Empty(regex.substring(start, at));
                    }
                }
            }
            Node body = alternation();
            if (at >= regex.length() || regex.charAt(at) != ')') {
                throw new IllegalStateException("unclosed group at " + start);
            }
            at++;
            comments = savedComments;
            caseInsensitive = savedCase;
            String text = regex.substring(start, at);
            if (lookaround) {
                return new Lookaround(body, text);
            }
            Node wrapped = body instanceof Sequence s ? new Sequence(s.items(), text) : new Sequence(List.of(body), text);
            return atomic ? new Repeat(wrapped, 1, 1, true, text) : wrapped;
        }

        private void applyFlags(String flags) {
            boolean on = true;
            for (char f : flags.toCharArray()) {
                if (f == '-') on = false;
                if (f == 'x') comments = on;
                if (f == 'i') caseInsensitive = on;
            }
        }

        private Node escape(int start) {
            char c = regex.charAt(at++);
            switch (c) {
                case 'd' -> { return chars(range('0', '9'), start); }
                case 'D' -> { return chars(not(range('0', '9')), start); }
                case 'w' -> { return chars(word(), start); }
                case 'W' -> { return chars(not(word()), start); }
                case 's' -> { return chars(space(), start); }
                case 'S' -> { return chars(not(space()), start); }
                case 'h', 'v', 'R' -> { return chars(space(), start); }
                case 'H', 'V' -> { return chars(not(space()), start); }
                case 'p', 'P', 'X' -> {
                    skipProperty();
                    return chars(all(), start);
                }
                case 'b', 'B', 'A', 'G', 'Z', 'z' -> {
                    if (c == 'b' && regex.startsWith("{", at)) {
                        at = regex.indexOf('}', at) + 1;
                    }
                    return new Empty(regex.substring(start, at));
                }
                case 'k' -> {
                    at = regex.indexOf('>', at) + 1;
                    return new Empty(regex.substring(start, at));
                }
                case 'Q' -> {
                    return quoted(start);
                }
                default -> {
                    if (c >= '1' && c <= '9') {
                        while (at < regex.length() && Character.isDigit(regex.charAt(at))) {
                            at++;
                        }
                        return new Empty(regex.substring(start, at)); // a back-reference
                    }
                    return literal(escapedChar(c), start);
                }
            }
        }

        private Node quoted(int start) {
            int end = regex.indexOf("\\E", at);
            String literal = end < 0 ? regex.substring(at) : regex.substring(at, end);
            at = end < 0 ? regex.length() : end + 2;
            List<Node> items = new ArrayList<>();
            for (char ch : literal.toCharArray()) {
                BitSet set = new BitSet(CHARS);
                add(set, ch);
                items.add(new Chars(set, String.valueOf(ch)));
            }
            return new Sequence(items, regex.substring(start, at));
        }

        private void skipProperty() {
            if (regex.startsWith("{", at)) {
                at = regex.indexOf('}', at) + 1;
            } else if (at < regex.length() && regex.charAt(at - 1) != 'X') {
                at++;
            }
        }

        /** The character an escape such as \t, \x41, \u0041, \0101 or \cA stands for. */
        private int escapedChar(char c) {
            switch (c) {
                case 't': return '\t';
                case 'n': return '\n';
                case 'r': return '\r';
                case 'f': return '\f';
                case 'a': return 7;
                case 'e': return 27;
                case 'c': return regex.charAt(at++) ^ 64;
                case 'x': {
                    if (regex.startsWith("{", at)) {
                        int close = regex.indexOf('}', at);
                        int v = Integer.parseInt(regex.substring(at + 1, close), 16);
                        at = close + 1;
                        return v;
                    }
                    int v = Integer.parseInt(regex.substring(at, at + 2), 16);
                    at += 2;
                    return v;
                }
                case 'u': {
                    int v = Integer.parseInt(regex.substring(at, at + 4), 16);
                    at += 4;
                    return v;
                }
                case '0': {
                    int end = at;
                    while (end < regex.length() && end < at + 3 && regex.charAt(end) >= '0' && regex.charAt(end) <= '7') {
                        end++;
                    }
                    int v = end == at ? 0 : Integer.parseInt(regex.substring(at, end), 8);
                    at = end;
                    return v;
                }
                default: return c;
            }
        }

        /** {@code [...]} after its opening bracket: ranges, escapes, nested classes, negation and &&. */
        private BitSet characterClass() {
            boolean negated = regex.startsWith("^", at);
            if (negated) {
                at++;
            }
            BitSet set = new BitSet(CHARS);
            boolean firstItem = true;
            while (at < regex.length()) {
                char c = regex.charAt(at);
                if (c == ']' && !firstItem) {
                    at++;
                    return negated ? not(set) : set;
                }
                firstItem = false;
                if (regex.startsWith("&&", at)) {
                    at += 2;
                    set.and(regex.startsWith("[", at) ? nestedClass() : classRemainder());
                    continue;
                }
                if (c == '[') {
                    set.or(nestedClass());
                    continue;
                }
                BitSet single = classAtom();
                if (single != null) {
                    set.or(single);
                }
            }
            throw new IllegalStateException("unclosed character class");
        }

        private BitSet nestedClass() {
            at++;
            return characterClass();
        }

        /** The rest of a class after {@code &&} without brackets: {@code [a-z&&def]}. */
        private BitSet classRemainder() {
            BitSet set = new BitSet(CHARS);
            while (at < regex.length() && regex.charAt(at) != ']' && !regex.startsWith("&&", at)) {
                if (regex.charAt(at) == '[') {
                    set.or(nestedClass());
                } else {
                    BitSet single = classAtom();
                    if (single != null) {
                        set.or(single);
                    }
                }
            }
            return set;
        }

        /** One character, escape or range inside a class. */
        private BitSet classAtom() {
            int low;
            char c = regex.charAt(at++);
            if (c == '\\') {
                char e = regex.charAt(at++);
                switch (e) {
                    case 'd': return range('0', '9');
                    case 'D': return not(range('0', '9'));
                    case 'w': return word();
                    case 'W': return not(word());
                    case 's', 'h', 'v': return space();
                    case 'S', 'H', 'V': return not(space());
                    case 'p', 'P':
                        skipProperty();
                        return all();
                    case 'Q': {
                        int end = regex.indexOf("\\E", at);
                        BitSet set = new BitSet(CHARS);
                        for (char ch : regex.substring(at, end < 0 ? regex.length() : end).toCharArray()) {
                            add(set, ch);
                        }
                        at = end < 0 ? regex.length() : end + 2;
                        return set;
                    }
                    default:
                        low = escapedChar(e);
                }
            } else {
                low = c;
            }
            if (at + 1 < regex.length() && regex.charAt(at) == '-' && regex.charAt(at + 1) != ']'
                    && regex.charAt(at + 1) != '[') {
                at++;
                char h = regex.charAt(at++);
                int high = h == '\\' ? escapedChar(regex.charAt(at++)) : h;
                BitSet set = range(low, high);
                if (caseInsensitive) {
                    for (int x = set.nextSetBit(0); x >= 0; x = set.nextSetBit(x + 1)) {
                        if (Character.isLetter(x)) {
                            set.set(Character.toLowerCase(x));
                            set.set(Character.toUpperCase(x));
                        }
                    }
                }
                return set;
            }
            BitSet set = new BitSet(CHARS);
            add(set, low);
            return set;
        }

        private static BitSet range(int low, int high) {
            BitSet set = new BitSet(CHARS);
            set.set(Math.min(low, CHARS - 1), Math.min(high, CHARS - 1) + 1);
            return set;
        }

        private static BitSet all() {
            BitSet set = new BitSet(CHARS);
            set.set(0, CHARS);
            return set;
        }

        private static BitSet not(BitSet set) {
            BitSet result = all();
            result.andNot(set);
            return result;
        }

        private static BitSet word() {
            BitSet set = range('a', 'z');
            set.or(range('A', 'Z'));
            set.or(range('0', '9'));
            set.set('_');
            return set;
        }

        private static BitSet space() {
            BitSet set = new BitSet(CHARS);
            for (char ch : " \t\n\u000B\f\r".toCharArray()) {
                set.set(ch);
            }
            return set;
        }
    }
}
