package dev.seclens.rules.fixes;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.seclens.rules.Fix;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rewrites a data-defined rule may name for its sink (the taint rules' {@code "fix"} in
 * {@code rules.json}): the rule says which fix applies, this class knows how to build it, so the
 * taint engine does not depend on any one rewrite.
 */
public final class SinkFixes {
    /** A rewrite of {@code sink}, which receives {@code argument}, in a file of {@code text}; empty where its shape is in doubt. */
    @FunctionalInterface
    public interface SinkFix {
        Optional<Fix> at(MethodCallExpr sink, Expression argument, String text);
    }

    private static final Map<String, SinkFix> BY_NAME = Map.of(
            "prepared-statement", PreparedStatementFix::of);

    private SinkFixes() {
    }

    public static Optional<SinkFix> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }
}
