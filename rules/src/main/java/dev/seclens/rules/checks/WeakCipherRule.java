package dev.seclens.rules.checks;

import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
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
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

@RuleInfo(
        id = "java/weak-cipher",
        title = "Broken cipher or ECB mode",
        cwe = {327},
        owasp = Owasp.A02,
        concern = Concern.CRYPTOGRAPHY,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "A Cipher is created for DES, 3DES, RC2, RC4, Blowfish or a block cipher in ECB mode"
                + " (a bare \"AES\" means ECB).")
public final class WeakCipherRule implements Rule {
    static final String SAFE_TRANSFORMATION = "AES/GCM/NoPadding";
    private static final Set<String> BROKEN = Set.of("DES", "DESEDE", "TRIPLEDES", "3DES", "RC2", "RC4",
            "ARCFOUR", "BLOWFISH");
    /** Block ciphers for which a missing mode means ECB; RSA's "ECB" is only a name and is not ours to judge. */
    private static final Set<String> BLOCK = Set.of("AES", "AES_128", "AES_192", "AES_256", "ARIA", "CAMELLIA",
            "SEED", "SM4");

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getNameAsString().equals("getInstance") && !call.getArguments().isEmpty()
                    && call.getScope().map(s -> Types.isTypeName(s, "javax.crypto.Cipher")).orElse(false)) {
                Expression argument = call.getArgument(0);
                Optional<ConfiguredValues.Setting> setting = ConfiguredValues.setting(argument, context.file().path(),
                        context.projectFiles());
                setting.ifPresent(found ->
                        weakness(found.value()).ifPresent(why -> context.report(call, "Cipher.getInstance("
                                + Code.quote(argument) + ")" + (found.origin().isEmpty() ? "" : " " + found.origin()
                                + " and") + " " + why
                                + "; use \"" + SAFE_TRANSFORMATION + "\" with a fresh 12-byte IV per message.",
                                fix(call, argument))));
                if (setting.isEmpty()) {
                    // chosen elsewhere: a parameter every caller passes a constant to, a field set once, an enum constant
                    for (ChosenConstants.Chosen chosen : ChosenConstants.of(argument)) {
                        Optional<String> why = weakness(chosen.value());
                        if (why.isPresent()) {
                            context.report(call, "Cipher.getInstance(" + Code.quote(argument) + "), " + chosen.how()
                                    + ", " + why.get() + "; use \"" + SAFE_TRANSFORMATION
                                    + "\" with a fresh 12-byte IV per message.");
                            break;
                        }
                    }
                }
            }
        }
    }

    /** Why a transformation string is unsafe, or empty when it is not this rule's concern. */
    static Optional<String> weakness(String transformation) {
        String[] parts = transformation.trim().toUpperCase(Locale.ROOT).split("/");
        String algorithm = parts[0].trim();
        if (BROKEN.contains(algorithm) || algorithm.startsWith("PBEWITH") && algorithm.contains("DES")) {
            return Optional.of("uses " + transformation.trim().split("/")[0].trim() + ", a broken cipher");
        }
        if (BLOCK.contains(algorithm)) {
            if (parts.length == 1) {
                return Optional.of("defaults to ECB mode, which leaks patterns of the plaintext");
            }
            if (parts[1].trim().equals("ECB")) {
                return Optional.of("uses ECB mode, which leaks patterns of the plaintext");
            }
        }
        return Optional.empty();
    }

    /**
     * Replaces a literal transformation with AES/GCM/NoPadding. GCM needs a fresh IV per message: an
     * {@code init(ENCRYPT_MODE, key)} without parameters gets a random one from the provider (the
     * caller must keep {@code cipher.getIV()} with the ciphertext), but decryption needs the IV back
     * in a GCMParameterSpec, and a CBC IvParameterSpec is refused by GCM. So when this method
     * initialises the same local cipher for anything but encryption without a GCMParameterSpec,
     * the change would compile yet fail at run time, and no fix is offered.
     */
    private static Fix fix(MethodCallExpr call, Expression argument) {
        if (!(argument instanceof StringLiteralExpr) || !initialisedForGcm(call)) {
            return null;
        }
        return new Fix("Use " + SAFE_TRANSFORMATION + " (with an AES key; keep cipher.getIV() with the ciphertext)",
                List.of(new TextEdit(SourceRange.of(argument), "\"" + SAFE_TRANSFORMATION + "\"")), List.of());
    }

    /** Every {@code init} of the local the cipher is stored in would still work in GCM mode. */
    private static boolean initialisedForGcm(MethodCallExpr getInstance) {
        Optional<Declaration> cipher = getInstance.getParentNode()
                .filter(p -> p instanceof VariableDeclarator)
                .map(p -> (VariableDeclarator) p)
                .flatMap(v -> Declarations.find(v.getName(), v.getNameAsString()))
                .or(() -> getInstance.getParentNode().filter(p -> p instanceof AssignExpr)
                        .flatMap(p -> Declarations.of(((AssignExpr) p).getTarget())))
                .filter(d -> d.kind() == Declaration.Kind.LOCAL);
        if (cipher.isEmpty()) {
            return true; // initialised elsewhere: the fix title and the rule doc carry the IV advice
        }
        for (NameExpr use : Declarations.uses(cipher.get())) {
            if (use.getParentNode().orElse(null) instanceof MethodCallExpr init && init.getScope().orElse(null) == use
                    && init.getNameAsString().equals("init") && !worksInGcm(init)) {
                return false;
            }
        }
        return true;
    }

    private static boolean worksInGcm(MethodCallExpr init) {
        if (init.getArguments().size() < 2) {
            return false;
        }
        if (init.getArguments().size() >= 3 && isGcmSpec(init.getArgument(2))) {
            return true;
        }
        boolean noParameters = init.getArguments().size() == 2
                || init.getArguments().size() == 3 && isSecureRandom(init.getArgument(2));
        Expression mode = init.getArgument(0);
        String modeName = mode instanceof FieldAccessExpr f ? f.getNameAsString()
                : mode instanceof NameExpr n ? n.getNameAsString() : "";
        return noParameters && (modeName.equals("ENCRYPT_MODE") || modeName.equals("WRAP_MODE"));
    }

    private static boolean isGcmSpec(Expression e) {
        return Types.declaredType(e).map(t -> Types.denotes(t, "javax.crypto.spec.GCMParameterSpec")).orElse(false);
    }

    private static boolean isSecureRandom(Expression e) {
        return Types.declaredType(e).map(t -> Types.denotes(t, "java.security.SecureRandom")).orElse(false);
    }
}
