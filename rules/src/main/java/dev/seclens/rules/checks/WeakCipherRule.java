package dev.seclens.rules.checks;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Fix;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextEdit;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
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
                Constants.string(argument).flatMap(WeakCipherRule::weakness).ifPresent(why ->
                        context.report(call, "Cipher.getInstance(" + Code.quote(argument) + ")"
                                + (argument instanceof StringLiteralExpr ? "" : " resolves to \""
                                + Constants.string(argument).orElse("") + "\" and") + " " + why
                                + "; use \"" + SAFE_TRANSFORMATION + "\" with a fresh 12-byte IV per message.",
                                fix(argument)));
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

    private static Fix fix(Expression argument) {
        if (!(argument instanceof StringLiteralExpr)) {
            return null;
        }
        return new Fix("Use " + SAFE_TRANSFORMATION + " (init with a GCMParameterSpec and a fresh IV)",
                List.of(new TextEdit(SourceRange.of(argument), "\"" + SAFE_TRANSFORMATION + "\"")), List.of());
    }
}
