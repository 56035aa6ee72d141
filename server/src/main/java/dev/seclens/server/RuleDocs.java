package dev.seclens.server;

import java.util.List;
import java.util.Optional;

/**
 * Pieces of a rule's Markdown documentation (the one shipped in the jar, with sections "Why is this
 * an issue?", "How to fix it", ...), for the places that show less than the whole: the hover and
 * the review report.
 */
public final class RuleDocs {
    public static final String WHY = "## Why is this an issue?";
    public static final String HOW_TO_FIX = "## How to fix it";

    private RuleDocs() {
    }

    /** The first paragraph under {@code heading}, on one line; empty when it has none or starts with code. */
    public static Optional<String> firstParagraph(String markdown, String heading) {
        List<String> lines = markdown.lines().toList();
        int at = lines.indexOf(heading);
        if (at < 0) {
            return Optional.empty();
        }
        StringBuilder paragraph = new StringBuilder();
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || line.startsWith("```") || line.isEmpty() && paragraph.length() > 0) {
                break;
            }
            if (!line.isEmpty()) {
                paragraph.append(paragraph.length() > 0 ? " " : "").append(line);
            }
        }
        return paragraph.length() == 0 ? Optional.empty() : Optional.of(paragraph.toString());
    }

    /** Every paragraph under {@code heading}, each on one line, up to the next heading; code blocks and lists left out. */
    public static List<String> paragraphs(String markdown, String heading) {
        List<String> lines = markdown.lines().toList();
        int at = lines.indexOf(heading);
        List<String> paragraphs = new java.util.ArrayList<>();
        if (at < 0) {
            return paragraphs;
        }
        StringBuilder paragraph = new StringBuilder();
        boolean inCode = false;
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            boolean ends = line.isEmpty() || line.startsWith("#") || inCode || line.startsWith("```")
                    || line.startsWith("- ") || line.startsWith("* ");
            if (ends && paragraph.length() > 0) {
                paragraphs.add(paragraph.toString());
                paragraph.setLength(0);
            }
            if (line.startsWith("#") && !inCode) {
                break;
            }
            if (!ends) {
                paragraph.append(paragraph.length() > 0 ? " " : "").append(line);
            }
        }
        if (paragraph.length() > 0) {
            paragraphs.add(paragraph.toString());
        }
        return paragraphs;
    }

    /** The paragraph's first sentence: up to the first ". " that does not end an abbreviation such as "e.g.". */
    public static String firstSentence(String paragraph) {
        int from = 0;
        while (true) {
            int end = paragraph.indexOf(". ", from);
            if (end < 0) {
                return paragraph;
            }
            String before = paragraph.substring(Math.max(0, end - 4), end + 1);
            if (!before.endsWith("e.g.") && !before.endsWith("i.e.") && !before.endsWith("vs.")
                    && !before.endsWith("etc.")) {
                return paragraph.substring(0, end + 1);
            }
            from = end + 2;
        }
    }
}
