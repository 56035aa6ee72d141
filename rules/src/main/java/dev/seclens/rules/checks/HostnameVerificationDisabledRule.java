package dev.seclens.rules.checks;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Set;

/**
 * A HostnameVerifier that accepts every host: a class or anonymous class whose verify returns
 * constant true, a {@code (host, session) -> true} lambda given to an API that takes a verifier,
 * and the libraries' own no-op verifiers (Apache HttpClient's NoopHostnameVerifier and
 * ALLOW_ALL_HOSTNAME_VERIFIER).
 */
@RuleInfo(
        id = "java/hostname-verification-disabled",
        title = "TLS hostname verification disabled",
        cwe = {297},
        owasp = Owasp.A07,
        concern = Concern.CONFIGURATION,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "A HostnameVerifier accepts every host name (verify returns true, a (h, s) -> true lambda,"
                + " NoopHostnameVerifier or ALLOW_ALL_HOSTNAME_VERIFIER).")
public final class HostnameVerificationDisabledRule implements Rule {
    private static final String HOSTNAME_VERIFIER = "javax.net.ssl.HostnameVerifier";
    /** Methods that install a verifier: HttpsURLConnection, OkHttp, Apache HttpClient 4 and 5 builders. */
    private static final Set<String> INSTALLERS = Set.of("setDefaultHostnameVerifier", "setHostnameVerifier",
            "hostnameVerifier", "setSSLHostnameVerifier");
    private static final Set<String> NO_OP_VERIFIERS = Set.of("NoopHostnameVerifier", "AllowAllHostnameVerifier");

    @Override
    public void check(RuleContext context) {
        for (TypeDeclaration<?> type : context.index().types()) {
            if (type instanceof ClassOrInterfaceDeclaration c && !c.isInterface()
                    && c.getImplementedTypes().stream().anyMatch(t -> Types.denotes(t, HOSTNAME_VERIFIER))) {
                checkVerify(context, c.getMembers(), "class " + c.getNameAsString());
            }
        }
        for (ObjectCreationExpr creation : context.index().creations()) {
            String name = creation.getType().getNameAsString();
            if (creation.getAnonymousClassBody().isPresent() && Types.denotes(creation.getType(), HOSTNAME_VERIFIER)) {
                checkVerify(context, creation.getAnonymousClassBody().get(), "the anonymous HostnameVerifier");
            } else if (NO_OP_VERIFIERS.contains(name) && creation.getAnonymousClassBody().isEmpty()) {
                context.report(creation, Code.quote(creation) + " accepts every host name, so any certificate a trusted"
                        + " CA issued for another site is accepted; use the library's default verifier.");
            }
        }
        for (MethodCallExpr call : context.index().calls()) {
            if (INSTALLERS.contains(call.getNameAsString()) && call.getArguments().size() == 1
                    && call.getArgument(0) instanceof LambdaExpr lambda && returnsTrue(lambda)) {
                context.report(lambda, call.getNameAsString() + "(" + Code.quote(lambda) + ") installs a verifier that"
                        + " accepts every host name; remove it to keep the default verification.");
            }
        }
        for (VariableDeclarator variable : context.index().variables()) {
            if (Types.denotes(variable.getType(), HOSTNAME_VERIFIER)
                    && variable.getInitializer().orElse(null) instanceof LambdaExpr lambda && returnsTrue(lambda)) {
                context.report(lambda, "HostnameVerifier `" + variable.getNameAsString() + "` = " + Code.quote(lambda)
                        + " accepts every host name; use the default verifier.");
            }
        }
        for (FieldAccessExpr access : context.index().fieldAccesses()) {
            if (!isNoOpConstant(access)) {
                continue;
            }
            context.report(access, Code.quote(access) + " accepts every host name, so any certificate a trusted CA"
                    + " issued for another site is accepted; use the library's default verifier.");
        }
    }

    /** {@code SSLConnectionSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER} or {@code NoopHostnameVerifier.INSTANCE}. */
    private static boolean isNoOpConstant(FieldAccessExpr access) {
        if (access.getNameAsString().equals("ALLOW_ALL_HOSTNAME_VERIFIER")) {
            return true;
        }
        String owner = Code.of(access.getScope());
        return access.getNameAsString().equals("INSTANCE")
                && NO_OP_VERIFIERS.contains(owner.substring(owner.lastIndexOf('.') + 1));
    }

    private static void checkVerify(RuleContext context, NodeList<BodyDeclaration<?>> members, String owner) {
        for (BodyDeclaration<?> member : members) {
            if (member instanceof MethodDeclaration method && method.getNameAsString().equals("verify")
                    && method.getParameters().size() == 2
                    && method.getBody().filter(b -> returnsTrue(b.getStatements())).isPresent()) {
                context.report(method.getName(), "verify in " + owner + " returns true for every host name, so a"
                        + " certificate issued for any other site is accepted; use the default verifier.");
            }
        }
    }

    private static boolean returnsTrue(LambdaExpr lambda) {
        if (lambda.getParameters().size() != 2) {
            return false;
        }
        Statement body = lambda.getBody();
        if (body instanceof ExpressionStmt e) {
            return isTrue(e.getExpression());
        }
        return body instanceof BlockStmt block && returnsTrue(block.getStatements());
    }

    /** A body whose only statement is {@code return <constant true>;}. */
    private static boolean returnsTrue(List<Statement> statements) {
        return statements.size() == 1 && statements.get(0) instanceof ReturnStmt r
                && r.getExpression().filter(HostnameVerificationDisabledRule::isTrue).isPresent();
    }

    private static boolean isTrue(Expression e) {
        return Constants.value(e).filter(Boolean.TRUE::equals).isPresent();
    }
}
