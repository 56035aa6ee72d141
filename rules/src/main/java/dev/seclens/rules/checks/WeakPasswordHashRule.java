package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.ConfiguredValues;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Identifiers;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A password hashed with a fast digest: MessageDigest, Commons Codec or Spring DigestUtils, or Guava
 * Hashing, fed a value whose name says password. Iterated digests (inside a loop) are a home-made
 * KDF and are left alone; the weakness of the algorithm itself is java/weak-hash's.
 */
@RuleInfo(
        id = "java/weak-password-hash",
        title = "Password hashed with a fast digest",
        cwe = {916},
        owasp = Owasp.A02,
        concern = Concern.CRYPTOGRAPHY,
        severity = Severity.HIGH,
        confidence = Confidence.MEDIUM,
        summary = "A password is hashed with MessageDigest, DigestUtils or Guava Hashing (SHA-256, SHA-512, MD5, ...),"
                + " a deprecated digest PasswordEncoder, or kept in plain text (NoOpPasswordEncoder, {noop}), instead of"
                + " a password hashing function such as Argon2, bcrypt, scrypt or PBKDF2.")
public final class WeakPasswordHashRule implements Rule {
    private static final Set<String> PASSWORD_WORDS = Set.of("password", "passwd", "pwd", "passphrase", "passcode");
    /** Words that make a password-named value something else: its hash, its salt, a reset token, a hint. */
    private static final Set<String> NOT_THE_PASSWORD = Set.of("hash", "hashed", "digest", "encoded", "salt", "token",
            "hint", "policy", "length", "field", "param", "parameter", "label", "property", "key", "expiry",
            "expiration", "reset", "changed", "updated", "date", "time", "history", "attempts", "count");
    private static final List<String> DIGEST_UTILS = List.of("org.apache.commons.codec.digest.DigestUtils",
            "org.springframework.util.DigestUtils");
    private static final String MESSAGE_DIGEST = "java.security.MessageDigest";
    private static final String GUAVA_HASHING = "com.google.common.hash.Hashing";
    private static final String NO_OP_ENCODER = "org.springframework.security.crypto.password.NoOpPasswordEncoder";
    private static final List<String> FAST_DIGEST_ENCODERS = List.of(
            "org.springframework.security.crypto.password.MessageDigestPasswordEncoder",
            "org.springframework.security.crypto.password.StandardPasswordEncoder",
            "org.springframework.security.crypto.password.LdapShaPasswordEncoder",
            "org.springframework.security.crypto.password.Md4PasswordEncoder",
            "org.springframework.security.authentication.encoding.Md5PasswordEncoder",
            "org.springframework.security.authentication.encoding.ShaPasswordEncoder");
    private static final Set<String> GUAVA_INPUTS = Set.of("hashString", "hashBytes", "hashUnencodedChars",
            "putString", "putBytes", "putUnencodedChars");
    private static final String ADVICE = "; a leaked hash is then cracked at billions of guesses per second."
            + " Use a password hashing function: Argon2id, bcrypt, scrypt or PBKDF2 with a random salt (for example"
            + " Spring Security's Argon2PasswordEncoder or BCryptPasswordEncoder).";

    @Override
    public void check(RuleContext context) {
        checkPasswordEncoders(context);
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getScope().isEmpty() || call.getArguments().isEmpty() || insideLoop(call)) {
                continue;
            }
            Expression scope = call.getScope().get();
            String method = call.getNameAsString();
            Optional<String> digest = Optional.empty();
            if ((method.equals("digest") || method.equals("update")) && call.getArguments().size() == 1) {
                digest = messageDigest(context, scope);
            } else if (DIGEST_UTILS.stream().anyMatch(t -> Types.isTypeName(scope, t)) && isHashHelper(method)) {
                digest = Optional.of(Code.quote(scope) + "." + method);
            } else if (GUAVA_INPUTS.contains(method) && scope instanceof MethodCallExpr hashing
                    && hashing.getScope().map(s -> Types.isTypeName(s, GUAVA_HASHING)).orElse(false)) {
                digest = Optional.of("Guava Hashing." + hashing.getNameAsString() + "()");
            }
            if (digest.isEmpty()) {
                continue;
            }
            Expression input = call.getArgument(0);
            Optional<String> password = passwordIn(input, 0);
            String hashedWith = digest.get();
            password.ifPresent(name -> context.report(call, Code.quote(call) + " hashes the password `" + name
                    + "` with " + hashedWith + ", a fast digest" + ADVICE));
        }
    }

    /**
     * Spring Security encoders that keep passwords in plain text ({@code NoOpPasswordEncoder}, a
     * {@code "{noop}..."} password) or hash them with one fast digest (the deprecated
     * {@code MessageDigestPasswordEncoder}, {@code StandardPasswordEncoder}, {@code LdapShaPasswordEncoder},
     * {@code Md4PasswordEncoder}).
     */
    private static void checkPasswordEncoders(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getNameAsString().equals("getInstance") && call.getArguments().isEmpty()
                    && call.getScope().map(s -> Types.isTypeName(s, NO_OP_ENCODER)).orElse(false)) {
                context.report(call, Code.quote(call) + " stores and compares passwords in plain text: whoever reads"
                        + " the user table has every password" + ADVICE);
            }
        }
        for (ObjectCreationExpr creation : context.index().creations()) {
            FAST_DIGEST_ENCODERS.stream().filter(t -> Types.denotes(creation.getType(), t)).findFirst()
                    .ifPresent(t -> context.report(creation, Code.quote(creation) + " hashes passwords with a single"
                            + " fast digest (" + t.substring(t.lastIndexOf('.') + 1) + " is deprecated for that reason)" + ADVICE));
        }
        for (StringLiteralExpr literal : context.index().stringLiterals()) {
            boolean prefixesAValue = literal.getParentNode().filter(p -> p instanceof BinaryExpr b
                    && b.getOperator() == BinaryExpr.Operator.PLUS && b.getLeft() == literal).isPresent();
            if (literal.getValue().startsWith("{noop}") && (literal.getValue().length() > "{noop}".length() || prefixesAValue)) {
                context.report(literal, "the password \"{noop}...\" is kept in plain text and compared as such by"
                        + " Spring Security's DelegatingPasswordEncoder; store its hash instead, such as"
                        + " \"{bcrypt}$2a$10$...\" from PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(...)"
                        + ", and keep it out of the source.");
            }
        }
    }

    /**
     * Whether a DigestUtils helper call hashes a password: then this rule reports it (a faster or
     * stronger digest would not help), and java/weak-hash leaves the call alone.
     */
    static boolean hashesPassword(MethodCallExpr helper) {
        return !helper.getArguments().isEmpty() && !insideLoop(helper)
                && passwordIn(helper.getArgument(0), 0).isPresent();
    }

    /** "MessageDigest SHA-256" for a receiver that holds a MessageDigest; empty for anything else. */
    private static Optional<String> messageDigest(RuleContext context, Expression scope) {
        Optional<Expression> made = scope instanceof MethodCallExpr ? Optional.of(scope)
                : Declarations.of(scope).filter(d -> Types.denotes(d.type(), MESSAGE_DIGEST)
                        || d.initializer().filter(WeakPasswordHashRule::isGetInstance).isPresent())
                .map(d -> d.initializer().filter(WeakPasswordHashRule::isGetInstance).orElse(scope));
        if (made.isEmpty()) {
            return Optional.empty();
        }
        if (made.get() instanceof MethodCallExpr getInstance && isGetInstance(getInstance)) {
            return Optional.of("MessageDigest " + ConfiguredValues.setting(getInstance.getArgument(0),
                    context.file().path(), context.projectFiles()).map(s -> s.value()).orElse("(" + Code.quote(
                    getInstance.getArgument(0)) + ")"));
        }
        return made.get() == scope && !(scope instanceof MethodCallExpr) ? Optional.of("a MessageDigest")
                : Optional.empty();
    }

    private static boolean isGetInstance(Expression e) {
        return e instanceof MethodCallExpr m && m.getNameAsString().equals("getInstance") && !m.getArguments().isEmpty()
                && m.getScope().map(s -> Types.isTypeName(s, MESSAGE_DIGEST)).orElse(false);
    }

    /** md5Hex, sha256, sha512Hex, sha3_256Hex, md5DigestAsHex, ...: every DigestUtils helper that hashes its input. */
    private static boolean isHashHelper(String method) {
        String lower = method.toLowerCase(Locale.ROOT);
        return lower.startsWith("md") || lower.startsWith("sha");
    }

    /** The password-named variable, field or getter the input is made from, if any. */
    private static Optional<String> passwordIn(Expression input, int hops) {
        if (hops > 4) {
            return Optional.empty();
        }
        for (Node node : input.findAll(Node.class)) {
            String name = node instanceof NameExpr n ? n.getNameAsString()
                    : node instanceof FieldAccessExpr f ? f.getNameAsString()
                    : node instanceof MethodCallExpr m && m.getArguments().isEmpty() ? m.getNameAsString() : null;
            if (name != null && isPassword(name)) {
                return Optional.of(name);
            }
            if (node instanceof NameExpr n) {
                Optional<String> held = Declarations.of(n).filter(d -> d.kind() == Declaration.Kind.LOCAL)
                        .filter(d -> !Declarations.isReassigned(d))
                        .flatMap(Declaration::initializer)
                        .flatMap(init -> passwordIn(init, hops + 1));
                if (held.isPresent()) {
                    return held;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isPassword(String identifier) {
        List<String> words = Identifiers.words(identifier);
        return words.stream().anyMatch(PASSWORD_WORDS::contains) && words.stream().noneMatch(NOT_THE_PASSWORD::contains);
    }

    /** Inside a loop of its own method: an iterated digest, a home-made KDF rather than a single fast hash. */
    private static boolean insideLoop(Node node) {
        for (Node n = node.getParentNode().orElse(null); n != null && !(n instanceof CallableDeclaration<?>)
                && !(n instanceof LambdaExpr); n = n.getParentNode().orElse(null)) {
            if (n instanceof ForStmt || n instanceof ForEachStmt || n instanceof WhileStmt || n instanceof DoStmt) {
                return true;
            }
        }
        return false;
    }
}
