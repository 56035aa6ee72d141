package dev.seclens.rules.taint;

import com.google.gson.stream.JsonReader;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RelatedLocation;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files whose positions a file's results show: the paths that its summaries' and findings'
 * sources, steps and sinks lie in, and the files its messages cite by name and line ({@code passes
 * through `wrap` (Helper.java:12)}, {@code from Helper.java:4}).
 *
 * <p>A file's results depend on the summaries of the files it calls in two ways: through their
 * facts (what flows where), and through their positions (a method's lines, a flow's steps), which
 * the analysis copies into the results and never reads otherwise. A position is part of the results
 * only by being written in them, under its file's path or name. So the lines and steps of a file
 * the results do not show can change (a comment added above a method, a callee's flow taking other
 * steps) without changing the results: their {@linkplain WorkspaceSummaries#dependencyKeys
 * dependency key} takes only the facts of such a file.
 */
public final class ShownFiles {
    /** A file cited by name and line; JavaParser's positions and the messages' citations both read so. */
    private static final Pattern CITED = Pattern.compile("([^\\s/\\\\(\"'`]+\\.java):\\d+");

    private final Set<String> shown = new HashSet<>();

    /** The files shown by the strings of {@code summariesJson} (a file's summaries as the cache keeps them) and by {@code findings}. */
    public static Set<String> of(String summariesJson, List<Finding> findings, Stream<String> otherTexts) {
        ShownFiles out = new ShownFiles();
        out.json(summariesJson);
        findings.forEach(out::finding);
        otherTexts.forEach(out::text);
        return Set.copyOf(out.shown);
    }

    /**
     * Whether {@code shown} shows {@code file}: by its path, or by its name, which is how messages
     * cite it. Two files of the same name in different folders are both taken as shown, which costs
     * a cached result, never a stale one.
     */
    public static boolean shows(Set<String> shown, String file) {
        return shown.contains(file) || shown.contains(FileTaint.fileName(file));
    }

    private void finding(Finding finding) {
        text(finding.message());
        finding.related().forEach(this::related);
        finding.otherFlows().forEach(flow -> flow.forEach(this::related));
    }

    private void related(RelatedLocation location) {
        text(location.file());
        text(location.message());
    }

    /**
     * Every string of the JSON, names included, that ends with {@code .java} or cites a file by name and line,
     * read as the JSON escapes it. Gson never escapes {@code .java}, {@code :} or a quote after a
     * letter, so those strings are found by their text, and only they are unescaped: on the JDK's
     * summaries (2 GB of JSON) a reader tokenising every value took 1.5% of a cold scan.
     */
    private void json(String json) {
        for (int at = json.indexOf(".java"); at >= 0; at = json.indexOf(".java", at + 1)) {
            int after = at + ".java".length();
            // `.java"` closes a string (a quote after a letter cannot open one); `.java:` stands only inside one
            if (after < json.length() && (json.charAt(after) == '"' || json.charAt(after) == ':')) {
                int start = quote(json, at, -1);
                int end = quote(json, after, 1);
                if (start < 0 || end < 0) {
                    // encoded by this run, they always read back; if not, no caller may take what they show as all
                    throw new IllegalStateException("summaries that do not read back as JSON");
                }
                text(unescape(json.substring(start, end + 1)));
                at = end;
            }
        }
    }

    /** The index of the first unescaped quote from {@code from} in direction {@code step}, or -1. */
    private static int quote(String json, int from, int step) {
        for (int i = from; i >= 0 && i < json.length(); i += step) {
            if (json.charAt(i) == '"') {
                int backslashes = 0;
                while (i - backslashes - 1 >= 0 && json.charAt(i - backslashes - 1) == '\\') {
                    backslashes++;
                }
                if (backslashes % 2 == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A JSON string literal's value. */
    private static String unescape(String literal) {
        if (literal.indexOf('\\') < 0) {
            return literal.substring(1, literal.length() - 1);
        }
        try (JsonReader in = new JsonReader(new StringReader("[" + literal + "]"))) {
            in.beginArray();
            return in.nextString();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("summaries that do not read back as JSON", e);
        }
    }

    private void text(String text) {
        if (text.endsWith(".java")) {
            shown.add(text); // a path: a source's, a step's or a sink's file
        }
        if (text.indexOf(".java:") >= 0) {
            Matcher cited = CITED.matcher(text);
            while (cited.find()) {
                shown.add(cited.group(1));
            }
        }
    }
}
