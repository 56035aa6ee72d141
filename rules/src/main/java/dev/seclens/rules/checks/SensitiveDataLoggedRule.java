package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.LogLevels;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Concatenation;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.Identifiers;
import dev.seclens.rules.ast.SecretNames;
import dev.seclens.rules.ast.Types;
import dev.seclens.rules.model.ProjectModel;
import dev.seclens.rules.model.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A password, secret, token, key, card number or session id written to a logger, to standard output
 * or error, or into an exception message: directly, concatenated, as a format or {@code {}}
 * argument, or through locals that hold it. Values are recognised by the name they are read from
 * (variable, field, getter, request parameter); constants, lengths, booleans and masked values are
 * not values of the secret, and an object is one only when its toString shows the secret (a class of
 * this file) or may (a key). Personal identifiers (email, user name) are a lesser finding; a UUID is
 * the pseudonym privacy rules ask for, not one.
 */
@RuleInfo(
        id = "java/sensitive-data-logged",
        title = "Secret or personal data written to a log",
        cwe = {532, 359},
        owasp = Owasp.A09,
        concern = Concern.LOGGING,
        severity = Severity.MEDIUM,
        confidence = Confidence.MEDIUM,
        summary = "A password, secret, token, key, card number or session id (or, less gravely, an email or user"
                + " name) is written to a logger, System.out/err or an exception message.")
public final class SensitiveDataLoggedRule implements Rule {
    private static final Set<String> LOG_METHODS = Set.of("trace", "debug", "info", "warn", "warning", "error",
            "fatal", "severe", "fine", "finer", "finest", "config", "log", "logp", "printf", "tracef", "debugf",
            "infof", "warnf", "errorf");
    private static final Set<String> LOGGER_TYPES = Set.of("Logger", "Log", "XLogger", "ExtendedLogger", "FluentLogger");
    private static final Set<String> LOGGER_FACTORIES = Set.of("getLogger", "getLog", "getFormatterLogger");
    private static final Set<String> PRINTS = Set.of("print", "println", "printf", "format", "write", "append");
    /** Calls on a secret that reveal nothing of its value, or only the part kept for display (the last four digits). */
    private static final Set<String> NON_REVEALING = Set.of("length", "isEmpty", "isBlank", "hashCode", "equals",
            "equalsIgnoreCase", "matches", "startsWith", "endsWith", "contains", "size", "getClass", "compareTo",
            "isPresent", "count", "chars", "substring");
    /** Calls on a secret that return its value, or a copy of it: password.trim(), key.getEncoded(), ref.get(). */
    private static final Set<String> VALUE_PRESERVING = Set.of("trim", "strip", "toUpperCase", "toLowerCase",
            "toString", "concat", "getBytes", "toCharArray", "replace", "replaceAll", "intern", "getEncoded",
            "getValue", "get", "orElse", "orElseThrow", "formatted");
    /** Calls that hand their argument's value on unchanged: String.valueOf(password), new String(chars). */
    private static final Set<String> PASS_THROUGH = Set.of("valueOf", "toString", "format", "formatted", "join",
            "copyOf", "encodeToString", "asList", "of");
    /** Words that make a secret-sounding name a fact about the secret rather than its value. */
    private static final Set<String> NOT_THE_VALUE = Set.of("valid", "invalid", "matches", "match", "matched",
            "enabled", "disabled", "required", "expired", "present", "missing", "changed", "strong", "weak", "correct",
            "incorrect", "ok", "verified", "exists", "hash", "hashed", "digest", "mask", "masked", "redacted",
            "last4", "len", "id", "ids", "updated", "created", "attempts", "failures", "validity", "seconds",
            "minutes", "millis", "duration", "lifetime", "expires", "limit", "source", "strategy", "resolver");
    /** Header names whose value is a credential. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "x-api-key", "x-auth-token");
    private static final Set<String> BUNDLE_NAMES = Set.of("rb", "bundle", "resources", "messages", "resourceBundle", "i18n");
    /**
     * Types whose printed form is the value itself; a PrivateKey or Credentials object prints what its
     * toString chooses (the JDK's keys print no key material), so it is less certain.
     */
    /** Static methods writing numbers as text: {@code Long.toHexString(id)}, {@code String.valueOf(id)}. */
    private static final Set<String> NUMBER_FORMATTERS = Set.of("toHexString", "toString", "valueOf", "toOctalString",
            "toBinaryString", "toUnsignedString");
    private static final Set<String> NUMBER_TEXT_OWNERS = Set.of("java.lang.Long", "java.lang.Integer", "java.lang.Short",
            "java.lang.String");
    /** Declared return types of values that are no secret whatever they are called. */
    private static final Set<String> NOT_SECRET_TYPES = Set.of("byte", "short", "int", "long", "float", "double",
            "boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
            "java.lang.Double", "java.lang.Boolean", "java.util.UUID");
    private static final Set<String> VALUE_TYPES = Set.of("String", "char", "byte", "CharSequence", "StringBuilder",
            "Object", "int", "long");
    /** Calls that cut text into words: a bare "token" taken from one is a word. */
    private static final Set<String> TEXT_SPLITTERS = Set.of("split", "tokenize", "tokenizeToStringArray",
            "nextToken", "parseToken", "readToken", "splitByWholeSeparator", "splitPreserveAllTokens");
    /** Readers whose "token" is a word of text, not a credential. */
    private static final Set<String> TOKENIZERS = Set.of("nextToken", "currentToken", "peekToken", "lastToken",
            "getCurrentToken", "getNextToken");
    private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
    private static final int MAX_DEPTH = 6;

    /** What kind of value leaked, and whether it is a secret or only personal data. */
    private record Leak(Expression value, String kind, boolean secret, Confidence confidence, String origin) {
    }

    @Override
    public void check(RuleContext context) {
        ProjectModel model = context.service(ProjectModel.class).orElse(ProjectModel.NONE);
        LogLevels levels = context.service(LogLevels.class).orElse(LogLevels.ALL);
        for (MethodCallExpr call : context.index().calls()) {
            Optional<String> sink = sink(call);
            if (sink.isPresent()) {
                // a secret must not be logged at any level; a user name written only by debugging is not kept
                best(call.getArguments(), 0, model)
                        .filter(leak -> leak.secret() || !isCommandLineOutput(call, sink.get())
                                && level(call, levels).map(levels::written).orElse(true))
                        .ifPresent(leak -> report(context, call, sink.get(), leak));
            }
        }
        for (ObjectCreationExpr creation : context.index().creations()) {
            String type = creation.getType().getNameAsString();
            if (type.endsWith("Exception") || type.endsWith("Error")) {
                best(creation.getArguments(), 0, model).filter(Leak::secret)
                        .ifPresent(leak -> report(context, creation, "the message of `new " + type + "(...)`", leak));
            }
        }
    }

    /** The level a logger call writes at, by its method's name or by the level constant it is given. */
    private static Optional<String> level(MethodCallExpr call, LogLevels levels) {
        Optional<Integer> position = levels.levelArgument(call.getNameAsString());
        if (position.isPresent()) {
            Expression given = position.get() < call.getArguments().size() ? call.getArgument(position.get()) : null;
            return given instanceof FieldAccessExpr f ? levels.ofConstant(f.getNameAsString())
                    : given instanceof NameExpr n ? levels.ofConstant(n.getNameAsString()) : Optional.empty();
        }
        return levels.ofMethod(call.getNameAsString());
    }

    /** "the log" for a logger call, "standard output" for System.out, or empty. */
    private static Optional<String> sink(MethodCallExpr call) {
        if (call.getScope().isEmpty() || call.getArguments().isEmpty()) {
            return Optional.empty();
        }
        Expression scope = call.getScope().get();
        String name = call.getNameAsString();
        if (PRINTS.contains(name) && scope instanceof FieldAccessExpr f && Types.isTypeName(f.getScope(), "java.lang.System")
                && (f.getNameAsString().equals("out") || f.getNameAsString().equals("err"))) {
            return Optional.of(f.getNameAsString().equals("out") ? "standard output" : "standard error");
        }
        return LOG_METHODS.contains(name) && isLogger(scope) ? Optional.of("the log") : Optional.empty();
    }

    /**
     * Standard output or error of a class with a {@code main} method: the tool's own report to the person
     * running it (the users it changed), not a log kept and read by others. Secrets are still reported.
     */
    private static boolean isCommandLineOutput(MethodCallExpr call, String sink) {
        return !sink.equals("the log") && call.findAncestor(ClassOrInterfaceDeclaration.class)
                .filter(type -> type.getMethodsByName("main").stream().anyMatch(SensitiveDataLoggedRule::isMain))
                .isPresent();
    }

    /** {@code static void main(String[] args)} or {@code (String... args)}. */
    private static boolean isMain(MethodDeclaration method) {
        if (!method.isStatic() || method.getParameters().size() != 1) {
            return false;
        }
        com.github.javaparser.ast.body.Parameter args = method.getParameter(0);
        String type = args.getType().asString().replace("java.lang.", "");
        return type.equals("String[]") || args.isVarArgs() && type.equals("String");
    }

    private static boolean isLogger(Expression scope) {
        if (scope instanceof MethodCallExpr m) {
            return LOGGER_FACTORIES.contains(m.getNameAsString());
        }
        // Lombok's @Slf4j and friends declare no field: then the name tells
        return Types.isKind(scope, LOGGER_TYPES::contains, n -> Identifiers.words(n).contains("log")
                || Identifiers.words(n).contains("logger"));
    }

    /** The value inside {@code e} that is a secret (or else personal data), if any. */
    private static Optional<Leak> leak(Expression e, int depth, ProjectModel model) {
        if (depth > MAX_DEPTH || Constants.isConstant(e)) {
            return Optional.empty();
        }
        int d = depth + 1;
        if (e instanceof EnclosedExpr p) return leak(p.getInner(), d, model);
        if (e instanceof CastExpr c) return leak(c.getExpression(), d, model);
        if (e instanceof ConditionalExpr c) return best(List.of(c.getThenExpr(), c.getElseExpr()), d, model);
        if (e instanceof BinaryExpr b) {
            return b.getOperator() == BinaryExpr.Operator.PLUS ? best(Concatenation.operands(b), d, model) : Optional.empty();
        }
        if (e instanceof ArrayCreationExpr a) return a.getInitializer().flatMap(i -> best(i.getValues(), d, model));
        if (e instanceof ArrayInitializerExpr a) return best(a.getValues(), d, model);
        if (e instanceof ObjectCreationExpr o) {
            return o.getType().getNameAsString().equals("String") ? best(o.getArguments(), d, model) : Optional.empty();
        }
        if (e instanceof NameExpr n) return fromName(n, n.getNameAsString(), d, model);
        if (e instanceof FieldAccessExpr f) return fromName(f, f.getNameAsString(), d, model);
        if (e instanceof MethodCallExpr m) return fromCall(m, d, model);
        return Optional.empty();
    }

    /** The first secret among the values, or else the first personal identifier. */
    private static Optional<Leak> best(List<Expression> values, int depth, ProjectModel model) {
        Optional<Leak> personal = Optional.empty();
        for (Expression value : values) {
            Optional<Leak> leak = leak(value, depth, model);
            if (leak.filter(Leak::secret).isPresent()) return leak;
            if (personal.isEmpty()) personal = leak;
        }
        return personal;
    }

    private static Optional<Leak> fromName(Expression e, String name, int depth, ProjectModel model) {
        if (CONSTANT_NAME.matcher(name).matches() && name.length() > 1) {
            return Optional.empty(); // a constant's name (PASSWORD_PARAM), not a secret's value
        }
        Optional<Declaration> declaration = Declarations.of(e);
        if (declaration.map(d -> Types.isNumericOrBoolean(d.type())).orElse(false)) {
            return Optional.empty();
        }
        Optional<Leak> named = byName(e, name, "");
        if (named.isPresent() && SecretNames.isBareToken(name) && declaration.filter(d -> isWordOfText(d)).isPresent()) {
            return Optional.empty(); // for (String token : line.split(",")): a word of text, not a credential
        }
        if (named.isPresent()) {
            Optional<String> objectType = declaration.filter(d -> !d.type().isVarType()).map(d -> Types.simpleName(d.type()))
                    .or(() -> declaration.isEmpty() && e instanceof NameExpr n
                            ? model.inheritedFieldType(n).map(TypeRef::simpleName) : Optional.empty())
                    .filter(type -> !VALUE_TYPES.contains(type));
            if (objectType.isEmpty()) {
                return named;
            }
            // an object prints what its toString says: a key type may print its material; a class of
            // this file, only if its toString shows a secret; anything else gives no evidence
            if (objectType.get().endsWith("Key")) {
                return named.map(l -> new Leak(l.value(), l.kind(), l.secret(), Confidence.LOW, l.origin()));
            }
            return toStringShowsSecret(e, objectType.get()) ? named : Optional.empty();
        }
        if (declaration.isPresent() && declaration.get().kind() == Declaration.Kind.LOCAL) {
            Declaration local = declaration.get();
            List<Expression> values = new ArrayList<>();
            local.initializer().ifPresent(values::add);
            Declarations.assignments(local).forEach(a -> values.add(a.getValue()));
            for (Expression value : values) {
                Optional<Leak> held = leak(value, depth, model);
                if (held.isPresent()) {
                    Leak l = held.get();
                    return Optional.of(new Leak(e, l.kind(), l.secret(), l.confidence(), ", which holds `"
                            + Code.quote(l.value()) + "`" + l.origin() + " (line " + line(value) + ")"));
                }
            }
        }
        return Optional.empty();
    }

    /** A local that walks the pieces of a split or tokenized text, or holds one of them. */
    private static boolean isWordOfText(Declaration declaration) {
        if (declaration.kind() != Declaration.Kind.LOCAL) {
            return false;
        }
        boolean loopVariable = declaration.node().findAncestor(ForEachStmt.class)
                .filter(loop -> loop.getVariable().getVariables().stream().anyMatch(v -> v == declaration.node()))
                .isPresent();
        return loopVariable || declaration.initializer().map(SensitiveDataLoggedRule::beforeTrimming)
                .filter(init -> init instanceof MethodCallExpr m && TEXT_SPLITTERS.contains(m.getNameAsString())).isPresent();
    }

    /** The text a chain of value-preserving calls starts from: {@code tokens.nextToken()} of {@code tokens.nextToken().trim()}. */
    private static Expression beforeTrimming(Expression e) {
        Expression at = e;
        while (at instanceof MethodCallExpr m && m.getArguments().isEmpty() && VALUE_PRESERVING.contains(m.getNameAsString())
                && m.getScope().isPresent()) {
            at = m.getScope().get();
        }
        return at;
    }

    /** Whether the class {@code type}, declared in this file, has a toString that prints a secret-named value. */
    private static boolean toStringShowsSecret(Node at, String type) {
        return FileIndex.of(at).stream().flatMap(index -> index.types().stream())
                .filter(t -> t instanceof ClassOrInterfaceDeclaration && t.getNameAsString().equals(type))
                .map(t -> (ClassOrInterfaceDeclaration) t)
                .flatMap(c -> c.getMethodsBySignature("toString").stream())
                .flatMap(m -> m.getBody().stream())
                .anyMatch(body -> body.findAll(NameExpr.class).stream().anyMatch(n -> isSecretValue(n.getNameAsString()))
                        || body.findAll(FieldAccessExpr.class).stream().anyMatch(f -> isSecretValue(f.getNameAsString()))
                        || body.findAll(MethodCallExpr.class).stream().anyMatch(m -> m.getArguments().isEmpty()
                        && isSecretValue(m.getNameAsString())));
    }

    private static boolean isSecretValue(String name) {
        return byName(null, name, "").filter(Leak::secret).isPresent();
    }

    /** A secret or personal value judged by the name it is read from. */
    private static Optional<Leak> byName(Expression value, String name, String origin) {
        List<String> words = Identifiers.words(name);
        if (words.stream().anyMatch(NOT_THE_VALUE::contains) && !SecretNames.isSessionId(name)) {
            return Optional.empty();
        }
        if (!words.isEmpty() && (words.get(0).equals("is") || words.get(0).equals("has"))) {
            return Optional.empty();
        }
        if (SecretNames.isPaymentCard(name)) {
            return Optional.of(new Leak(value, "payment card data", true, Confidence.MEDIUM, origin));
        }
        if (SecretNames.isSessionId(name)) {
            return Optional.of(new Leak(value, "a session id", true, Confidence.MEDIUM, origin));
        }
        if (SecretNames.isCredential(name)) {
            boolean bareToken = SecretNames.isBareToken(name);
            return Optional.of(new Leak(value, kind(words), true, bareToken ? Confidence.LOW : Confidence.MEDIUM, origin));
        }
        if (SecretNames.isPersonalIdentifier(name)) {
            return Optional.of(new Leak(value, "a personal identifier", false, Confidence.LOW, origin));
        }
        return Optional.empty();
    }

    private static String kind(List<String> words) {
        if (words.contains("token")) return "a token";
        if (words.contains("key") || words.contains("apikey")) return "a key";
        if (words.contains("secret")) return "a secret";
        if (words.contains("credential") || words.contains("credentials")) return "a credential";
        return "a password";
    }

    private static Optional<Leak> fromCall(MethodCallExpr call, int depth, ProjectModel model) {
        String name = call.getNameAsString();
        Optional<Expression> scope = call.getScope();
        if (NON_REVEALING.contains(name)) {
            return Optional.empty();
        }
        if (call.getArguments().isEmpty() && (returnsNoSecret(call, model) || returnsNumberText(call))) {
            return Optional.empty(); // session.getId() or getSessionId() declared as a number in the project
        }
        if (name.equals("getId") && call.getArguments().isEmpty() && scope.map(SensitiveDataLoggedRule::isSession).orElse(false)
                || name.equals("getRequestedSessionId")) {
            return Optional.of(new Leak(call, "a session id", true, Confidence.HIGH, ""));
        }
        if (call.getArguments().size() == 1 && (name.equals("getParameter") || name.equals("getHeader")
                || name.equals("getAttribute") || name.equals("getProperty") || name.equals("getenv")
                || name.equals("getString"))) {
            Optional<String> key = Constants.string(call.getArgument(0)).filter(k -> !isMessageKey(k));
            if (key.isPresent() && !scope.map(SensitiveDataLoggedRule::isResourceBundle).orElse(false)) {
                if (name.equals("getHeader") && CREDENTIAL_HEADERS.contains(key.get().toLowerCase(java.util.Locale.ROOT))) {
                    return Optional.of(new Leak(call, "a credential header", true, Confidence.HIGH, ""));
                }
                return byName(call, key.get(), "").map(l -> new Leak(l.value(), l.kind(), l.secret(),
                        l.secret() ? Confidence.HIGH : l.confidence(), ""));
            }
        }
        if (call.getArguments().isEmpty() && !TOKENIZERS.contains(name)) {
            Optional<Leak> accessor = byName(call, name, "");
            if (accessor.isPresent()) {
                return accessor;
            }
        }
        if (scope.isPresent() && VALUE_PRESERVING.contains(name)) {
            Optional<Leak> fromScope = leak(scope.get(), depth + 1, model); // password.trim(), new String(chars).toUpperCase()
            if (fromScope.isPresent()) {
                Leak l = fromScope.get();
                Confidence confidence = name.equals("getEncoded") || name.equals("getValue")
                        ? Confidence.MEDIUM : l.confidence(); // the key material itself, whatever toString prints
                return Optional.of(new Leak(call, l.kind(), l.secret(), confidence, l.origin()));
            }
        }
        if (PASS_THROUGH.contains(name)) {
            return best(call.getArguments(), depth + 1, model);
        }
        return Optional.empty(); // mask(card), hash(password), check(token): the value does not come out
    }

    /**
     * Whether every method of the scanned code the call may run is declared to return a number, a
     * boolean or a UUID (in this file or another): an identifier such as a numeric session id, whose
     * name alone would make it a secret.
     */
    private static boolean returnsNoSecret(MethodCallExpr call, ProjectModel model) {
        Set<String> types = model.returnTypes(call);
        return !types.isEmpty() && NOT_SECRET_TYPES.containsAll(types);
    }

    /**
     * A call of a method of this class that returns only text written from numbers
     * ({@code return "0x" + Long.toHexString(sessionId);}): it shows an identifier, not a secret.
     */
    private static boolean returnsNumberText(MethodCallExpr call) {
        if (call.getScope().isPresent() && !(call.getScope().get() instanceof ThisExpr)) {
            return false;
        }
        List<MethodDeclaration> methods = call.findAncestor(TypeDeclaration.class).stream()
                .flatMap(t -> ((TypeDeclaration<?>) t).getMethodsBySignature(call.getNameAsString()).stream())
                .toList();
        return !methods.isEmpty() && methods.stream().allMatch(m -> m.getBody().isPresent()
                && m.getBody().get().findAll(ReturnStmt.class).stream()
                .allMatch(r -> r.getExpression().filter(SensitiveDataLoggedRule::isNumberText).isPresent()));
    }

    private static boolean isNumberText(Expression e) {
        if (Constants.isConstant(e)) return true;
        if (e instanceof EnclosedExpr p) return isNumberText(p.getInner());
        if (e instanceof BinaryExpr b) {
            return b.getOperator() == BinaryExpr.Operator.PLUS && Concatenation.operands(b).stream()
                    .allMatch(SensitiveDataLoggedRule::isNumberText);
        }
        if (e instanceof NameExpr || e instanceof FieldAccessExpr) {
            return Declarations.of(e).filter(d -> Types.isNumericOrBoolean(d.type())).isPresent();
        }
        return e instanceof MethodCallExpr m && NUMBER_FORMATTERS.contains(m.getNameAsString()) && m.getScope()
                .filter(s -> NUMBER_TEXT_OWNERS.stream().anyMatch(owner -> Types.isTypeName(s, owner))).isPresent()
                && !m.getArguments().isEmpty() && m.getArguments().stream().allMatch(SensitiveDataLoggedRule::isNumberText);
    }

    /** A resource bundle's message key ("Enter.keystore.password."), not the name of a value. */
    private static boolean isMessageKey(String key) {
        return key.endsWith(".") || key.chars().anyMatch(Character::isWhitespace) || Identifiers.words(key).size() > 4;
    }

    private static boolean isResourceBundle(Expression scope) {
        return Types.isKind(scope, t -> t.endsWith("ResourceBundle"), BUNDLE_NAMES::contains);
    }

    private static boolean isSession(Expression scope) {
        if (scope instanceof MethodCallExpr m) {
            return m.getNameAsString().equals("getSession");
        }
        return Types.isKind(scope, t -> t.endsWith("Session"), n -> Identifiers.words(n).contains("session"));
    }

    private static void report(RuleContext context, Node sink, String where, Leak leak) {
        String sinkText = sink instanceof MethodCallExpr m ? "`" + m.getScope().map(Code::quote).orElse("")
                + "." + m.getNameAsString() + "(...)`" : "";
        String destination = sink instanceof MethodCallExpr ? where + " by " + sinkText : where;
        List<RelatedLocation> related = List.of(new RelatedLocation(SourceRange.of(leak.value()),
                "`" + Code.quote(leak.value()) + "` is " + leak.kind()));
        if (leak.secret()) {
            context.report(leak.value(), "`" + Code.quote(leak.value()) + "`" + separated(leak.origin()) + " is " + leak.kind()
                            + ", written to " + destination + "; logs and messages are read by many people and kept for"
                            + " long: record that the event happened, never the value (mask it if you must identify it).",
                    leak.confidence(), related, null);
        } else {
            context.report(leak.value(), "`" + Code.quote(leak.value()) + "`" + separated(leak.origin()) + " is "
                            + leak.kind() + ", written to " + destination + "; check that logging it is allowed by your"
                            + " privacy rules, or log a pseudonymous id instead.",
                    Severity.LOW, Confidence.LOW, related, null);
        }
    }

    private static String separated(String origin) {
        return origin.isEmpty() ? "" : origin + ",";
    }

    private static int line(Node node) {
        return node.getBegin().map(p -> p.line).orElse(0);
    }
}
