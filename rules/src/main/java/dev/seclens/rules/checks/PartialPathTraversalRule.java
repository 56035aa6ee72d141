package dev.seclens.rules.checks;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Fix;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextEdit;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.PathPrefixes;
import java.util.List;

/**
 * A containment check that compares a path's text with a directory's text lacking a trailing
 * separator ({@code canonical.startsWith(base.getCanonicalPath())}): {@code /srv/app-evil/x} passes
 * for {@code /srv/app}. Reported at the check, with the separator appended as the fix.
 */
@RuleInfo(
        id = "java/partial-path-traversal",
        title = "Path containment checked without a trailing separator (partial path traversal)",
        cwe = {22, 23},
        owasp = Owasp.A01,
        concern = Concern.INJECTION,
        severity = Severity.MEDIUM,
        confidence = Confidence.HIGH,
        summary = "A path's text is checked with startsWith against a directory's text that does not end with a"
                + " separator, so a sibling directory whose name starts with the same characters passes the check.")
public final class PartialPathTraversalRule implements Rule {

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            if (!PathPrefixes.isPartial(call)) {
                continue;
            }
            Expression base = call.getArgument(0);
            String appended = needsParentheses(base) ? "(" + Code.of(base) + ") + File.separator"
                    : Code.of(base) + " + File.separator";
            Fix fix = new Fix("Append File.separator to the directory",
                    List.of(new TextEdit(SourceRange.of(base), appended)), List.of("java.io.File"));
            context.report(call, Code.quote(call) + " compares a path's text with " + Code.quote(base)
                    + ", which does not end with a separator, so a sibling such as `" + example(base)
                    + "` passes the check too; append File.separator to the directory or compare Paths with"
                    + " Path.startsWith.", fix);
        }
    }

    /** How a message shows the sibling that slips through. */
    private static String example(Expression base) {
        return Constants.string(base).map(s -> s + "-evil/x").orElse("<dir>-evil/x");
    }

    private static boolean needsParentheses(Expression base) {
        return !(base instanceof NameExpr || base instanceof MethodCallExpr || base instanceof FieldAccessExpr
                || base instanceof LiteralExpr || base instanceof EnclosedExpr
                || base instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS);
    }
}
