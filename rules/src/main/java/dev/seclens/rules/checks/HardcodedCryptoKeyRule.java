package dev.seclens.rules.checks;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.ConstantBytes;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Key material written in the code and handed to a key constructor or a JWT signer. A value whose
 * variable java/hardcoded-credential already reports (a {@code SIGNING_KEY = "..."} constant) is
 * left to that rule, so each secret is reported once.
 */
@RuleInfo(
        id = "java/hardcoded-crypto-key",
        title = "Hard-coded cryptographic key",
        cwe = {321},
        owasp = Owasp.A02,
        concern = Concern.SECRETS,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "A byte-array or string constant is used as key material: SecretKeySpec, DESKeySpec, a PBEKeySpec"
                + " password, or a JWT signing key (jjwt, auth0, Nimbus).")
public final class HardcodedCryptoKeyRule implements Rule {
    /** Constructors whose first argument is a key's bytes (or, for Nimbus, a secret string). */
    private static final Map<String, String> KEY_CONSTRUCTORS = Map.of(
            "javax.crypto.spec.SecretKeySpec", "a secret key",
            "javax.crypto.spec.DESKeySpec", "a DES key",
            "javax.crypto.spec.DESedeKeySpec", "a 3DES key",
            "com.nimbusds.jose.crypto.MACSigner", "a JWT signing key",
            "com.nimbusds.jose.crypto.MACVerifier", "a JWT verification key");
    private static final String PBE_KEY_SPEC = "javax.crypto.spec.PBEKeySpec";
    private static final String JJWT_KEYS = "io.jsonwebtoken.security.Keys";
    private static final String AUTH0_ALGORITHM = "com.auth0.jwt.algorithms.Algorithm";

    @Override
    public void check(RuleContext context) {
        for (ObjectCreationExpr creation : context.index().creations()) {
            if (creation.getArguments().isEmpty()) {
                continue;
            }
            Expression material = creation.getArgument(0);
            KEY_CONSTRUCTORS.forEach((type, what) -> {
                if (Types.denotes(creation.getType(), type)) {
                    check(context, creation, material, what);
                }
            });
            if (Types.denotes(creation.getType(), PBE_KEY_SPEC)) {
                password(context, material).ifPresent(value -> report(context, creation, material, value, "a PBE password"));
            }
        }
        for (MethodCallExpr call : context.index().calls()) {
            String method = call.getNameAsString();
            Optional<Expression> scope = call.getScope();
            if (method.equals("hmacShaKeyFor") && call.getArguments().size() == 1
                    && scope.map(s -> Types.isTypeName(s, JJWT_KEYS)).orElse(false)) {
                check(context, call, call.getArgument(0), "a JWT signing key");
            } else if (method.startsWith("HMAC") && call.getArguments().size() == 1
                    && scope.map(s -> Types.isTypeName(s, AUTH0_ALGORITHM)).orElse(false)) {
                check(context, call, call.getArgument(0), "a JWT signing key");
            } else if (method.equals("signWith") && call.getArguments().size() == 2
                    && isSignatureAlgorithm(call.getArgument(0))) {
                check(context, call, call.getArgument(1), "a JWT signing key"); // jjwt 0.9: signWith(alg, key)
            } else if (method.equals("setSigningKey") && call.getArguments().size() == 1) {
                check(context, call, call.getArgument(0), "a JWT verification key");
            }
        }
    }

    private static boolean isSignatureAlgorithm(Expression e) {
        return e instanceof FieldAccessExpr f && Code.of(f.getScope()).endsWith("SignatureAlgorithm");
    }

    /** Key bytes or a key string fixed in the code, directly or through a variable set once or a parameter. */
    private static void check(RuleContext context, Expression api, Expression material, String what) {
        fixed(material).or(() -> indirect(context, material, ConstantsOnly.KEY))
                .ifPresent(v -> report(context, api, material, v, what));
    }

    private static Optional<String> fixed(Expression material) {
        // an all-zero key is HKDF's default salt or a TLS 1.3 zero secret, not a key someone wrote down
        return ConstantBytes.of(material).filter(f -> !f.allZero()).map(ConstantBytes.Fixed::describe)
                .or(() -> Constants.string(material).filter(s -> !s.isBlank()).map(s -> describe(material)));
    }

    /** What {@link #indirect} accepts as the value finally assigned or passed. */
    private enum ConstantsOnly { KEY, PASSWORD }

    /**
     * Key material read from a variable that the code sets exactly once, after its declaration
     * ({@code key = "..."} in a constructor or an initialiser method), or from a parameter that every
     * call in the file passes a constant: {@code key}, {@code key.getBytes()}, {@code key.toCharArray()}.
     */
    private static Optional<String> indirect(RuleContext context, Expression material, ConstantsOnly accept) {
        Expression holder = material;
        boolean converted = holder instanceof MethodCallExpr m && m.getArguments().size() <= 1 && m.getScope().isPresent()
                && (m.getNameAsString().equals("getBytes") || m.getNameAsString().equals("toCharArray"));
        if (converted) {
            holder = ((MethodCallExpr) material).getScope().get();
        }
        // a string converted here is judged as a string; a char[] password as the array it was set to
        Function<Expression, Optional<String>> constant = accept == ConstantsOnly.PASSWORD && !converted
                ? HardcodedCryptoKeyRule::literalPassword : HardcodedCryptoKeyRule::fixed;
        Optional<Declaration> declaration = Declarations.of(holder);
        if (declaration.isEmpty()) {
            return Optional.empty();
        }
        Declaration d = declaration.get();
        String name = "`" + d.name() + "`";
        if (d.kind() == Declaration.Kind.PARAMETER) {
            return constantArguments(context, d, d.name(), constant).map(v -> name + ", a parameter every caller passes a constant to ("
                    + v + ")");
        }
        if (d.initializer().filter(i -> !(i instanceof NullLiteralExpr)).isPresent()) {
            return Optional.empty(); // followed by ConstantBytes and the constant folding already
        }
        List<AssignExpr> assignments = Declarations.assignments(d);
        if (assignments.size() != 1 || assignments.get(0).getOperator() != AssignExpr.Operator.ASSIGN) {
            return Optional.empty();
        }
        Expression value = assignments.get(0).getValue();
        if (HardcodedCredentialRule.reportsValueNamed(d.name(), value)) {
            return Optional.empty(); // java/hardcoded-credential reports this assignment: one finding per secret
        }
        return constant.apply(value).map(v -> name + " (set on line " + assignments.get(0).getBegin().map(p -> p.line).orElse(0)
                + " to " + v + ")");
    }

    /** The constant every call of the parameter's method in this file passes to it, when there is one and no other. */
    private static Optional<String> constantArguments(RuleContext context, Declaration parameter, String name,
                                                      Function<Expression, Optional<String>> constant) {
        if (!(parameter.node() instanceof Parameter p) || !(p.getParentNode().orElse(null) instanceof MethodDeclaration method)
                || !method.isPrivate() && !method.isStatic()) {
            return Optional.empty(); // a method others can call may get anything
        }
        int index = method.getParameters().indexOf(p);
        Optional<String> seen = Optional.empty();
        for (MethodCallExpr call : context.index().calls()) {
            if (!call.getNameAsString().equals(method.getNameAsString())
                    || call.getArguments().size() != method.getParameters().size()
                    || call.getScope().filter(s -> !(s instanceof ThisExpr) && !(s instanceof NameExpr)).isPresent()) {
                continue;
            }
            Optional<String> value = constant.apply(call.getArgument(index));
            if (value.isEmpty() || HardcodedCredentialRule.reportsValueNamed(name, call.getArgument(index))) {
                return Optional.empty(); // not constant, or java/hardcoded-credential reports it at the call
            }
            seen = value;
        }
        return seen;
    }

    /** {@code "secret".toCharArray()}, {@code {'s', 'e', ...}}, a variable holding one, or one set once or passed as a constant. */
    private static Optional<String> password(RuleContext context, Expression material) {
        return literalPassword(material).or(() -> indirect(context, material, ConstantsOnly.PASSWORD));
    }

    private static Optional<String> literalPassword(Expression material) {
        if (material instanceof MethodCallExpr m && m.getNameAsString().equals("toCharArray") && m.getScope().isPresent()) {
            // also a round trip: new String(bytes).toCharArray(), String.valueOf(chars).toCharArray()
            return Constants.string(m.getScope().get()).filter(s -> !s.isBlank()).map(s -> describe(m.getScope().get()));
        }
        if (material instanceof ArrayCreationExpr || material instanceof ArrayInitializerExpr) {
            return ConstantBytes.of(material).filter(f -> !f.allZero())
                    .map(ConstantBytes.Fixed::describe);
        }
        if (material instanceof NameExpr || material instanceof FieldAccessExpr) {
            // char[] pw = "...".toCharArray(), or a constant char array: the characters it was given
            return Declarations.of(material).filter(d -> d.kind() != Declaration.Kind.PARAMETER)
                    .flatMap(d -> Constants.text(material).filter(s -> !s.isBlank())
                            .map(s -> "`" + d.name() + "` (line " + d.node().getBegin().map(p -> p.line).orElse(0)
                                    + "), the constant characters \"" + Code.masked(s) + "\""));
        }
        return Optional.empty();
    }

    private static String describe(Expression constant) {
        return constant instanceof NameExpr ? "the constant `" + Code.quote(constant) + "`" : "the constant "
                + Code.quoteMasked(constant);
    }

    private static void report(RuleContext context, Expression api, Expression material, String value, String what) {
        if (namesReportedSecret(material)) {
            return; // java/hardcoded-credential reports the variable's declaration
        }
        // a call is often one link of a builder chain: point at its key argument and quote the call alone
        String shown = api instanceof MethodCallExpr call ? Code.quoteCallMasked(call, material) : Code.quoteMasked(api, material);
        context.report(api instanceof MethodCallExpr ? material : api, shown + " makes " + what + " from " + value
                + "; anyone with the source or the binary holds the key. Load it from a key store or a secret"
                + " manager, and rotate the key that was committed.");
    }

    /** Whether the material is read from a variable that java/hardcoded-credential reports at its declaration. */
    private static boolean namesReportedSecret(Expression material) {
        List<Expression> pending = new ArrayList<>(List.of(material));
        for (int i = 0; i < pending.size() && i < 16; i++) {
            for (NameExpr name : pending.get(i).findAll(NameExpr.class)) {
                Optional<Declaration> declaration = Declarations.of(name);
                if (declaration.isPresent() && HardcodedCredentialRule.reportsDeclaration(declaration.get())) {
                    return true;
                }
                declaration.flatMap(Declaration::initializer).ifPresent(pending::add);
            }
        }
        return false;
    }
}
