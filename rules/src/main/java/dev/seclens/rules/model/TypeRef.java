package dev.seclens.rules.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A type name as one file wrote it, resolved as far as that file alone can: the fully qualified
 * names it may denote in the order the language tries them, and the name it denotes when the
 * workspace has none of them (an imported library type, {@code java.lang.String}, or an unknown
 * type written {@code ?Name}). Kept in summaries in its {@linkplain #encoded() encoded} form, so a
 * call in another file resolves it against the whole workspace.
 */
public record TypeRef(List<String> candidates, String fallback) {
    /** Prefix of a type nothing in scope names: a type variable, or a class of an unknown on-demand import. */
    public static final String UNKNOWN = "?";
    private static final char SEPARATOR = '|';

    public TypeRef {
        candidates = List.copyOf(candidates);
    }

    /** A name that denotes exactly {@code qualifiedName}. */
    public static TypeRef of(String qualifiedName) {
        return new TypeRef(List.of(), qualifiedName);
    }

    public static TypeRef unknown(String simpleName) {
        return new TypeRef(List.of(), UNKNOWN + simpleName);
    }

    static TypeRef candidates(List<String> candidates, String fallback) {
        return new TypeRef(candidates, fallback);
    }

    /** The member type {@code rest} (".Inner") of each name this one may denote. */
    TypeRef member(String rest) {
        List<String> more = new ArrayList<>();
        candidates.forEach(c -> more.add(c + rest));
        return new TypeRef(more, fallback + rest);
    }

    /** The name this one denotes in a workspace whose classes {@code known} accepts. */
    public String resolve(Predicate<String> known) {
        for (String c : candidates) {
            if (known.test(c)) {
                return c;
            }
        }
        return fallback;
    }

    /** {@code a.B|c.B|?B}: the candidates, then the fallback. */
    public String encoded() {
        if (candidates.isEmpty()) {
            return fallback;
        }
        StringBuilder out = new StringBuilder();
        candidates.forEach(c -> out.append(c).append(SEPARATOR));
        return out.append(fallback).toString();
    }

    /** An array of the encoded reference {@code element}: {@code a.B[]|?B[]}. */
    public static String arrayOf(String element) {
        return element.replace(String.valueOf(SEPARATOR), "[]" + SEPARATOR) + "[]";
    }

    /** The name an {@linkplain #encoded() encoded} reference denotes in a workspace whose classes {@code known} accepts. */
    public static String resolve(String encoded, Predicate<String> known) {
        int bar = encoded.indexOf(SEPARATOR);
        if (bar < 0) {
            return encoded;
        }
        int start = 0;
        while (bar >= 0) {
            String c = encoded.substring(start, bar);
            if (known.test(c)) {
                return c;
            }
            start = bar + 1;
            bar = encoded.indexOf(SEPARATOR, start);
        }
        return encoded.substring(start);
    }

    /** The simple name of a qualified, unknown or encoded name: {@code Inner} for {@code p.Outer.Inner}. */
    public static String simpleName(String name) {
        int bar = name.lastIndexOf(SEPARATOR);
        String last = bar < 0 ? name : name.substring(bar + 1);
        int cut = Math.max(last.lastIndexOf('.'), last.lastIndexOf('$'));
        String simple = last.substring(cut + 1);
        return simple.startsWith(UNKNOWN) ? simple.substring(1) : simple;
    }

    /** Whether a resolved name is one nothing in scope could place in a package. */
    public static boolean isUnknown(String resolved) {
        return resolved.startsWith(UNKNOWN);
    }
}
