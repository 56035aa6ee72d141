package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
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
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Identifiers;
import dev.seclens.rules.ast.Instances;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A catch block that does nothing (no statement) where ignoring the failure matters: a security
 * exception (a signature, certificate, key, token or login that failed), any exception in an
 * authentication or authorization check, and Throwable or Error. A block that logs, rethrows,
 * returns, sets a flag or re-interrupts has a statement, so it is never reported; nor is an empty
 * one whose ignoring is intended (see {@link #isIntended}), unless the code goes on to grant.
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
            "UnrecoverableKeyException", "SSLException", "SSLHandshakeException",
            "SSLPeerUnverifiedException", "SSLProtocolException", "SSLKeyException", "AuthenticationException",
            "AccessDeniedException", "LoginException", "FailedLoginException", "AccountExpiredException",
            "CredentialExpiredException", "AccountLockedException", "NoPermissionException", "JwtException",
            "ExpiredJwtException", "MalformedJwtException", "UnsupportedJwtException", "JWTVerificationException",
            "JWTDecodeException", "TokenExpiredException", "SignatureVerificationException", "JOSEException",
            "BadJOSEException", "BadJWTException", "BadCredentialsException", "InsufficientAuthenticationException",
            "InvalidTokenException", "OAuth2AuthenticationException", "AccessControlException");
    /**
     * Security exceptions of setting up, not of checking: a standard algorithm is missing, or a key is
     * not in the format tried (code that reads a key tries RSA, then EC, then DSA). Less sure.
     */
    private static final Set<String> SETUP_EXCEPTIONS = Set.of("NoSuchAlgorithmException", "NoSuchPaddingException",
            "NoSuchProviderException", "InvalidAlgorithmParameterException", "KeyStoreException",
            "InvalidKeySpecException");
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

    /** Exceptions that say "not permitted": skipping the rest of the try on one is the denial itself. */
    private static final Set<String> ACCESS_DENIALS = Set.of("AccessDeniedException", "AccessControlException",
            "NoPermissionException", "AuthorizationException", "UnauthorizedException");
    /** First words of a comment that records a doubt or a chore, not a reason. */
    private static final Set<String> NOT_A_REASON = Set.of("todo", "fixme", "xxx", "hack", "tbd");

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
        if (isIntended(clause, caught)) {
            return;
        }
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
        } else if (setup.isPresent() && !fallsBack(clause)) {
            context.report(clause, catchText + " ignores a missing algorithm, key store or key format with an empty"
                    + " block; the object it should have created stays null: throw an IllegalStateException instead.",
                    Confidence.LOW, List.of(), null);
        }
    }

    /**
     * Whether ignoring the exception is the intended handling: never when the code goes on to grant
     * ({@code return true} after the try); otherwise when a comment in the block says why, when the
     * code after the try fails closed ({@code return false}, {@code return null}, a throw) or checks
     * for null a local the try was to set, or when the exception is an access denial and the try
     * block's later statements (the permitted path) are what it skips.
     */
    private static boolean isIntended(CatchClause clause, List<ReferenceType> caught) {
        if (!(clause.getParentNode().orElse(null) instanceof TryStmt tryStmt)) {
            return false;
        }
        Optional<Statement> after = nextStatement(tryStmt);
        if (after.filter(SwallowedExceptionRule::returnsTrue).isPresent()) {
            return false;
        }
        return hasExplanation(clause) || after.filter(SwallowedExceptionRule::failsClosed).isPresent()
                || after.filter(s -> checksForNull(s, assignedLocals(tryStmt.getTryBlock()))).isPresent()
                || caught.stream().map(Types::simpleName).anyMatch(ACCESS_DENIALS::contains)
                && tryStmt.getTryBlock().getStatements().size() > 1
                || onlyGrants(tryStmt.getTryBlock()) || leavesFlagFalse(tryStmt);
    }

    /**
     * A try block whose only way to matter is {@code return true}: locals, then {@code if (...) return true;}
     * with nothing else. An exception in it skips a grant, the same as the check saying no.
     */
    private static boolean onlyGrants(BlockStmt tryBlock) {
        boolean grants = false;
        for (Statement s : tryBlock.getStatements()) {
            if (s instanceof IfStmt i && i.getElseStmt().isEmpty() && returnsTrue(singleStatement(i.getThenStmt()))) {
                grants = true;
            } else if (!(s instanceof ExpressionStmt e && e.getExpression().isVariableDeclarationExpr())) {
                return false;
            }
        }
        return grants;
    }

    private static Statement singleStatement(Statement s) {
        return s instanceof BlockStmt b && b.getStatements().size() == 1 ? b.getStatement(0) : s;
    }

    /**
     * A try block that only sets a boolean local from a check ({@code owner = perms.check(user)}) where the
     * local was declared {@code false}: the exception leaves it false, which is the denial. Not a field,
     * which keeps whatever an earlier call set ({@code trusted} from the last verification).
     */
    private static boolean leavesFlagFalse(TryStmt tryStmt) {
        NodeList<Statement> body = tryStmt.getTryBlock().getStatements();
        if (body.size() != 1 || !(body.get(0) instanceof ExpressionStmt e) || !(e.getExpression() instanceof AssignExpr a)
                || a.getOperator() != AssignExpr.Operator.ASSIGN || !(a.getValue() instanceof MethodCallExpr)) {
            return false;
        }
        return Declarations.of(a.getTarget()).filter(d -> d.kind() == Declaration.Kind.LOCAL
                && d.type().asString().equals("boolean") && d.initializer().filter(SwallowedExceptionRule::isFalse).isPresent()
                && Declarations.assignments(d).size() == 1).isPresent();
    }

    private static boolean isFalse(Expression e) {
        return e instanceof BooleanLiteralExpr b && !b.getValue();
    }

    /**
     * Whether the code has a way on when setting up fails: the try block returns what it made and the
     * code after it tries another way ({@code try { return rsa.generatePrivate(spec); } catch (...) {}}
     * then EC), or every local the try block sets already held a value, which stays
     * ({@code proto = TLS_1_2; try { proto = newest(); } catch (...) {}}).
     */
    private static boolean fallsBack(CatchClause clause) {
        if (!(clause.getParentNode().orElse(null) instanceof TryStmt tryStmt)) {
            return false;
        }
        NodeList<Statement> body = tryStmt.getTryBlock().getStatements();
        if (!body.isEmpty() && body.getLast().orElseThrow() instanceof ReturnStmt && nextStatement(tryStmt).isPresent()) {
            return true;
        }
        Set<String> assigned = assignedLocals(tryStmt.getTryBlock());
        return !assigned.isEmpty() && assigned.stream().allMatch(name -> holdsValueBefore(tryStmt, name));
    }

    /** Whether the local {@code name} was given a value other than null before {@code tryStmt}, in its declaration or its block. */
    private static boolean holdsValueBefore(TryStmt tryStmt, String name) {
        if (!(tryStmt.getParentNode().orElse(null) instanceof BlockStmt block)) {
            return false;
        }
        for (Statement s : block.getStatements()) {
            if (s == tryStmt) {
                return false;
            }
            for (VariableDeclarator v : s.findAll(VariableDeclarator.class)) {
                if (v.getNameAsString().equals(name) && v.getInitializer().filter(i -> !(i instanceof NullLiteralExpr)).isPresent()) {
                    return true;
                }
            }
            if (s instanceof ExpressionStmt e && e.getExpression() instanceof AssignExpr a
                    && a.getTarget() instanceof NameExpr n && n.getNameAsString().equals(name)
                    && !(a.getValue() instanceof NullLiteralExpr)) {
                return true;
            }
        }
        return false;
    }

    /** A comment in the block that gives a reason: a few words, not a question, not a to-do, no rule id. */
    private static boolean hasExplanation(CatchClause clause) {
        List<Comment> comments = new ArrayList<>(clause.getBody().getAllContainedComments());
        comments.addAll(clause.getBody().getOrphanComments());
        for (Comment comment : comments) {
            String text = comment.getContent().replaceAll("[*/]", " ").trim();
            List<String> words = List.of(text.toLowerCase(Locale.ROOT).split("[^a-z0-9']+")).stream()
                    .filter(w -> !w.isEmpty()).toList();
            // a comment naming a rule is a suppression or a test's marker, not a reason
            if (words.size() >= 3 && !text.endsWith("?") && !NOT_A_REASON.contains(words.get(0))
                    && !comment.getContent().contains("java/")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Statement> nextStatement(TryStmt tryStmt) {
        if (tryStmt.getParentNode().orElse(null) instanceof BlockStmt block) {
            int at = block.getStatements().indexOf(tryStmt);
            if (at >= 0 && at + 1 < block.getStatements().size()) {
                return Optional.of(block.getStatement(at + 1));
            }
        }
        return Optional.empty();
    }

    private static boolean returnsTrue(Statement statement) {
        return statement instanceof ReturnStmt r && r.getExpression().filter(e -> e instanceof BooleanLiteralExpr b
                && b.getValue()).isPresent();
    }

    /** {@code return false}, {@code return null}, {@code return Optional.empty()}, or a throw. */
    private static boolean failsClosed(Statement statement) {
        if (statement instanceof ThrowStmt) {
            return true;
        }
        return statement instanceof ReturnStmt r && r.getExpression().filter(e -> e instanceof NullLiteralExpr
                || e instanceof BooleanLiteralExpr b && !b.getValue()
                || e instanceof MethodCallExpr m && m.getNameAsString().equals("empty") && m.getArguments().isEmpty())
                .isPresent();
    }

    private static Set<String> assignedLocals(BlockStmt block) {
        Set<String> names = new HashSet<>();
        for (AssignExpr assign : block.findAll(AssignExpr.class)) {
            if (assign.getTarget() instanceof NameExpr n && Declarations.of(n)
                    .filter(d -> d.kind() == Declaration.Kind.LOCAL).isPresent()) {
                names.add(n.getNameAsString());
            }
        }
        return names;
    }

    /** An {@code if} whose condition compares one of {@code locals} with null. */
    private static boolean checksForNull(Statement statement, Set<String> locals) {
        return statement instanceof IfStmt i && i.getCondition().findAll(BinaryExpr.class).stream()
                .anyMatch(b -> (b.getOperator() == BinaryExpr.Operator.EQUALS
                        || b.getOperator() == BinaryExpr.Operator.NOT_EQUALS)
                        && (isLocalAgainstNull(b.getLeft(), b.getRight(), locals)
                        || isLocalAgainstNull(b.getRight(), b.getLeft(), locals)));
    }

    private static boolean isLocalAgainstNull(Expression name, Expression other, Set<String> locals) {
        return name instanceof NameExpr n && locals.contains(n.getNameAsString()) && other instanceof NullLiteralExpr;
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
