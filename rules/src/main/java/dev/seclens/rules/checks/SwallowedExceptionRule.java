package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.ReferenceType;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Identifiers;
import dev.seclens.rules.ast.Instances;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A catch block that does nothing (no statement; comments do not count) where ignoring the failure
 * matters: a security exception (a signature, certificate, key, token or login that failed), any
 * exception in an authentication or authorization check, and Throwable or Error. A block that
 * logs, rethrows, returns, sets a flag or re-interrupts has a statement, so it is never reported.
 */
@RuleInfo(
        id = "java/swallowed-exception",
        title = "Security failure silently ignored",
        cwe = {390, 391, 396},
        owasp = Owasp.A09,
        concern = Concern.ERROR_HANDLING,
        severity = Severity.MEDIUM,
        confidence = Confidence.MEDIUM,
        summary = "An empty catch block ignores a security exception, any exception in an authentication or"
                + " authorization check, or Throwable/Error, so the code carries on as if nothing failed.")
public final class SwallowedExceptionRule implements Rule {
    /** Exceptions that mean a security check failed: ignoring one is accepting what was checked. */
    private static final Set<String> SECURITY_EXCEPTIONS = Set.of("SecurityException", "GeneralSecurityException",
            "InvalidKeyException", "SignatureException", "BadPaddingException", "AEADBadTagException",
            "IllegalBlockSizeException", "CertificateException", "CertificateExpiredException",
            "CertificateNotYetValidException", "CertPathValidatorException", "CertPathBuilderException",
            "UnrecoverableKeyException", "InvalidKeySpecException", "SSLException", "SSLHandshakeException",
            "SSLPeerUnverifiedException", "SSLProtocolException", "SSLKeyException", "AuthenticationException",
            "AccessDeniedException", "LoginException", "FailedLoginException", "AccountExpiredException",
            "CredentialExpiredException", "AccountLockedException", "NoPermissionException", "JwtException",
            "ExpiredJwtException", "MalformedJwtException", "UnsupportedJwtException", "JWTVerificationException",
            "JWTDecodeException", "TokenExpiredException", "SignatureVerificationException", "JOSEException",
            "BadJOSEException", "BadJWTException", "BadCredentialsException", "InsufficientAuthenticationException",
            "InvalidTokenException", "OAuth2AuthenticationException", "AccessControlException");
    /** Security exceptions that usually cannot happen (a standard algorithm is missing): less sure. */
    private static final Set<String> SETUP_EXCEPTIONS = Set.of("NoSuchAlgorithmException", "NoSuchPaddingException",
            "NoSuchProviderException", "InvalidAlgorithmParameterException", "KeyStoreException");
    private static final Set<String> ERRORS = Set.of("Throwable", "Error");
    /** Words that make a method an authentication or authorization check. */
    private static final Set<String> AUTH_WORDS = Set.of("authenticate", "authentication", "authenticated",
            "authorize", "authorise", "authorization", "authorisation", "authorized", "authorised", "login", "logon",
            "signin", "verify", "permission", "permissions", "permitted", "checkpermission");
    /** With a leading check/validate/has/is/can, these words make a method a check too: validateToken, hasRole. */
    private static final Set<String> CHECK_VERBS = Set.of("check", "validate", "has", "is", "can", "ensure", "require");
    private static final Set<String> CHECKED_THINGS = Set.of("token", "jwt", "signature", "credential", "credentials",
            "password", "session", "role", "roles", "access", "certificate", "cert", "auth", "admin", "allowed",
            "owner", "csrf", "otp", "mfa", "hmac");

    @Override
    public void check(RuleContext context) {
        for (CatchClause clause : context.index().catches()) {
            if (clause.getBody().getStatements().stream().allMatch(s -> s instanceof EmptyStmt)) {
                checkEmpty(context, clause);
            }
        }
    }

    private static void checkEmpty(RuleContext context, CatchClause clause) {
        List<ReferenceType> caught = Instances.caughtTypes(clause);
        Optional<String> security = caught.stream().filter(t -> isSecurityException(clause, t))
                .map(Types::simpleName).findFirst();
        Optional<String> setup = caught.stream().map(Types::simpleName).filter(SETUP_EXCEPTIONS::contains).findFirst();
        Optional<String> error = caught.stream().map(Types::simpleName).filter(ERRORS::contains).findFirst();
        Optional<String> check = authCheck(clause);
        String catchText = "`catch (" + Code.quote(clause.getParameter()) + ")`";
        String where = check.map(c -> " in " + c).orElse("");
        // a bare SecurityException is most often a SecurityManager probe (may I read this property?): less sure
        if (security.isPresent() || setup.isPresent() && check.isPresent()) {
            context.report(clause, catchText + where + " ignores a failed security check with an empty block, so the"
                    + " code carries on as if it had passed; deny instead (rethrow, or return a failure) and log it.",
                    check.isPresent() ? Confidence.HIGH
                            : security.filter(s -> s.equals("SecurityException")).isPresent() ? Confidence.LOW
                            : Confidence.MEDIUM, List.of(), null);
        } else if (check.isPresent()) {
            context.report(clause, catchText + where + " ignores the exception with an empty block, so the check"
                    + " carries on as if nothing failed; deny instead (rethrow, or return a failure) and log it.");
        } else if (error.isPresent()) {
            context.report(clause, catchText + " swallows every error, OutOfMemoryError and StackOverflowError"
                    + " included, and carries on; catch the exceptions you expect, or log and rethrow.");
        } else if (setup.isPresent()) {
            context.report(clause, catchText + " ignores a missing algorithm or key store with an empty block; the"
                    + " object it should have created stays null: throw an IllegalStateException instead.",
                    Confidence.LOW, List.of(), null);
        }
    }

    private static boolean isSecurityException(Node context, ReferenceType type) {
        String name = Types.simpleName(type);
        if (name.equals("AccessDeniedException") && Types.denotes(type, "java.nio.file.AccessDeniedException")
                && !Types.denotes(context, name, "org.springframework.security.access.AccessDeniedException")) {
            return false; // a file the process may not open: an I/O failure, not a denied request
        }
        return SECURITY_EXCEPTIONS.contains(name) || name.endsWith("AuthenticationException")
                || name.endsWith("JwtException");
    }

    /**
     * "`verifyToken`" when the catch is in an authentication or authorization method, or "the try
     * around `verify(...)`" when its try block calls one named plainly (verify, authenticate, login).
     */
    private static Optional<String> authCheck(CatchClause clause) {
        Optional<String> method = clause.findAncestor(CallableDeclaration.class)
                .map(c -> ((CallableDeclaration<?>) c).getNameAsString()).filter(SwallowedExceptionRule::isAuthName);
        if (method.isPresent()) {
            return method.map(m -> "`" + m + "`");
        }
        return clause.getParentNode().filter(p -> p instanceof TryStmt).map(p -> ((TryStmt) p).getTryBlock())
                .flatMap(block -> block.findAll(MethodCallExpr.class).stream().map(MethodCallExpr::getNameAsString)
                        .filter(call -> Identifiers.words(call).stream().anyMatch(AUTH_WORDS::contains)).findFirst())
                .map(call -> "the try around `" + call + "(...)`");
    }

    private static boolean isAuthName(String name) {
        List<String> words = Identifiers.words(name);
        if (words.stream().anyMatch(AUTH_WORDS::contains)) {
            return true;
        }
        return Identifiers.hasCompound(words, Set.of("login", "logon", "signin"))
                || words.size() > 1 && CHECK_VERBS.contains(words.get(0))
                && words.stream().skip(1).anyMatch(CHECKED_THINGS::contains);
    }
}
