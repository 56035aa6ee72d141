package dev.seclens.rules.ast;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
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

    /**
     * The node as a message quotes it, every string, text block and character literal of
     * {@code secret} (the node itself, or a part of it) masked ({@link #masked}): for findings
     * about secrets, whose messages end up in CI logs, SARIF uploads and reviews that people
     * other than the key's owners read. The rest ({@code "AES"}) stays readable.
     */
    public static String quoteMasked(Node node, Node secret) {
        String text = of(node);
        for (StringLiteralExpr literal : secret.findAll(StringLiteralExpr.class)) {
            text = text.replace(literal.toString(NO_COMMENTS), maskedLiteral(literal.asString()));
        }
        for (TextBlockLiteralExpr block : secret.findAll(TextBlockLiteralExpr.class)) {
            text = text.replace(block.toString(NO_COMMENTS), maskedLiteral(block.asString()));
        }
        for (CharLiteralExpr c : secret.findAll(CharLiteralExpr.class)) {
            text = text.replace(c.toString(NO_COMMENTS), "'" + ELLIPSIS + "'");
        }
        return shortened(text);
    }

    /** {@link #quoteMasked(Node, Node)} of a node that is the secret as a whole. */
    public static String quoteMasked(Node secret) {
        return quoteMasked(secret, secret);
    }

    /** {@link #quoteCall} with the literals of {@code secret} masked as {@link #quoteMasked} masks them. */
    public static String quoteCallMasked(com.github.javaparser.ast.expr.MethodCallExpr call, Node secret) {
        if (call.getScope().filter(s -> s instanceof com.github.javaparser.ast.expr.MethodCallExpr).isEmpty()) {
            return quoteMasked(call, secret);
        }
        com.github.javaparser.ast.expr.MethodCallExpr alone = call.clone();
        alone.removeScope();
        return quoteMasked(alone, secret);
    }

    private static String maskedLiteral(String value) {
        return new StringLiteralExpr().setString(masked(value)).toString(NO_COMMENTS);
    }

    /**
     * A secret as a message may show it: its first third, at most five characters, then an
     * ellipsis ({@code "Sup3r…"}), enough to tell which value is meant and too little to use it.
     */
    public static String masked(String secret) {
        int shown = Math.min(5, secret.codePointCount(0, secret.length()) / 3);
        return secret.substring(0, secret.offsetByCodePoints(0, shown)) + ELLIPSIS;
    }

    private static final String ELLIPSIS = "\u2026";

    /** The node as a message quotes it: one line, at most 80 characters. */
    public static String quote(Node node) {
        return shortened(of(node));
    }

    private static String shortened(String code) {
        String text = code.replaceAll("\\s+", " ").trim();
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
