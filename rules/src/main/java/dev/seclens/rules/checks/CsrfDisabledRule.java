package dev.seclens.rules.checks;

import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Identifiers;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Spring Security's CSRF protection switched off: {@code csrf().disable()}, {@code csrf(AbstractHttpConfigurer::disable)},
 * {@code csrf(c -> c.disable())}, or every path ignored. A configuration that is stateless and
 * authenticates with bearer tokens (a resource server or a token filter) is left alone, since
 * browsers never attach those tokens by themselves; stateless alone is reported at low confidence,
 * because a token kept in a cookie is sent cross-site like a session.
 */
@RuleInfo(
        id = "java/csrf-disabled",
        title = "CSRF protection disabled",
        cwe = {352},
        owasp = Owasp.A01,
        concern = Concern.CONFIGURATION,
        severity = Severity.MEDIUM,
        confidence = Confidence.HIGH,
        summary = "Spring Security's CSRF protection is disabled, or ignores every path, in a configuration"
                + " that does not authenticate with bearer tokens.")
public final class CsrfDisabledRule implements Rule {
    private static final Set<String> IGNORING = Set.of("ignoringRequestMatchers", "ignoringAntMatchers",
            "ignoringMvcMatchers");
    private static final Set<String> EVERY_PATH = Set.of("/**", "/*", "**", "*");
    private static final Set<String> TOKEN_WORDS = Set.of("jwt", "bearer", "token");

    @Override
    public void check(RuleContext context) {
        if (!usesSpringSecurity(context)) {
            return;
        }
        for (MethodCallExpr call : context.index().calls()) {
            if (!call.getNameAsString().equals("csrf")) {
                continue;
            }
            Optional<String> how = disabled(call);
            if (how.isEmpty()) {
                continue;
            }
            Node configuration = call.findAncestor(CallableDeclaration.class).map(n -> (Node) n)
                    .orElse(context.unit());
            boolean stateless = mentionsStateless(configuration);
            Optional<String> tokens = tokenAuthentication(configuration);
            if (stateless && tokens.isPresent()) {
                continue; // bearer tokens are never attached by the browser: nothing to forge
            }
            String message = how.get() + " turns off Spring Security's CSRF protection, so another site can make"
                    + " a logged-in user's browser send state-changing requests";
            if (stateless) {
                context.report(call.getName(), message + "; the configuration is stateless, which is safe only if"
                                + " the credential is a bearer token and never a cookie: keep CSRF protection on"
                                + " unless no browser session or cookie authenticates requests.",
                        Confidence.LOW, List.of(), null);
            } else {
                context.report(call.getName(), message + "; keep it on (the default) and send the token with"
                        + " forms and JavaScript requests (CookieCsrfTokenRepository for single-page apps).");
            }
        }
    }

    private static boolean usesSpringSecurity(RuleContext context) {
        return context.unit().getImports().stream().map(ImportDeclaration::getNameAsString)
                .anyMatch(n -> n.startsWith("org.springframework.security"));
    }

    /** How the csrf call disables protection, as the message quotes it, or empty. */
    private static Optional<String> disabled(MethodCallExpr csrf) {
        if (csrf.getArguments().isEmpty()) {
            Optional<MethodCallExpr> next = csrf.getParentNode()
                    .filter(p -> p instanceof MethodCallExpr m && m.getScope().filter(s -> s == csrf).isPresent())
                    .map(p -> (MethodCallExpr) p);
            if (next.isPresent() && next.get().getNameAsString().equals("disable")) {
                return Optional.of("csrf().disable()");
            }
            if (next.isPresent() && ignoresEveryPath(next.get())) {
                return Optional.of("csrf()." + Code.quote(next.get().getName()) + "(...) ignoring every path");
            }
            return Optional.empty();
        }
        if (csrf.getArguments().size() != 1) {
            return Optional.empty();
        }
        Expression customizer = csrf.getArgument(0);
        if (customizer instanceof MethodReferenceExpr ref && ref.getIdentifier().equals("disable")) {
            return Optional.of(Code.quoteCall(csrf));
        }
        if (customizer instanceof LambdaExpr lambda && lambda.getParameters().size() == 1) {
            Optional<Expression> body = lambdaExpression(lambda);
            if (body.isPresent() && body.get() instanceof MethodCallExpr m) {
                if (m.getNameAsString().equals("disable") && m.getArguments().isEmpty()) {
                    return Optional.of(Code.quoteCall(csrf));
                }
                if (ignoresEveryPath(m)) {
                    return Optional.of(Code.quoteCall(csrf) + " (every path ignored)");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Expression> lambdaExpression(LambdaExpr lambda) {
        if (lambda.getExpressionBody().isPresent()) {
            return lambda.getExpressionBody();
        }
        var statements = lambda.getBody().asBlockStmt().getStatements();
        if (statements.size() == 1 && statements.get(0) instanceof ExpressionStmt e) {
            return Optional.of(e.getExpression());
        }
        return Optional.empty();
    }

    private static boolean ignoresEveryPath(MethodCallExpr call) {
        return IGNORING.contains(call.getNameAsString()) && call.getArguments().stream()
                .anyMatch(a -> Constants.string(a).filter(EVERY_PATH::contains).isPresent());
    }

    /** {@code sessionCreationPolicy(SessionCreationPolicy.STATELESS)} in the same configuration method. */
    private static boolean mentionsStateless(Node configuration) {
        return configuration.findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("sessionCreationPolicy"))
                .stream().flatMap(c -> c.getArguments().stream())
                .anyMatch(a -> a instanceof FieldAccessExpr f && f.getNameAsString().equals("STATELESS")
                        || a instanceof NameExpr n && n.getNameAsString().equals("STATELESS"));
    }

    /**
     * What authenticates with bearer tokens in the configuration: a resource server, or a filter
     * whose type or variable name says JWT, bearer or token.
     */
    private static Optional<String> tokenAuthentication(Node configuration) {
        for (MethodCallExpr call : configuration.findAll(MethodCallExpr.class)) {
            String name = call.getNameAsString();
            if (name.equals("oauth2ResourceServer")) {
                return Optional.of("oauth2ResourceServer");
            }
            if (name.startsWith("addFilter") && !call.getArguments().isEmpty()
                    && namesToken(call.getArgument(0))) {
                return Optional.of(Code.quote(call.getArgument(0)));
            }
        }
        return Optional.empty();
    }

    private static boolean namesToken(Expression filter) {
        String name = filter instanceof ObjectCreationExpr c ? c.getType().getNameAsString()
                : filter instanceof NameExpr n ? n.getNameAsString()
                : filter instanceof MethodCallExpr m ? m.getNameAsString()
                : filter instanceof FieldAccessExpr f ? f.getNameAsString() : "";
        return Identifiers.words(name).stream().anyMatch(TOKEN_WORDS::contains);
    }
}
