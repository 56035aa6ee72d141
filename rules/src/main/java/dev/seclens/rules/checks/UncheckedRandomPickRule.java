package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
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
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code random.nextInt(items.size())} with nothing proving {@code items} non-empty: nextInt needs a
 * positive bound and throws IllegalArgumentException on an empty collection, array or string. A
 * guard is an enclosing condition, an earlier early exit, or a precondition call on the same
 * expression; a collection built non-empty (a List.of literal, an array initializer) needs none.
 */
@RuleInfo(
        id = "java/unchecked-random-pick",
        title = "Random pick from a possibly empty collection",
        cwe = {754, 129},
        owasp = Owasp.A04,
        concern = Concern.ROBUSTNESS,
        severity = Severity.LOW,
        confidence = Confidence.MEDIUM,
        summary = "random.nextInt(c.size()) or nextInt(a.length) without an emptiness check throws on empty"
                + " input, which an attacker who controls the input can use to fail requests.")
public final class UncheckedRandomPickRule implements Rule {
    private static final List<String> GENERATORS = List.of("java.util.Random", "java.security.SecureRandom",
            "java.util.concurrent.ThreadLocalRandom", "java.util.SplittableRandom",
            "java.util.random.RandomGenerator");
    private static final Set<String> LITERAL_FACTORIES = Set.of("of", "asList", "singletonList", "singleton");
    private static final Set<String> PRECONDITIONS = Set.of("checkArgument", "checkState", "isTrue", "state");
    private static final Set<String> NOT_EMPTY_ASSERTIONS = Set.of("notEmpty", "requireNonEmpty", "notBlank",
            "hasLength", "hasText");
    private static final int MAX_HOPS = 3;

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            if (!call.getNameAsString().equals("nextInt") || !isGenerator(call)) {
                continue;
            }
            Expression bound;
            if (call.getArguments().size() == 1) {
                bound = call.getArgument(0);
            } else if (call.getArguments().size() == 2
                    && Constants.value(call.getArgument(0)).filter(v -> v.equals(0L)).isPresent()) {
                bound = call.getArgument(1);
            } else {
                continue;
            }
            Optional<Expression> collection = sizeOf(bound, 0);
            if (collection.isEmpty() || isNonEmptyByConstruction(collection.get()) || isGuarded(call, collection.get())) {
                continue;
            }
            String name = Code.quote(collection.get());
            context.report(call, Code.quote(call) + " throws IllegalArgumentException when `" + name
                    + "` is empty (the bound must be positive), and nothing here checks that it is not; test `"
                    + name + "` for emptiness first and answer that case explicitly.");
        }
    }

    private static boolean isGenerator(MethodCallExpr call) {
        if (call.getScope().isEmpty()) {
            return false;
        }
        Expression scope = call.getScope().get();
        if (scope instanceof MethodCallExpr current && current.getNameAsString().equals("current")) {
            return current.getScope().map(s -> Types.isTypeName(s, GENERATORS.get(2))).orElse(false);
        }
        if (scope instanceof ObjectCreationExpr creation) {
            return GENERATORS.stream().anyMatch(g -> Types.denotes(creation.getType(), g));
        }
        Optional<Declaration> declaration = Declarations.of(scope);
        if (declaration.isPresent()) {
            return GENERATORS.stream().anyMatch(g -> Types.denotes(declaration.get().type(), g));
        }
        // declared in a superclass or elsewhere: trust a name that says random
        return scope instanceof NameExpr n && n.getNameAsString().toLowerCase(java.util.Locale.ROOT).contains("rand");
    }

    /** The collection, array or string whose size the bound is: {@code c.size()}, {@code a.length}, {@code s.length()}. */
    private static Optional<Expression> sizeOf(Expression bound, int hops) {
        Expression e = strip(bound);
        if (e instanceof MethodCallExpr m && m.getArguments().isEmpty() && m.getScope().isPresent()
                && (m.getNameAsString().equals("size") || m.getNameAsString().equals("length"))) {
            return m.getScope();
        }
        if (e instanceof FieldAccessExpr f && f.getNameAsString().equals("length")) {
            return Optional.of(f.getScope());
        }
        if (hops < MAX_HOPS && e instanceof NameExpr n) {
            return Declarations.of(n).filter(d -> d.kind() == Declaration.Kind.LOCAL && !Declarations.isReassigned(d))
                    .flatMap(Declaration::initializer).flatMap(i -> sizeOf(i, hops + 1));
        }
        return Optional.empty();
    }

    /** A List.of/array literal with elements, an enum's values(), a non-empty constant string, held unchanged. */
    private static boolean isNonEmptyByConstruction(Expression collection) {
        Expression e = strip(collection);
        if (Constants.string(e).filter(s -> !s.isEmpty()).isPresent()) {
            return true;
        }
        if (e instanceof MethodCallExpr m) {
            return m.getNameAsString().equals("values") && m.getArguments().isEmpty()
                    || LITERAL_FACTORIES.contains(m.getNameAsString()) && !m.getArguments().isEmpty()
                    || isOfNonEmptyText(m);
        }
        if (e instanceof ArrayInitializerExpr array) {
            return !array.getValues().isEmpty();
        }
        if (e instanceof ArrayCreationExpr array) {
            return array.getInitializer().map(i -> !i.getValues().isEmpty()).orElse(
                    array.getLevels().get(0).getDimension().flatMap(Constants::value)
                            .filter(v -> v instanceof Long l && l > 0).isPresent());
        }
        Optional<Declaration> declaration = Declarations.of(e);
        return declaration.isPresent() && declaration.get().kind() != Declaration.Kind.PARAMETER
                && declaration.get().initializer().isPresent()
                && (declaration.get().isFinal() || !Declarations.isReassigned(declaration.get()))
                && isNonEmptyByConstruction(declaration.get().initializer().get());
    }

    /**
     * {@code "-_0123abc".toCharArray()} or {@code ALPHABET.getBytes(UTF_8)}: a non-empty constant text
     * gives at least one char, and at least one byte in any charset.
     */
    private static boolean isOfNonEmptyText(MethodCallExpr m) {
        boolean asArray = m.getNameAsString().equals("toCharArray") && m.getArguments().isEmpty()
                || m.getNameAsString().equals("getBytes") && m.getArguments().size() <= 1;
        return asArray && m.getScope().flatMap(Constants::string).filter(text -> !text.isEmpty()).isPresent();
    }

    /** Whether a condition, an early exit or a precondition before the pick proves the collection non-empty. */
    private static boolean isGuarded(MethodCallExpr pick, Expression collection) {
        String c = Code.of(strip(collection));
        Node child = pick;
        for (Node parent = pick.getParentNode().orElse(null); parent != null && !(parent instanceof CallableDeclaration<?>);
             child = parent, parent = parent.getParentNode().orElse(null)) {
            if (parent instanceof IfStmt s && (child == s.getThenStmt() && whenTrue(s.getCondition(), c)
                    || s.getElseStmt().orElse(null) == child && whenFalse(s.getCondition(), c))) {
                return true;
            }
            if (parent instanceof ConditionalExpr t && (child == t.getThenExpr() && whenTrue(t.getCondition(), c)
                    || child == t.getElseExpr() && whenFalse(t.getCondition(), c))) {
                return true;
            }
            if (parent instanceof ForEachStmt loop && child == loop.getBody() && is(loop.getIterable(), c)) {
                return true; // the body runs only for an element of c
            }
            if (parent instanceof WhileStmt w && child == w.getBody() && whenTrue(w.getCondition(), c)
                    || parent instanceof ForStmt f && child == f.getBody()
                    && f.getCompare().filter(cond -> whenTrue(cond, c)).isPresent()) {
                return true;
            }
            if (parent instanceof BinaryExpr b && child == b.getRight()
                    && (b.getOperator() == BinaryExpr.Operator.AND && whenTrue(b.getLeft(), c)
                    || b.getOperator() == BinaryExpr.Operator.OR && whenFalse(b.getLeft(), c))) {
                return true;
            }
            if (parent instanceof BlockStmt block && earlierGuard(block, child, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean earlierGuard(BlockStmt block, Node child, String c) {
        for (Statement s : block.getStatements()) {
            if (s == child) {
                return false;
            }
            if (s instanceof IfStmt i && i.getElseStmt().isEmpty() && alwaysExits(i.getThenStmt())
                    && whenFalse(i.getCondition(), c)) {
                return true;
            }
            if (s instanceof AssertStmt a && whenTrue(a.getCheck(), c)) {
                return true;
            }
            if (s instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr m
                    && !m.getArguments().isEmpty()
                    && (PRECONDITIONS.contains(m.getNameAsString()) && whenTrue(m.getArgument(0), c)
                    || NOT_EMPTY_ASSERTIONS.contains(m.getNameAsString()) && is(m.getArgument(0), c))) {
                return true;
            }
        }
        return false;
    }

    private static boolean alwaysExits(Statement s) {
        if (s instanceof BlockStmt b) {
            return !b.getStatements().isEmpty() && alwaysExits(b.getStatements().getLast().orElseThrow());
        }
        return s instanceof ReturnStmt || s instanceof ThrowStmt || s instanceof BreakStmt || s instanceof ContinueStmt;
    }

    /** Whether the condition being true proves {@code c} non-empty. */
    private static boolean whenTrue(Expression condition, String c) {
        Expression e = strip(condition);
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
            return whenFalse(u.getExpression(), c);
        }
        if (e instanceof BinaryExpr b) {
            return switch (b.getOperator()) {
                case AND -> whenTrue(b.getLeft(), c) || whenTrue(b.getRight(), c);
                case OR -> whenTrue(b.getLeft(), c) && whenTrue(b.getRight(), c);
                default -> comparison(b, c, true);
            };
        }
        return e instanceof MethodCallExpr m && m.getNameAsString().equals("isNotEmpty")
                && m.getArguments().size() == 1 && is(m.getArgument(0), c);
    }

    /** Whether the condition being false proves {@code c} non-empty (an empty {@code c} makes it true). */
    private static boolean whenFalse(Expression condition, String c) {
        Expression e = strip(condition);
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
            return whenTrue(u.getExpression(), c);
        }
        if (e instanceof BinaryExpr b) {
            return switch (b.getOperator()) {
                case OR -> whenFalse(b.getLeft(), c) || whenFalse(b.getRight(), c);
                case AND -> whenFalse(b.getLeft(), c) && whenFalse(b.getRight(), c);
                default -> comparison(b, c, false);
            };
        }
        if (e instanceof MethodCallExpr m && (m.getNameAsString().equals("isEmpty")
                || m.getNameAsString().equals("isBlank"))) {
            return m.getArguments().isEmpty() ? m.getScope().filter(s -> is(s, c)).isPresent()
                    : m.getArguments().size() == 1 && is(m.getArgument(0), c);
        }
        return false;
    }

    /**
     * {@code c.size() > 0} and the like. With {@code nonEmptyWhenTrue}, whether the comparison being
     * true proves c non-empty; otherwise whether an empty c makes it true.
     */
    private static boolean comparison(BinaryExpr b, String c, boolean nonEmptyWhenTrue) {
        BinaryExpr.Operator op = b.getOperator();
        Expression size = b.getLeft();
        Optional<Object> constant = Constants.value(b.getRight());
        if (constant.isEmpty()) {
            size = b.getRight();
            constant = Constants.value(b.getLeft());
            op = mirror(op);
        }
        if (!(constant.orElse(null) instanceof Long k) || sizeOf(size, 0).filter(s -> is(s, c)).isEmpty()) {
            return false;
        }
        if (nonEmptyWhenTrue) {
            return switch (op) {
                case GREATER -> k >= 0;
                case GREATER_EQUALS, EQUALS -> k >= 1;
                case NOT_EQUALS -> k == 0;
                default -> false;
            };
        }
        return switch (op) {
            case EQUALS -> k == 0;
            case LESS -> k >= 1;
            case LESS_EQUALS -> k >= 0;
            default -> false;
        };
    }

    private static BinaryExpr.Operator mirror(BinaryExpr.Operator op) {
        return switch (op) {
            case LESS -> BinaryExpr.Operator.GREATER;
            case LESS_EQUALS -> BinaryExpr.Operator.GREATER_EQUALS;
            case GREATER -> BinaryExpr.Operator.LESS;
            case GREATER_EQUALS -> BinaryExpr.Operator.LESS_EQUALS;
            default -> op;
        };
    }

    private static boolean is(Expression e, String c) {
        return Code.of(strip(e)).equals(c);
    }

    private static Expression strip(Expression e) {
        Expression x = e;
        while (x instanceof EnclosedExpr p) {
            x = p.getInner();
        }
        return x;
    }
}
