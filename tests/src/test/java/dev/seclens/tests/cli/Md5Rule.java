package dev.seclens.tests.cli;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Fix;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextEdit;
import java.util.List;

/**
 * A stand-in for the real rules, which land on another branch: reports
 * {@code MessageDigest.getInstance("MD5")} with a related location and a fix, so that every part
 * of the reports has something to show.
 */
@RuleInfo(id = "java/test-md5", title = "MD5 message digest (test rule)", cwe = {328, 327}, owasp = Owasp.A02, concern = Concern.CRYPTOGRAPHY,
        severity = Severity.MEDIUM, confidence = Confidence.HIGH,
        summary = "Reports MessageDigest.getInstance(\"MD5\") calls.")
public final class Md5Rule implements Rule {
    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.unit().findAll(MethodCallExpr.class)) {
            if (!call.getNameAsString().equals("getInstance") || call.getArguments().size() != 1
                    || call.getScope().isEmpty() || !call.getScope().get().toString().endsWith("MessageDigest")
                    || !(call.getArgument(0) instanceof StringLiteralExpr algorithm)
                    || !algorithm.getValue().equalsIgnoreCase("MD5")) {
                continue;
            }
            List<RelatedLocation> related = call.findAncestor(MethodDeclaration.class)
                    .map(m -> List.of(new RelatedLocation(SourceRange.of(m.getName()), "in this method")))
                    .orElse(List.of());
            TextEdit edit = new TextEdit(SourceRange.of(algorithm), "\"SHA-256\"");
            Fix fix = new Fix("Use SHA-256", List.of(edit), List.of());
            context.report(call, "MD5 is broken for security purposes", Confidence.HIGH, related, fix);
        }
    }
}
