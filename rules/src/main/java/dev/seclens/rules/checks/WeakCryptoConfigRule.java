package dev.seclens.rules.checks;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
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
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.ConfiguredValues;
import dev.seclens.rules.ast.ConfiguredValues.Setting;
import dev.seclens.rules.ast.ConstantBytes;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cryptography configured to be weak: a constant IV, nonce or salt, too few PBKDF2 iterations, RSA,
 * DSA or DH keys under 2048 bits and EC keys under 224, and RSA encryption without OAEP. Values are
 * folded from constants or read from the project's properties files; a KeyPairGenerator is judged
 * only when the algorithm it was created for is known. Seeds belong to {@code java/insecure-random-seed}.
 */
@RuleInfo(
        id = "java/weak-crypto-config",
        title = "Weak cryptographic parameters",
        cwe = {326, 327, 329, 760, 916},
        owasp = Owasp.A02,
        concern = Concern.CRYPTOGRAPHY,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "A constant IV, nonce or salt, PBKDF2 with fewer than 10,000 iterations, an RSA, DSA or DH key"
                + " under 2048 bits, an EC key under 224 bits, or RSA encryption without OAEP padding.")
public final class WeakCryptoConfigRule implements Rule {
    static final int MIN_ITERATIONS = 10_000;
    private static final int MIN_FACTORING_BITS = 2048;
    private static final int MIN_EC_BITS = 224;
    private static final String KEY_PAIR_GENERATOR = "java.security.KeyPairGenerator";
    private static final Set<String> FACTORING = Set.of("RSA", "RSASSA-PSS", "DSA", "DH", "DIFFIEHELLMAN");
    private static final Set<String> ELLIPTIC = Set.of("EC", "ECDSA", "ECDH");
    private static final Pattern CURVE_SIZE = Pattern.compile(
            "(?i)(?:secp|sect|prime|brainpoolp|c2pnb|c2tnb|c2onb|nist p-|p-|k-|b-)(\\d{1,4}).*");
    private static final String OAEP = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";

    @Override
    public void check(RuleContext context) {
        for (ObjectCreationExpr creation : context.index().creations()) {
            checkCreation(context, creation);
        }
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getNameAsString().equals("initialize") && call.getArguments().size() <= 2
                    && !call.getArguments().isEmpty()) {
                checkKeyPairGenerator(context, call);
            } else if (call.getNameAsString().equals("getInstance") && !call.getArguments().isEmpty()
                    && call.getScope().map(s -> Types.isTypeName(s, "javax.crypto.Cipher")).orElse(false)) {
                checkRsaPadding(context, call);
            }
        }
    }

    private static void checkCreation(RuleContext context, ObjectCreationExpr creation) {
        int arguments = creation.getArguments().size();
        if (is(creation, "javax.crypto.spec.IvParameterSpec") && arguments >= 1) {
            constant(creation.getArgument(0)).ifPresent(iv -> context.report(creation, Code.quote(creation)
                    + " uses a constant IV: " + iv.describe() + "; equal plaintexts then encrypt alike. Generate a fresh"
                    + " random IV for every message (SecureRandom.nextBytes) and store it with the ciphertext."));
        } else if (is(creation, "javax.crypto.spec.GCMParameterSpec") && arguments >= 2) {
            constant(creation.getArgument(1)).ifPresent(iv -> context.report(creation, Code.quote(creation)
                    + " uses a constant GCM nonce: " + iv.describe() + "; a nonce repeated under one key reveals the"
                    + " XOR of the plaintexts and lets an attacker forge tags. Use a fresh random 12-byte nonce per"
                    + " message."));
        } else if (is(creation, "javax.crypto.spec.PBEKeySpec") && arguments >= 3) {
            checkSalt(context, creation, creation.getArgument(1));
            checkIterations(context, creation, creation.getArgument(2));
        } else if (is(creation, "javax.crypto.spec.PBEParameterSpec") && arguments >= 2) {
            checkSalt(context, creation, creation.getArgument(0));
            checkIterations(context, creation, creation.getArgument(1));
        } else if (is(creation, "java.security.spec.RSAKeyGenParameterSpec") && arguments >= 1) {
            Expression size = creation.getArgument(0);
            number(context, size).filter(s -> s.bits() < MIN_FACTORING_BITS).ifPresent(s -> context.report(size,
                    Code.quote(creation) + " makes " + s.bits() + "-bit RSA keys" + s.setting().from(size)
                            + ", which are within reach of factoring; use at least 2048 bits.",
                    replaceSize(size, MIN_FACTORING_BITS)));
        } else if (is(creation, "java.security.spec.ECGenParameterSpec") && arguments == 1) {
            Expression curve = creation.getArgument(0);
            string(context, curve).ifPresent(name -> curveBits(name.value()).filter(b -> b < MIN_EC_BITS)
                    .ifPresent(bits -> context.report(curve, Code.quote(creation) + " selects the " + bits
                                    + "-bit curve " + name.value() + name.from(curve)
                                    + ", which gives under 112 bits of security; use secp256r1 or stronger.",
                            curve instanceof StringLiteralExpr ? new Fix("Use the secp256r1 curve",
                                    List.of(new TextEdit(SourceRange.of(curve), "\"secp256r1\"")), List.of()) : null)));
        }
    }

    private static boolean is(ObjectCreationExpr creation, String type) {
        return Types.denotes(creation.getType(), type);
    }

    private static Optional<ConstantBytes.Fixed> constant(Expression bytes) {
        return ConstantBytes.of(bytes);
    }

    private static void checkSalt(RuleContext context, ObjectCreationExpr creation, Expression salt) {
        constant(salt).ifPresent(s -> context.report(salt, Code.quote(creation) + " uses a constant salt: "
                + s.describe() + "; equal passwords then derive equal keys and one precomputed table attacks"
                + " them all. Generate a random 16-byte salt per password and store it with the hash."));
    }

    /** No fix: a new count derives other keys, so stored hashes and encrypted data would no longer match. */
    private static void checkIterations(RuleContext context, ObjectCreationExpr creation, Expression iterations) {
        number(context, iterations).filter(n -> n.bits() < MIN_ITERATIONS).ifPresent(n -> context.report(iterations,
                Code.quote(creation) + " uses " + n.bits() + " iterations" + n.setting().from(iterations)
                        + ", which makes guessing passwords cheap; use at least 600,000 for"
                        + " PBKDF2-HMAC-SHA256 (OWASP), and store the count with each hash so it can grow."));
    }

    /** {@code kpg.initialize(1024)} where {@code kpg} holds {@code KeyPairGenerator.getInstance("RSA")}. */
    private static void checkKeyPairGenerator(RuleContext context, MethodCallExpr initialize) {
        Expression scope = initialize.getScope().orElse(null);
        if (scope == null) {
            return;
        }
        Optional<Declaration> variable = Declarations.of(scope)
                .filter(d -> d.kind() != Declaration.Kind.PARAMETER && Declarations.assignments(d).isEmpty());
        Optional<Expression> made = scope instanceof MethodCallExpr ? Optional.of(scope)
                : variable.flatMap(Declaration::initializer);
        if (made.isEmpty() || !(made.get() instanceof MethodCallExpr getInstance)
                || !getInstance.getNameAsString().equals("getInstance") || getInstance.getArguments().isEmpty()
                || !getInstance.getScope().map(s -> Types.isTypeName(s, KEY_PAIR_GENERATOR)).orElse(false)) {
            return;
        }
        Optional<Setting> algorithm = string(context, getInstance.getArgument(0));
        Expression size = initialize.getArgument(0);
        Optional<Size> bits = number(context, size);
        if (algorithm.isEmpty() || bits.isEmpty()) {
            return; // a generator whose algorithm or size is unknown is not judged
        }
        String name = algorithm.get().value().trim().toUpperCase(Locale.ROOT);
        int minimum = FACTORING.contains(name) ? MIN_FACTORING_BITS : ELLIPTIC.contains(name) ? MIN_EC_BITS : 0;
        if (bits.get().bits() >= minimum) {
            return;
        }
        String generator = variable.map(d -> "`" + d.name() + "` is " + Code.quote(getInstance)
                + " (line " + getInstance.getBegin().map(p -> p.line).orElse(0) + ")").orElse(Code.quote(getInstance));
        String algorithmOrigin = algorithm.get().origin().isEmpty() ? "" : ", whose algorithm "
                + algorithm.get().origin();
        String sizeOrigin = bits.get().setting().origin().isEmpty() ? "" : bits.get().setting().note(size) + "; ";
        context.report(initialize, Code.quote(initialize) + " makes " + bits.get().bits() + "-bit "
                        + algorithm.get().value().trim() + " keys (" + sizeOrigin + generator
                        + algorithmOrigin + "); use at least " + (minimum == MIN_EC_BITS ? "256" : "2048") + " bits.",
                Confidence.HIGH,
                List.of(new RelatedLocation(SourceRange.of(getInstance), "the key pair generator is created here")),
                replaceSize(size, minimum == MIN_EC_BITS ? 256 : MIN_FACTORING_BITS));
    }

    /** RSA encryption with PKCS#1 v1.5 or no padding; WeakCipherRule leaves every RSA transformation to this rule. */
    private static void checkRsaPadding(RuleContext context, MethodCallExpr call) {
        Expression argument = call.getArgument(0);
        string(context, argument).ifPresent(transformation -> {
            String[] parts = transformation.value().trim().toUpperCase(Locale.ROOT).split("/");
            if (!parts[0].trim().equals("RSA")) {
                return;
            }
            String padding = parts.length >= 3 ? parts[2].trim() : "PKCS1PADDING";
            String problem = switch (padding) {
                case "PKCS1PADDING" -> "PKCS#1 v1.5 padding, open to Bleichenbacher's padding-oracle attack";
                case "NOPADDING" -> "no padding (textbook RSA), which is deterministic and malleable";
                default -> null;
            };
            if (problem != null) {
                context.report(call, "Cipher.getInstance(" + Code.quote(argument) + ")"
                        + transformation.from(argument) + " encrypts with " + problem + "; use \"" + OAEP
                        + "\" (both sides must agree on the OAEP digests).");
            }
        });
    }

    private record Size(long bits, Setting setting) {
    }

    private static Optional<Size> number(RuleContext context, Expression expression) {
        return ConfiguredValues.setting(expression, context.file().path(), context.projectFiles())
                .flatMap(s -> parse(s.value()).map(n -> new Size(n, s)));
    }

    private static Optional<Long> parse(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Setting> string(RuleContext context, Expression expression) {
        return ConfiguredValues.setting(expression, context.file().path(), context.projectFiles());
    }

    private static Optional<Integer> curveBits(String curve) {
        Matcher m = CURVE_SIZE.matcher(curve.trim());
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** A literal size becomes the minimum: only new keys are affected, and every current peer accepts them. */
    private static Fix replaceSize(Expression size, int bits) {
        if (!(size instanceof IntegerLiteralExpr)) {
            return null;
        }
        return new Fix("Use " + bits + "-bit keys", List.of(new TextEdit(SourceRange.of(size), String.valueOf(bits))),
                List.of());
    }
}
