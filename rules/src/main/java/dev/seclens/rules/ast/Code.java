package dev.seclens.rules.ast;

import com.github.javaparser.ast.Node;
import com.github.javaparser.printer.configuration.DefaultConfigurationOption;
import com.github.javaparser.printer.configuration.DefaultPrinterConfiguration;
import com.github.javaparser.printer.configuration.DefaultPrinterConfiguration.ConfigOption;
import com.github.javaparser.printer.configuration.PrinterConfiguration;

/** Code as messages quote it: without comments, on one line, shortened when long. */
public final class Code {
    private static final int MAX_LENGTH = 80;
    private static final PrinterConfiguration NO_COMMENTS = new DefaultPrinterConfiguration()
            .removeOption(new DefaultConfigurationOption(ConfigOption.PRINT_COMMENTS))
            .removeOption(new DefaultConfigurationOption(ConfigOption.PRINT_JAVADOC));

    private Code() {
    }

    /** The node printed without comments, exactly (used for matching names). */
    public static String of(Node node) {
        return node.toString(NO_COMMENTS);
    }

    /**
     * A call as a message quotes it: when its receiver is itself a call (a builder chain), only this
     * link, as {@code uri("http://example.com")}, rather than the whole fluent chain.
     */
    public static String quoteCall(com.github.javaparser.ast.expr.MethodCallExpr call) {
        if (call.getScope().filter(s -> s instanceof com.github.javaparser.ast.expr.MethodCallExpr).isEmpty()) {
            return quote(call);
        }
        com.github.javaparser.ast.expr.MethodCallExpr alone = call.clone();
        alone.removeScope();
        return quote(alone);
    }

    /** The node as a message quotes it: one line, at most 80 characters. */
    public static String quote(Node node) {
        String text = of(node).replaceAll("\\s+", " ").trim();
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int cut = MAX_LENGTH - 3;
        if (Character.isHighSurrogate(text.charAt(cut - 1)) && Character.isLowSurrogate(text.charAt(cut))) {
            cut--; // never half a surrogate pair: it would be a lone surrogate in JSON, SARIF and the editor
        }
        return text.substring(0, cut) + "...";
    }
}
