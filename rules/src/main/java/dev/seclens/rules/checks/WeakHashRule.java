package dev.seclens.rules.checks;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
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
import dev.seclens.rules.ast.ChosenConstants;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.ConfiguredValues;
import dev.seclens.rules.ast.ConfiguredValues.Setting;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@RuleInfo(
        id = "java/weak-hash",
        title = "Broken hash algorithm (MD2, MD4, MD5, SHA-1)",
        cwe = {328},
        owasp = Owasp.A02,
        concern = Concern.CRYPTOGRAPHY,
        severity = Severity.MEDIUM,
        confidence = Confidence.HIGH,
        summary = "A digest is computed with MD2, MD4, MD5 or SHA-1, whose collisions can be forged.")
public final class WeakHashRule implements Rule {
    private static final String MESSAGE_DIGEST = "java.security.MessageDigest";
    private static final List<String> DIGEST_UTILS = List.of(
            "org.apache.commons.codec.digest.DigestUtils", "org.springframework.util.DigestUtils");
    private static final String CODEC_ALGORITHMS = "org.apache.commons.codec.digest.MessageDigestAlgorithms";
    private static final String GUAVA_HASHING = "com.google.common.hash.Hashing";

    /** Helper methods that hash with a broken algorithm, and their SHA-256 counterpart when there is one. */
    private static final Map<String, String> WEAK_HELPERS = Map.ofEntries(
            Map.entry("md2", ""), Map.entry("md2Hex", ""), Map.entry("getMd2Digest", ""),
            Map.entry("md5", "sha256"), Map.entry("md5Hex", "sha256Hex"), Map.entry("getMd5Digest", "getSha256Digest"),
            Map.entry("sha", "sha256"), Map.entry("shaHex", "sha256Hex"), Map.entry("getShaDigest", "getSha256Digest"),
            Map.entry("sha1", "sha256"), Map.entry("sha1Hex", "sha256Hex"), Map.entry("getSha1Digest", "getSha256Digest"),
            Map.entry("md5Digest", ""), Map.entry("md5DigestAsHex", ""), Map.entry("appendMd5DigestAsHex", ""));

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            checkCall(context, call);
        }
        for (ObjectCreationExpr creation : context.index().creations()) {
            if (isDigestUtils(creation.getType().getNameWithScope(), creation) && creation.getArguments().size() == 1) {
                weakAlgorithm(creation.getArgument(0)).ifPresent(alg -> context.report(creation,
                        "new DigestUtils(" + Code.quote(creation.getArgument(0)) + ") hashes with " + alg
                                + ", which is broken; use SHA-256 or stronger.",
                        replaceLiteral(creation.getArgument(0))));
            }
        }
    }

    private void checkCall(RuleContext context, MethodCallExpr call) {
        Optional<Expression> scope = call.getScope();
        String name = call.getNameAsString();
        if (scope.isEmpty()) {
            return;
        }
        boolean byName = name.equals("getInstance") && Types.isTypeName(scope.get(), MESSAGE_DIGEST)
                || name.equals("getDigest") && DIGEST_UTILS.stream().anyMatch(t -> Types.isTypeName(scope.get(), t));
        if (byName && !call.getArguments().isEmpty()) {
            Expression algorithm = call.getArgument(0);
            Optional<Setting> setting = ConfiguredValues.setting(algorithm, context.file().path(), context.projectFiles());
            Optional<String> weak = weakAlgorithm(algorithm).or(() -> setting.flatMap(s -> normalise(s.value())));
            weak.ifPresent(alg -> context.report(call,
                    Code.quote(scope.get()) + "." + name + "(" + Code.quote(algorithm) + ") "
                            + (algorithm.isStringLiteralExpr() ? "" : setting.map(Setting::origin)
                            .orElse("resolves to \"" + alg + "\"") + " and ")
                            + "uses " + alg + ", which is broken for security use; use SHA-256 or stronger"
                            + " (a password needs a KDF such as PBKDF2, bcrypt or Argon2).",
                    replaceLiteral(algorithm)));
            if (weak.isEmpty() && setting.isEmpty()) {
                // chosen elsewhere: a parameter every caller passes a constant to, a field set once, an enum constant
                for (ChosenConstants.Chosen chosen : ChosenConstants.of(algorithm)) {
                    Optional<String> alg = normalise(chosen.value());
                    if (alg.isPresent()) {
                        context.report(call, Code.quote(scope.get()) + "." + name + "(" + Code.quote(algorithm) + "), "
                                + chosen.how() + ", uses " + alg.get() + ", which is broken for security use; use SHA-256"
                                + " or stronger (a password needs a KDF such as PBKDF2, bcrypt or Argon2).");
                        break;
                    }
                }
            }
            return;
        }
        if (WEAK_HELPERS.containsKey(name) && DIGEST_UTILS.stream().anyMatch(t -> Types.isTypeName(scope.get(), t))
                && !WeakPasswordHashRule.hashesPassword(call)) {
            String replacement = WEAK_HELPERS.get(name);
            context.report(call, Code.quote(scope.get()) + "." + name + "(...) hashes with " + helperAlgorithm(name)
                            + ", which is broken for security use; use " + (replacement.isEmpty()
                            ? "a SHA-256 digest" : Code.quote(scope.get()) + "." + replacement + "(...)") + ".",
                    replacement.isEmpty() ? null : renameMethod(call, replacement));
            return;
        }
        if ((name.equals("md5") || name.equals("sha1")) && call.getArguments().isEmpty()
                && Types.isTypeName(scope.get(), GUAVA_HASHING)) {
            context.report(call, "Hashing." + name + "() is broken for security use; use Hashing.sha256().",
                    renameMethod(call, "sha256"));
        }
    }

    private static boolean isDigestUtils(String written, ObjectCreationExpr context) {
        return Types.denotes(context, written, DIGEST_UTILS.get(0));
    }

    private static String helperAlgorithm(String method) {
        String lower = method.toLowerCase(Locale.ROOT);
        return lower.contains("md2") ? "MD2" : lower.contains("md5") ? "MD5" : "SHA-1";
    }

    /** The broken algorithm an argument names, folded from constants, or empty. */
    static Optional<String> weakAlgorithm(Expression argument) {
        if (argument instanceof FieldAccessExpr f && Types.isTypeName(f.getScope(), CODEC_ALGORITHMS)) {
            return switch (f.getNameAsString()) {
                case "MD2" -> Optional.of("MD2");
                case "MD5" -> Optional.of("MD5");
                case "SHA_1" -> Optional.of("SHA-1");
                default -> Optional.empty();
            };
        }
        return Constants.string(argument).flatMap(WeakHashRule::normalise);
    }

    private static Optional<String> normalise(String algorithm) {
        return switch (algorithm.trim().toUpperCase(Locale.ROOT)) {
            case "MD2" -> Optional.of("MD2");
            case "MD4" -> Optional.of("MD4");
            case "MD5" -> Optional.of("MD5");
            case "SHA", "SHA1", "SHA-1" -> Optional.of("SHA-1");
            default -> Optional.empty();
        };
    }

    /** Replaces a literal algorithm name; a name that comes from a constant is left to the user. */
    private static Fix replaceLiteral(Expression algorithm) {
        if (!(algorithm instanceof StringLiteralExpr)) {
            return null;
        }
        return new Fix("Use SHA-256 (digests already stored will no longer match)",
                List.of(new TextEdit(SourceRange.of(algorithm), "\"SHA-256\"")), List.of());
    }

    private static Fix renameMethod(MethodCallExpr call, String replacement) {
        return new Fix("Use " + replacement + " (digests already stored will no longer match)",
                List.of(new TextEdit(SourceRange.of(call.getName()), replacement)), List.of());
    }
}
