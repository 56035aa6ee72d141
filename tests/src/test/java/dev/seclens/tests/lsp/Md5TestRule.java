package dev.seclens.tests.lsp;

import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;

/**
 * Stands in for the real rules, which are written on another branch: reports every
 * {@code MessageDigest.getInstance("MD5")} call, on the whole call expression.
 */
@RuleInfo(id = "java/test-md5", title = "Test: MD5 digest", cwe = {328}, owasp = Owasp.A02, concern = Concern.CRYPTOGRAPHY,
        severity = Severity.HIGH, confidence = Confidence.HIGH, summary = "Reports MessageDigest.getInstance(\"MD5\").")
public final class Md5TestRule implements Rule {
    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.unit().findAll(MethodCallExpr.class)) {
            boolean md5 = call.getNameAsString().equals("getInstance")
                    && call.getScope().map(s -> s.toString().endsWith("MessageDigest")).orElse(false)
                    && call.getArguments().size() == 1
                    && call.getArgument(0) instanceof StringLiteralExpr literal
                    && literal.getValue().equals("MD5");
            if (md5) {
                context.report(call, "MessageDigest.getInstance(\"MD5\") uses MD5, which is broken");
            }
        }
    }
}
