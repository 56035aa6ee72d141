package dev.seclens.rules.checks;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Identifiers;
import dev.seclens.rules.ast.SecretNames;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A non-empty string literal that becomes a password, secret, key or token: assigned to a variable
 * or field so named, passed to a parameter or setter so named, or to the credential parameter of a
 * JDK or library API.
 */
@RuleInfo(
        id = "java/hardcoded-credential",
        title = "Hard-coded credential",
        cwe = {798},
        owasp = Owasp.A07,
        concern = Concern.SECRETS,
        severity = Severity.HIGH,
        confidence = Confidence.MEDIUM,
        summary = "A password, secret key or token is written in the source code as a string literal.")
public final class HardcodedCredentialRule implements Rule {
    /**
     * Constructors whose argument at the index is a credential: type → argument index. Key material
     * (SecretKeySpec, PBEKeySpec, DESKeySpec, JWT signing keys) is java/hardcoded-crypto-key's.
     */
    private static final Map<String, Integer> CREDENTIAL_CONSTRUCTORS = Map.of(
            "java.net.PasswordAuthentication", 1,
            "org.apache.http.auth.UsernamePasswordCredentials", 1,
            "org.springframework.security.authentication.UsernamePasswordAuthenticationToken", 1);
    private static final Pattern PLACEHOLDER = Pattern.compile(".*(\\$\\{.*}|\\{\\{.*}}|%s|\\{\\d+}).*|<[^>]*>|(.)\\2*");
    /** Literal shaped like a name (a property key, header or field name) rather than a secret value. */
    private static final Pattern NAME_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]*");
    /**
     * A dotted key of words, the first starting lower case, later ones maybe a class name
     * ({@code "oauth2.consumer.secret"}, {@code "zookeeper.client.certReload"},
     * {@code "server.AuthenticationProvider.superPassword"}): a setting's name. Words, not hex:
     * {@code "a8f5f167f4.e"} is no key.
     */
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z][A-Za-z_\\-]*[0-9]?(\\.[A-Za-z][A-Za-z_\\-]*[0-9]?)+");
    /** A statement of SQL, as constants named for the token or key table they query hold. */
    private static final Pattern SQL = Pattern.compile(
            "(?is)\\s*(select|insert|update|delete|merge|create|drop|alter|with)\\s.*");
    /** Words in lower camel case ({@code "authData"}): under a {@code *_KEY} name, the key a value is stored under. */
    private static final Pattern CAMEL_CASE_NAME = Pattern.compile("[a-z]+([A-Z][a-z]+)+");
    /** A mask put where a secret would be shown: {@code "[PROTECTED]"}, {@code "<redacted>"}, {@code "(hidden)"}. */
    private static final Pattern MASK = Pattern.compile(
            "(?i)[\\[(<{]?\\s*(protected|redacted|masked|hidden|secret|removed|filtered|not shown)\\s*[\\])>}]?");
    /** A JWT parser's key: java/hardcoded-crypto-key reports it, with byte arrays too. */
    private static final String KEY_MATERIAL_SETTER = "setSigningKey";
    private static final Set<String> SETTER_PREFIXES = Set.of("set", "with", "use");

    @Override
    public void check(RuleContext context) {
        for (VariableDeclarator variable : context.index().variables()) {
            variable.getInitializer().ifPresent(value -> checkNamed(context, variable.getNameAsString(), value));
        }
        for (AssignExpr assign : context.index().assignments()) {
            if (assign.getOperator() == AssignExpr.Operator.ASSIGN) {
                nameOf(assign.getTarget()).ifPresent(name -> checkNamed(context, name, assign.getValue()));
            }
        }
        Map<String, List<MethodDeclaration>> methods = context.index().methods().stream()
                .collect(java.util.stream.Collectors.groupingBy(MethodDeclaration::getNameAsString));
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getArguments().stream().anyMatch(a -> isLiteral(stripConversion(a)) || a instanceof NameExpr)) {
                checkCall(context, call, methods);
            }
        }
        for (ObjectCreationExpr creation : context.index().creations()) {
            CREDENTIAL_CONSTRUCTORS.forEach((type, index) -> {
                if (Types.denotes(creation.getType(), type) && creation.getArguments().size() > index) {
                    checkApiArgument(context, creation.getArgument(index), "new " + creation.getType().getNameAsString());
                }
            });
        }
    }

    private static void checkNamed(RuleContext context, String name, Expression value) {
        if (SecretNames.isCredential(name) && isCredentialLiteral(value, name)) {
            context.report(value, "`" + name + "` is set to the hard-coded value " + quoteSecret(value)
                    + "; read it from the environment or a secret store.");
        }
    }

    private static void checkCall(RuleContext context, MethodCallExpr call, Map<String, List<MethodDeclaration>> methods) {
        String method = call.getNameAsString();
        NodeList<Expression> args = call.getArguments();
        Optional<Expression> scope = call.getScope();
        if (method.equals("getConnection") && args.size() == 3
                && scope.map(s -> Types.isTypeName(s, "java.sql.DriverManager")).orElse(false)) {
            checkApiArgument(context, args.get(2), "DriverManager.getConnection");
        } else if ((method.equals("load") && args.size() == 2 || method.equals("getKey") && args.size() == 2)
                && scope.flatMap(Types::declaredType).map(t -> Types.denotes(t, "java.security.KeyStore")).orElse(false)) {
            checkApiArgument(context, args.get(1), "KeyStore." + method);
        } else if (args.size() == 1 && isSetterOfSecret(method) && !method.equals(KEY_MATERIAL_SETTER)) {
            if (isCredentialLiteral(args.get(0), method)) {
                context.report(args.get(0), method + "(" + quoteSecret(args.get(0))
                        + ") passes a hard-coded credential; read it from the environment or a secret store.");
            }
        } else if (args.size() == 2 && (method.equals("put") || method.equals("setProperty"))
                && args.get(0) instanceof StringLiteralExpr key && SecretNames.isCredential(key.asString())) {
            if (isCredentialLiteral(args.get(1), key.asString())) {
                context.report(args.get(1), method + "(\"" + key.asString() + "\", " + quoteSecret(args.get(1))
                        + ") stores a hard-coded credential; read it from the environment or a secret store.");
            }
        } else if (method.equals("equals") && args.size() == 1 && scope.isPresent()) {
            checkComparison(context, scope.get(), args.get(0));
            checkComparison(context, args.get(0), scope.get());
        } else {
            checkParametersOfLocalMethod(context, call, methods);
        }
    }

    /** {@code password.equals("letmein")}: a built-in backdoor password. */
    private static void checkComparison(RuleContext context, Expression variable, Expression literal) {
        nameOf(variable).filter(SecretNames::isCredential).ifPresent(name -> {
            if (isCredentialLiteral(literal, name)) {
                context.report(literal, "`" + name + "` is compared with the hard-coded value " + quoteSecret(literal)
                        + "; verify credentials against a store of salted hashes.");
            }
        });
    }

    /** {@code login("admin", "s3cret")} where login is declared in this file with a parameter named password. */
    private static void checkParametersOfLocalMethod(RuleContext context, MethodCallExpr call,
                                                     Map<String, List<MethodDeclaration>> methods) {
        if (call.getScope().isPresent() && !(call.getScope().get() instanceof com.github.javaparser.ast.expr.ThisExpr)) {
            return;
        }
        List<MethodDeclaration> candidates = methods.getOrDefault(call.getNameAsString(), List.of()).stream()
                .filter(m -> m.getParameters().size() == call.getArguments().size()).toList();
        if (candidates.size() != 1) {
            return;
        }
        MethodDeclaration method = candidates.get(0);
        for (int i = 0; i < call.getArguments().size(); i++) {
            String parameter = method.getParameter(i).getNameAsString();
            Expression argument = call.getArgument(i);
            if (SecretNames.isCredential(parameter) && isCredentialLiteral(argument, parameter)) {
                context.report(argument, call.getNameAsString() + "(...) receives the hard-coded value "
                        + quoteSecret(argument) + " for its parameter `" + parameter
                        + "`; read it from the environment or a secret store.");
            }
        }
    }

    /** An API's credential argument: a literal, or a constant whose own name did not already give it away. */
    private static void checkApiArgument(RuleContext context, Expression argument, String api) {
        Expression value = stripConversion(argument);
        Optional<Declaration> declared = Declarations.of(value);
        boolean reportedAtDeclaration = declared.map(d -> SecretNames.isCredential(d.name())).orElse(false);
        // char[] pw = "s3cret".toCharArray(); ks.load(in, pw): a local or field that only ever holds a literal's chars
        Optional<Expression> heldLiteral = declared.filter(d -> d.kind() != Declaration.Kind.PARAMETER
                        && (d.isFinal() || !Declarations.isReassigned(d)))
                .flatMap(Declaration::initializer).map(HardcodedCredentialRule::stripConversion)
                .filter(HardcodedCredentialRule::isLiteral);
        Expression literal = heldLiteral.orElse(value);
        Optional<String> credential = credentialValue(literal);
        if (!reportedAtDeclaration && credential.isPresent()) {
            String through = heldLiteral.map(l -> " through `" + value + "` (line "
                    + l.getBegin().map(b -> b.line).orElse(0) + ")").orElse("");
            // an array of character codes would show the secret in clear: quote its text masked instead
            String shown = isCharArray(literal) ? "\"" + Code.masked(credential.get()) + "\""
                    : Code.quoteMasked(heldLiteral.orElse(argument));
            context.report(argument, api + " receives the hard-coded credential " + shown
                    + through + "; read it from the environment or a secret store.");
        }
    }

    /**
     * Whether this rule reports the declaration itself ({@code SIGNING_KEY = "..."}): rules that
     * see the value used elsewhere leave it to this one, so a secret is reported once.
     */
    /** Whether this rule reports {@code value} assigned or passed to a variable or parameter named {@code name}. */
    static boolean reportsValueNamed(String name, Expression value) {
        return SecretNames.isCredential(name) && isCredentialLiteral(value, name);
    }

    static boolean reportsDeclaration(Declaration declaration) {
        return SecretNames.isCredential(declaration.name())
                && declaration.initializer().filter(init -> isCredentialLiteral(init, declaration.name())).isPresent();
    }

    private static boolean isSetterOfSecret(String method) {
        List<String> words = Identifiers.words(method);
        boolean setter = words.size() > 1 && SETTER_PREFIXES.contains(words.get(0));
        // readPassword("Passphrase: ") prompts for one: its argument is what the user is shown
        boolean builder = words.size() == 1 || words.size() == 2 && !SETTER_PREFIXES.contains(words.get(0))
                && !words.get(0).equals("get") && !words.get(0).equals("is") && !words.get(0).equals("read");
        return (setter || builder) && SecretNames.isCredential(method);
    }

    private static Optional<String> nameOf(Expression target) {
        if (target instanceof NameExpr n) return Optional.of(n.getNameAsString());
        if (target instanceof FieldAccessExpr f) return Optional.of(f.getNameAsString());
        return Optional.empty();
    }

    /** A literal (or literal concatenation, or its toCharArray()/getBytes()) that is a real value. */
    private static boolean isCredentialLiteral(Expression value, String name) {
        Expression stripped = stripConversion(value);
        if (!isLiteral(stripped)) {
            return false;
        }
        return credentialValue(stripped).filter(v -> !normalise(v).equals(normalise(name)))
                .filter(v -> !(endsWithKey(name) && CAMEL_CASE_NAME.matcher(v).matches()))
                .filter(v -> !SecretNames.isBareToken(name) || looksGenerated(v))
                .isPresent();
    }

    /** A string literal or a concatenation of them, or an array of constant characters ({@code {'s', '3', ...}}). */
    private static boolean isLiteral(Expression e) {
        return e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr
                || e instanceof BinaryExpr b && isLiteral(b.getLeft()) && isLiteral(b.getRight())
                || isCharArray(e) && Constants.text(e).isPresent();
    }

    /**
     * {@code {'s', '3', ...}} or {@code new char[] {...}}: a password spelt out. An array of numbers
     * is bytes, key material that java/hardcoded-crypto-key judges where it is used.
     */
    private static boolean isCharArray(Expression e) {
        Expression values = e instanceof ArrayCreationExpr c ? c.getInitializer().orElse(null) : e;
        return values instanceof ArrayInitializerExpr init && !init.getValues().isEmpty()
                && init.getValues().stream().allMatch(v -> v instanceof CharLiteralExpr);
    }

    private static Optional<String> credentialValue(Expression expression) {
        return Constants.text(expression).filter(v -> !v.isBlank())
                .filter(v -> !PLACEHOLDER.matcher(v).matches())
                .filter(v -> !(NAME_LIKE.matcher(v).matches() && SecretNames.isCredential(v)))
                .filter(v -> !PROPERTY_NAME.matcher(v).matches() && !SQL.matcher(v).matches()
                        && !MASK.matcher(v).matches());
    }

    /**
     * {@code "secret".toCharArray()} and {@code "secret".getBytes(UTF_8)} are the literal itself, and
     * so is a string made again from those characters or bytes, however many times:
     * {@code new String(chars)}, {@code new String(bytes, UTF_8)}, {@code String.valueOf(chars)},
     * {@code String.copyValueOf(chars)}.
     */
    private static Expression stripConversion(Expression value) {
        Expression e = value;
        for (int hops = 0; hops < 8; hops++) {
            if (e instanceof MethodCallExpr m && m.getScope().isPresent()
                    && (m.getNameAsString().equals("toCharArray") || m.getNameAsString().equals("getBytes"))) {
                e = m.getScope().get();
            } else if (e instanceof MethodCallExpr m && m.getArguments().size() == 1
                    && (m.getNameAsString().equals("valueOf") || m.getNameAsString().equals("copyValueOf"))
                    && m.getScope().filter(s -> Types.isTypeName(s, "java.lang.String")).isPresent()) {
                e = m.getArgument(0);
            } else if (e instanceof ObjectCreationExpr o && !o.getArguments().isEmpty() && o.getArguments().size() <= 2
                    && Types.denotes(o.getType(), "java.lang.String")) {
                e = o.getArgument(0);
            } else {
                return e;
            }
        }
        return e;
    }

    /**
     * A hard-coded value as a message quotes it, masked ({@link Code#quoteMasked}); an array of
     * character codes ({@code {0x68, 0x75, ...}}), which masking literals would leave readable, as
     * its text masked.
     */
    private static String quoteSecret(Expression value) {
        Expression stripped = stripConversion(value);
        if (isCharArray(stripped)) {
            return Constants.text(stripped).map(t -> "\"" + Code.masked(t) + "\"").orElseGet(() -> Code.quoteMasked(value));
        }
        return Code.quoteMasked(value);
    }

    /** {@code AUTH_DATA_KEY}, {@code sessionKey}: a name whose last word is "key" may name a map or property key. */
    private static boolean endsWithKey(String name) {
        List<String> words = Identifiers.words(name);
        return !words.isEmpty() && words.get(words.size() - 1).equals("key");
    }

    /** Long, without spaces, mixing letters and digits: what issued tokens and keys look like. */
    private static boolean looksGenerated(String value) {
        return value.length() >= 16 && value.chars().noneMatch(Character::isWhitespace)
                && value.chars().anyMatch(Character::isLetter) && value.chars().anyMatch(Character::isDigit);
    }

    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
