package dev.seclens.rules.taint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a Java file's tokens tell of its dependencies, without parsing it: the types it declares,
 * the names in its type headers (supertypes, mostly), and the capitalised names it mentions. A
 * scan orders files by it so that a file is analysed after the files it calls, and so parsed
 * once: a lexical scan costs a fraction of a parse. It is only an order: names are not resolved
 * (a name declared in two packages links both), and a call the tokens do not show (a lower-case
 * class name, say) is caught afterwards, when the callee's summaries are compared with those the
 * file was analysed against.
 *
 * @param declared names of the classes, interfaces, enums, records and annotations declared
 * @param headers  capitalised names in their headers: a call through one of them may run this file's code
 * @param mentions capitalised names anywhere in the code (comments and literals excluded)
 */
public record SourceOutline(Set<String> declared, Set<String> headers, Set<String> mentions) {
    private static final Set<String> DECLARING = Set.of("class", "interface", "enum", "record");

    public static SourceOutline of(String text) {
        Set<String> declared = new HashSet<>();
        Set<String> headers = new HashSet<>();
        Set<String> mentions = new HashSet<>();
        boolean inHeader = false;
        String previous = "";
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                i = skipTo(text, i + 2, "\n");
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i = skipTo(text, i + 2, "*/");
            } else if (c == '"' && text.startsWith("\"\"\"", i)) {
                i = skipQuoted(text, i + 3, "\"\"\"");
            } else if (c == '"' || c == '\'') {
                i = skipQuoted(text, i + 1, String.valueOf(c));
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(text.charAt(i))) i++;
                String word = text.substring(start, i);
                if (DECLARING.contains(previous) && !word.isEmpty()) {
                    declared.add(word.intern());
                    inHeader = true;
                } else if (inHeader && Character.isUpperCase(c)) {
                    headers.add(word.intern());
                }
                if (Character.isUpperCase(c)) mentions.add(word.intern());
                previous = word;
            } else {
                if (c == '{' || c == ';') inHeader = false;
                if (!Character.isWhitespace(c)) previous = "";
                i++;
            }
        }
        headers.removeAll(declared);
        return new SourceOutline(Set.copyOf(declared), Set.copyOf(headers), Set.copyOf(mentions));
    }

    /** The end of {@code end} searched from {@code from}, or the end of the text. */
    private static int skipTo(String text, int from, String end) {
        int at = text.indexOf(end, from);
        return at < 0 ? text.length() : at + end.length();
    }

    /** Past the closing {@code quote} of a literal whose body starts at {@code from}, escapes skipped. */
    private static int skipQuoted(String text, int from, String quote) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (text.startsWith(quote, i)) {
                return i + quote.length();
            } else if (c == '\n' && quote.length() == 1) {
                return i + 1; // an unterminated literal ends with its line, as the parser would report it
            } else {
                i++;
            }
        }
        return text.length();
    }

    /**
     * The files of {@code outlines} in levels: every file after the files that declare a name it
     * mentions (what it may call or extend) or name it in a type header (a call through it may run
     * their code), files that mention each other in one level; the files of a level do not mention
     * one another, so they can be analysed in parallel.
     */
    public static List<List<String>> levels(Map<String, SourceOutline> outlines) {
        Map<String, Set<String>> declaring = new HashMap<>();
        outlines.forEach((path, outline) -> {
            outline.declared.forEach(name -> declaring.computeIfAbsent(name, k -> new TreeSet<>()).add(path));
            outline.headers.forEach(name -> declaring.computeIfAbsent(name, k -> new TreeSet<>()).add(path));
        });
        Map<String, Set<String>> dependsOn = new HashMap<>();
        outlines.forEach((path, outline) -> {
            Set<String> deps = new HashSet<>();
            for (String name : outline.mentions) {
                // its own classes: else an interface would wait for every class implementing it, which waits for it
                if (outline.declared.contains(name)) continue;
                for (String other : declaring.getOrDefault(name, Set.of())) {
                    if (!other.equals(path)) deps.add(other);
                }
            }
            dependsOn.put(path, deps);
        });
        return Dependencies.levels(dependsOn);
    }
}
