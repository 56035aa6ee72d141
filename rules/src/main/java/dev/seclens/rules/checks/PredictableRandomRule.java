package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
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
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.SecretNames;
import dev.seclens.rules.ast.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reports a value from a predictable generator only where it becomes a secret: decided by the name
 * of the variable, field, method or call it flows into, so jitter, shuffles and games stay quiet.
 */
@RuleInfo(
        id = "java/predictable-random",
        title = "Predictable random value used as a secret",
        cwe = {330},
        owasp = Owasp.A02,
        concern = Concern.CRYPTOGRAPHY,
        severity = Severity.HIGH,
        confidence = Confidence.MEDIUM,
        summary = "java.util.Random, Math.random or ThreadLocalRandom makes a token, password, session id,"
                + " key, salt, nonce or one-time code, which an attacker can predict.")
public final class PredictableRandomRule implements Rule {
    private static final Set<String> GENERATOR_METHODS = Set.of("nextInt", "nextLong", "nextDouble", "nextFloat",
            "nextBytes", "nextBoolean", "nextGaussian", "ints", "longs", "doubles");
    private static final List<String> INSECURE_GENERATORS = List.of("java.util.Random",
            "java.util.concurrent.ThreadLocalRandom", "java.util.SplittableRandom");
    private static final List<String> RANDOM_STRING_UTILS = List.of("org.apache.commons.lang3.RandomStringUtils",
            "org.apache.commons.lang.RandomStringUtils", "org.apache.commons.text.RandomStringGenerator");
    private static final String SECURE_RANDOM = "java.security.SecureRandom";
    private static final int MAX_HOPS = 4;

    /** Where a predictable value ends up, and why that place is a secret. */
    record Secret(Node where, String what) {
    }

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            Optional<String> generator = insecureGenerator(call);
            if (generator.isEmpty() || InsecureRandomSeedRule.hasPredictableSeed(call)) {
                continue; // a constant or clock seed is the worse defect: java/insecure-random-seed reports it
            }
            Optional<Secret> secret = secretMadeBy(call);
            secret.ifPresent(s -> context.report(call,
                    Code.quote(call) + " comes from " + generator.get() + ", which is predictable, and makes "
                            + s.what() + " (line " + s.where().getBegin().map(p -> p.line).orElse(0)
                            + "); use java.security.SecureRandom.",
                    Confidence.MEDIUM,
                    List.of(new RelatedLocation(SourceRange.of(s.where()), "the predictable value becomes " + s.what())),
                    fix(call)));
        }
    }

    /** The secret a generator call's value becomes ({@code nextBytes} fills its argument), if any. */
    static Optional<Secret> secretMadeBy(MethodCallExpr call) {
        if (call.getNameAsString().equals("nextBytes") && call.getArguments().size() == 1) {
            return filled(call.getArgument(0));
        }
        return flowsInto(call, 0, new HashSet<>());
    }

    /** Whether the call draws a value from a generator ({@code nextInt}, {@code nextBytes}, {@code ints}, ...). */
    static boolean drawsFromGenerator(MethodCallExpr call) {
        return GENERATOR_METHODS.contains(call.getNameAsString());
    }

    /** The predictable generator a call draws from ("java.util.Random", ...), or empty. */
    private static Optional<String> insecureGenerator(MethodCallExpr call) {
        String name = call.getNameAsString();
        if (call.getScope().isEmpty()) {
            return Optional.empty();
        }
        Expression scope = call.getScope().get();
        if (name.equals("random") && call.getArguments().isEmpty() && Types.isTypeName(scope, "java.lang.Math")) {
            return Optional.of("Math.random()");
        }
        if (name.startsWith("random") && RANDOM_STRING_UTILS.stream().anyMatch(t -> Types.isTypeName(scope, t))
                && !drawsFromSecureRandom(call)) {
            return Optional.of("RandomStringUtils (backed by java.util.Random)");
        }
        if (!GENERATOR_METHODS.contains(name)) {
            return Optional.empty();
        }
        if (scope instanceof MethodCallExpr current && current.getNameAsString().equals("current")
                && current.getScope().map(s -> Types.isTypeName(s, INSECURE_GENERATORS.get(1))).orElse(false)) {
            return Optional.of("ThreadLocalRandom");
        }
        if (scope instanceof ObjectCreationExpr creation) {
            return insecureType(creation.getType().getNameWithScope(), creation);
        }
        Optional<Declaration> declaration = Declarations.of(scope);
        if (declaration.isEmpty() || createsSecureRandom(declaration.get())) {
            return Optional.empty();
        }
        return insecureType(Code.of(declaration.get().type()), scope);
    }

    private static Optional<String> insecureType(String written, Node context) {
        return INSECURE_GENERATORS.stream().filter(t -> Types.denotes(context, written, t)).findFirst();
    }

    /**
     * {@code RandomStringUtils.random(count, start, end, letters, numbers, chars, random)}: the overload
     * that takes its generator last draws from that one, which is fine when it is a SecureRandom.
     */
    private static boolean drawsFromSecureRandom(MethodCallExpr call) {
        if (!call.getNameAsString().equals("random") || call.getArguments().size() != 7) {
            return false;
        }
        Expression generator = call.getArgument(6);
        return isSecureRandom(generator)
                || Declarations.of(generator).filter(PredictableRandomRule::createsSecureRandom).isPresent();
    }

    /** A variable declared as Random that holds a SecureRandom is fine. */
    private static boolean createsSecureRandom(Declaration declaration) {
        List<Expression> values = new java.util.ArrayList<>();
        declaration.initializer().ifPresent(values::add);
        Declarations.assignments(declaration).forEach(a -> values.add(a.getValue()));
        return values.stream().anyMatch(PredictableRandomRule::isSecureRandom);
    }

    /** {@code new SecureRandom(...)} or {@code SecureRandom.getInstance...(...)}. */
    private static boolean isSecureRandom(Expression value) {
        return value instanceof ObjectCreationExpr c && Types.denotes(c.getType(), SECURE_RANDOM)
                || value instanceof MethodCallExpr m && m.getNameAsString().startsWith("getInstance")
                && m.getScope().map(s -> Types.isTypeName(s, SECURE_RANDOM)).orElse(false);
    }

    /** Follows a value up the tree, and through the variables it is stored in, until it meets a named place. */
    private static Optional<Secret> flowsInto(Expression value, int hops, Set<Node> visited) {
        Node node = value;
        while (node.getParentNode().isPresent() && hops <= MAX_HOPS) {
            Node parent = node.getParentNode().get();
            if (parent instanceof EnclosedExpr || parent instanceof CastExpr || parent instanceof BinaryExpr
                    || parent instanceof ArrayAccessExpr
                    || parent instanceof ConditionalExpr c && c.getCondition() != node) {
                node = parent;
            } else if (parent instanceof MethodCallExpr call) {
                if (call.getArguments().contains(node)) {
                    if (SecretNames.isSecret(call.getNameAsString()) || hasSecretLiteralArgument(call)) {
                        return Optional.of(new Secret(call, "the argument of " + call.getNameAsString() + "(...)"));
                    }
                    Optional<Declaration> builder = call.getScope().flatMap(Declarations::of);
                    if (builder.isPresent() && isAppend(call.getNameAsString())) {
                        return stored(builder.get(), hops, visited);
                    }
                }
                node = parent;
            } else if (parent instanceof ObjectCreationExpr creation) {
                String type = creation.getType().getNameAsString();
                if (SecretNames.isSecret(type)) {
                    return Optional.of(new Secret(creation, "a new " + type));
                }
                node = parent;
            } else if (parent instanceof VariableDeclarator variable) {
                if (SecretNames.isSecret(variable.getNameAsString())) {
                    return Optional.of(new Secret(variable.getName(), "`" + variable.getNameAsString() + "`"));
                }
                return Declarations.find(variable.getName(), variable.getNameAsString())
                        .flatMap(d -> stored(d, hops, visited));
            } else if (parent instanceof AssignExpr assign && assign.getValue() == node) {
                Expression target = assign.getTarget();
                while (target instanceof ArrayAccessExpr a) {
                    target = a.getName();
                }
                String name = target instanceof NameExpr n ? n.getNameAsString()
                        : target instanceof FieldAccessExpr f ? f.getNameAsString() : "";
                if (SecretNames.isSecret(name)) {
                    return Optional.of(new Secret(assign.getTarget(), "`" + name + "`"));
                }
                return Declarations.of(target).flatMap(d -> stored(d, hops, visited));
            } else if (parent instanceof ExpressionStmt && parent.getParentNode().orElse(null) instanceof LambdaExpr lambda) {
                node = lambda; // i -> random.nextInt(10): the lambda's result goes where the lambda's caller puts it
            } else if (parent instanceof ReturnStmt) {
                Optional<Node> returnsFrom = parent.findAncestor(n -> n instanceof LambdaExpr || n instanceof CallableDeclaration,
                        Node.class);
                if (returnsFrom.isPresent() && returnsFrom.get() instanceof LambdaExpr lambda) {
                    node = lambda;
                    continue;
                }
                return returnsFrom.map(m -> (CallableDeclaration<?>) m).flatMap(m -> returned(m, hops, visited));
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * A value a method returns: a method named for a secret makes one; a helper named otherwise
     * ({@code digits(6)}) makes whatever its callers in this file turn its result into.
     */
    private static Optional<Secret> returned(CallableDeclaration<?> method, int hops, Set<Node> visited) {
        if (SecretNames.isSecret(method.getNameAsString())) {
            return Optional.of(new Secret(method.getName(), "the result of " + method.getNameAsString() + "()"));
        }
        if (!visited.add(method) || !(method instanceof MethodDeclaration declared)) {
            return Optional.empty();
        }
        // the file's calls by name from its index: walking the whole file for each helper is quadratic on large files
        for (MethodCallExpr call : FileIndex.of(method).map(i -> i.calls(declared.getNameAsString())).orElse(List.of())) {
            if (call.getArguments().size() == declared.getParameters().size()
                    && call.getScope().filter(scope -> !(scope instanceof ThisExpr)).isEmpty()) {
                Optional<Secret> secret = flowsInto(call, hops + 1, visited);
                if (secret.isPresent()) {
                    return secret;
                }
            }
        }
        return Optional.empty();
    }

    /** A value put in a variable: the variable's later uses decide. */
    private static Optional<Secret> stored(Declaration declaration, int hops, Set<Node> visited) {
        if (!visited.add(declaration.node())) {
            return Optional.empty();
        }
        if (SecretNames.isSecret(declaration.name())) {
            return Optional.of(new Secret(declaration.node(), "`" + declaration.name() + "`"));
        }
        for (NameExpr use : Declarations.uses(declaration)) {
            if (!isAssignmentTarget(use)) {
                Optional<Secret> secret = flowsInto(use, hops + 1, visited);
                if (secret.isPresent()) {
                    return secret;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code random.nextBytes(buffer)}: the buffer's name and uses decide. */
    private static Optional<Secret> filled(Expression buffer) {
        return Declarations.of(buffer).flatMap(d -> stored(d, 0, new HashSet<>()));
    }

    private static boolean isAssignmentTarget(NameExpr use) {
        return use.getParentNode().filter(p -> p instanceof AssignExpr a && a.getTarget() == use).isPresent();
    }

    private static boolean isAppend(String method) {
        return method.equals("append") || method.equals("insert");
    }

    private static boolean hasSecretLiteralArgument(MethodCallExpr call) {
        return call.getArguments().stream().anyMatch(a -> a instanceof StringLiteralExpr s
                && SecretNames.isSecret(s.asString()));
    }

    /** Swap the generator for SecureRandom where that is a one-place change that compiles (its seed goes too). */
    static Fix fix(MethodCallExpr call) {
        Expression scope = call.getScope().orElseThrow();
        Node replaced = null;
        List<TextEdit> edits = new java.util.ArrayList<>();
        if (scope instanceof ObjectCreationExpr) {
            replaced = scope;
        } else if (call.getNameAsString().equals("random")) {
            return new Fix("Use SecureRandom", List.of(new TextEdit(SourceRange.of(call),
                    "new SecureRandom().nextDouble()")), List.of(SECURE_RANDOM));
        } else {
            Optional<Declaration> declaration = Declarations.of(scope).filter(d -> Declarations.assignments(d).isEmpty());
            Optional<Expression> init = declaration.flatMap(Declaration::initializer);
            if (init.isPresent() && init.get() instanceof ObjectCreationExpr c
                    && Types.denotes(c.getType(), INSECURE_GENERATORS.get(0))) {
                replaced = c;
                declaredType(declaration.get()).ifPresent(type ->
                        edits.add(new TextEdit(SourceRange.of(type), "SecureRandom")));
            }
        }
        if (replaced == null || replaced.getRange().isEmpty()) {
            return null;
        }
        edits.add(new TextEdit(SourceRange.of(replaced), "new SecureRandom()"));
        return new Fix("Use SecureRandom", edits, List.of(SECURE_RANDOM));
    }

    /**
     * The variable's declared type when it is a plain {@code Random} that this variable alone uses,
     * so it can say SecureRandom too; never {@code var}, and never a type shared with other
     * variables of the same declaration.
     */
    private static Optional<Node> declaredType(Declaration declaration) {
        if (!(declaration.node() instanceof com.github.javaparser.ast.body.VariableDeclarator variable)
                || !(variable.getType() instanceof com.github.javaparser.ast.type.ClassOrInterfaceType type)
                || !type.getNameWithScope().equals("Random") || type.getRange().isEmpty()) {
            return Optional.empty();
        }
        boolean alone = variable.getParentNode()
                .map(p -> p instanceof com.github.javaparser.ast.nodeTypes.NodeWithVariables<?> v && v.getVariables().size() == 1)
                .orElse(false);
        return alone ? Optional.of(type) : Optional.empty();
    }
}
