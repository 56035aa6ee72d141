package dev.seclens.rules.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits identifiers into lower-case words: {@code sessionID_prefix} → [session, id, prefix]. */
public final class Identifiers {
    private Identifiers() {
    }

    public static List<String> words(String identifier) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char[] cs = identifier.toCharArray();
        for (int i = 0; i < cs.length; i++) {
            char c = cs[i];
            if (!Character.isLetterOrDigit(c)) {
                flush(word, words);
                continue;
            }
            boolean boundary = word.length() > 0 && Character.isUpperCase(c)
                    && (Character.isLowerCase(cs[i - 1]) || Character.isDigit(cs[i - 1])
                    || (i + 1 < cs.length && Character.isLowerCase(cs[i + 1]) && Character.isUpperCase(cs[i - 1])));
            if (boundary) {
                flush(word, words);
            }
            word.append(c);
        }
        flush(word, words);
        return words;
    }

    /** Whether two consecutive words, joined, are one of {@code compounds}: log + in is "login", session + id "sessionid". */
    public static boolean hasCompound(List<String> words, Set<String> compounds) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (compounds.contains(words.get(i) + words.get(i + 1))) {
                return true;
            }
        }
        return false;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }
}
