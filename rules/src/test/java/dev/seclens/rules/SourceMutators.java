package dev.seclens.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The mutations of Java source the fuzz tests apply: tokens and lines deleted, duplicated and
 * swapped, truncation, unbalanced braces and quotes, lone surrogates, NULs, CR/CRLF line ends, a
 * BOM, long lines, deep nesting. Each draws only from the given Random, so a seed replays exactly.
 * Shared by the engine's {@link FuzzTest} and the server's fuzz tests in {@code tests/}.
 */
public final class SourceMutators {
    private static final String[] SNIPPETS = {"{", "}", "(", ")", "\"", "'", "\"\"\"", "/*", "*/", "//",
            ";", "<", ">", "@", "\\", "\\u", "\0", "\uFEFF", "\uD800", "\uDFFF", "\uD83D\uDE00", "é", "\u2028",
            "\r", "\r\n", "\t", "+", "+ \"x\" +", "new", "class", "->", "::", "...", "[", "]", "record", "yield"};

    /** A mutated text and what was done to it, for failure messages. */
    public record Mutant(String text, String description) {
    }

    private SourceMutators() {
    }

    public static Mutant mutate(String text, Random random) {
        int steps = 1 + random.nextInt(3);
        String result = text;
        StringBuilder description = new StringBuilder();
        for (int s = 0; s < steps; s++) {
            int kind = random.nextInt(14);
            description.append(s == 0 ? "" : ", ").append(kindName(kind));
            result = apply(kind, result, random);
        }
        return new Mutant(result, description.toString());
    }

    private static String kindName(int kind) {
        return switch (kind) {
            case 0 -> "delete token";
            case 1 -> "duplicate token";
            case 2 -> "swap tokens";
            case 3 -> "delete line";
            case 4 -> "duplicate line";
            case 5 -> "swap lines";
            case 6 -> "truncate";
            case 7 -> "insert snippet";
            case 8 -> "insert random chars";
            case 9 -> "line ends";
            case 10 -> "BOM";
            case 11 -> "long line";
            case 12 -> "deep nesting";
            default -> "delete range";
        };
    }

    private static String apply(int kind, String text, Random random) {
        if (text.isEmpty()) {
            return snippet(random);
        }
        switch (kind) {
            case 0, 1, 2 -> {
                List<int[]> tokens = tokens(text);
                if (tokens.size() < 2) {
                    return text;
                }
                int[] a = tokens.get(random.nextInt(tokens.size()));
                if (kind == 0) {
                    return text.substring(0, a[0]) + text.substring(a[1]);
                }
                if (kind == 1) {
                    return text.substring(0, a[1]) + " " + text.substring(a[0], a[1]) + text.substring(a[1]);
                }
                int[] b = tokens.get(random.nextInt(tokens.size()));
                if (a[0] > b[0]) {
                    int[] t = a;
                    a = b;
                    b = t;
                }
                if (a[1] > b[0]) {
                    return text;
                }
                return text.substring(0, a[0]) + text.substring(b[0], b[1]) + text.substring(a[1], b[0])
                        + text.substring(a[0], a[1]) + text.substring(b[1]);
            }
            case 3, 4, 5 -> {
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                int i = random.nextInt(lines.size());
                if (kind == 3) {
                    lines.remove(i);
                } else if (kind == 4) {
                    lines.add(i, lines.get(i));
                } else {
                    int j = random.nextInt(lines.size());
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                }
                return String.join("\n", lines);
            }
            case 6 -> {
                return text.substring(0, random.nextInt(text.length()));
            }
            case 7 -> {
                int at = random.nextInt(text.length() + 1);
                return text.substring(0, at) + snippet(random) + text.substring(at);
            }
            case 8 -> {
                int at = random.nextInt(text.length() + 1);
                StringBuilder sb = new StringBuilder();
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    int r = random.nextInt(4);
                    sb.append(switch (r) {
                        case 0 -> (char) random.nextInt(0x80);
                        case 1 -> (char) (0xD800 + random.nextInt(0x800)); // lone surrogates
                        case 2 -> (char) random.nextInt(0x10000);
                        default -> new String(Character.toChars(0x10000 + random.nextInt(0x100000)));
                    });
                }
                return text.substring(0, at) + sb + text.substring(at);
            }
            case 9 -> {
                String ending = switch (random.nextInt(3)) {
                    case 0 -> "\r\n";
                    case 1 -> "\r";
                    default -> "\n";
                };
                if (random.nextBoolean()) {
                    return text.replace("\r\n", "\n").replace("\n", ending);
                }
                // mixed: change only some line ends
                StringBuilder sb = new StringBuilder();
                for (char c : text.toCharArray()) {
                    sb.append(c == '\n' && random.nextInt(3) == 0 ? ending : String.valueOf(c));
                }
                return sb.toString();
            }
            case 10 -> {
                return "\uFEFF" + text;
            }
            case 11 -> {
                int at = random.nextInt(text.length() + 1);
                String unit = random.nextBoolean() ? " + \"ab\"" : "x";
                return text.substring(0, at) + unit.repeat(2000 + random.nextInt(8000)) + text.substring(at);
            }
            case 12 -> {
                int at = random.nextInt(text.length() + 1);
                int depth = 50 + random.nextInt(400);
                String open = switch (random.nextInt(3)) {
                    case 0 -> "(";
                    case 1 -> "{";
                    default -> "new Object[]{";
                };
                String nested = open.repeat(depth) + (random.nextBoolean() ? "" : ")".repeat(depth));
                return text.substring(0, at) + nested + text.substring(at);
            }
            default -> {
                int a = random.nextInt(text.length());
                int b = Math.min(text.length(), a + random.nextInt(200));
                return text.substring(0, a) + text.substring(b);
            }
        }
    }

    private static String snippet(Random random) {
        return SNIPPETS[random.nextInt(SNIPPETS.length)];
    }

    /** Identifiers, literals and punctuation, roughly; the ranges of each in {@code text}. */
    static List<int[]> tokens(String text) {
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isJavaIdentifierPart(c)) {
                while (i < text.length() && Character.isJavaIdentifierPart(text.charAt(i))) {
                    i++;
                }
            } else if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    i++;
                }
                i = Math.min(text.length(), i + 1);
            } else {
                i++;
            }
            tokens.add(new int[] {start, i});
        }
        return tokens;
    }

    public static String deepNesting(int depth) {
        return "class Deep { Object o = " + "(".repeat(depth) + "\"a\" + b" + ")".repeat(depth) + "; }";
    }
}
