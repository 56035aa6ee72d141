package dev.seclens.rules.ast;

import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.Locale;
import java.util.Optional;

/**
 * Constant folding over the AST: literals, static finals and final or never-reassigned locals of
 * this file, string concatenation, arithmetic, comparisons, boolean operators, ternaries with a
 * constant condition, enum constant names, and a few pure String methods. Anything it cannot prove
 * constant is empty, never guessed.
 */
public final class Constants {
    private static final int MAX_DEPTH = 64;

    private Constants() {
    }

    public static Optional<Object> value(Expression expression) {
        return Optional.ofNullable(fold(expression, 0));
    }

    public static Optional<String> string(Expression expression) {
        return value(expression).filter(v -> v instanceof String).map(v -> (String) v);
    }

    public static boolean isConstant(Expression expression) {
        return fold(expression, 0) != null;
    }

    private static Object fold(Expression e, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        int d = depth + 1;
        if (e instanceof StringLiteralExpr s) {
            return s.asString();
        }
        if (e instanceof TextBlockLiteralExpr t) {
            return t.asString();
        }
        if (e instanceof IntegerLiteralExpr || e instanceof LongLiteralExpr) {
            try {
                return e instanceof IntegerLiteralExpr i ? i.asNumber().longValue()
                        : ((LongLiteralExpr) e).asNumber().longValue();
            } catch (NumberFormatException malformed) {
                return null; // the parser accepts 09 or an int literal past 2^31, which are no value at all
            }
        }
        if (e instanceof CharLiteralExpr c) {
            return c.asChar();
        }
        if (e instanceof BooleanLiteralExpr b) {
            return b.getValue();
        }
        if (e instanceof DoubleLiteralExpr x) {
            return x.asDouble();
        }
        if (e instanceof EnclosedExpr p) {
            return fold(p.getInner(), d);
        }
        if (e instanceof CastExpr c) {
            return fold(c.getExpression(), d);
        }
        if (e instanceof ConditionalExpr c) {
            Object condition = fold(c.getCondition(), d);
            if (condition instanceof Boolean b) {
                return fold(b ? c.getThenExpr() : c.getElseExpr(), d);
            }
            Object then = fold(c.getThenExpr(), d);
            return then != null && then.equals(fold(c.getElseExpr(), d)) ? then : null;
        }
        if (e instanceof UnaryExpr u) {
            return unary(u, d);
        }
        if (e instanceof BinaryExpr b) {
            return binary(b, d);
        }
        if (e instanceof NameExpr || e instanceof FieldAccessExpr) {
            return variable(e, d);
        }
        if (e instanceof MethodCallExpr call) {
            return call(call, d);
        }
        return null;
    }

    private static Object variable(Expression e, int depth) {
        Optional<Declaration> declaration = Declarations.of(e);
        if (declaration.isEmpty() && e instanceof FieldAccessExpr f) {
            declaration = staticFieldOfThisFile(f);
            if (declaration.isEmpty()) {
                return enumConstantName(f);
            }
        }
        if (declaration.isEmpty()) {
            return null;
        }
        Declaration decl = declaration.get();
        if (decl.kind() == Declaration.Kind.PARAMETER || decl.initializer().isEmpty()) {
            return null;
        }
        if (!decl.isFinal() && (decl.kind() == Declaration.Kind.FIELD && !isPrivate(decl)
                || Declarations.isReassigned(decl))) {
            return null;
        }
        return fold(decl.initializer().get(), depth);
    }

    private static boolean isPrivate(Declaration decl) {
        return decl.node().getParentNode()
                .filter(p -> p instanceof com.github.javaparser.ast.body.FieldDeclaration)
                .map(p -> ((com.github.javaparser.ast.body.FieldDeclaration) p).isPrivate())
                .orElse(false);
    }

    /** {@code Holder.NAME} where Holder is a class of this file. */
    private static Optional<Declaration> staticFieldOfThisFile(FieldAccessExpr access) {
        String owner = Code.of(access.getScope());
        return FileIndex.of(access).flatMap(index -> index.type(owner))
                .flatMap(t -> Declarations.field(t, access.getNameAsString()));
    }

    /** {@code Algorithm.MD5} where Algorithm is an enum of this file: its name, "MD5". */
    private static Object enumConstantName(FieldAccessExpr access) {
        String owner = Code.of(access.getScope());
        return FileIndex.of(access).flatMap(index -> index.enumType(owner))
                .flatMap(en -> en.getEntries().stream()
                        .map(EnumConstantDeclaration::getNameAsString)
                        .filter(access.getNameAsString()::equals)
                        .findFirst())
                .orElse(null);
    }

    private static Object call(MethodCallExpr call, int depth) {
        String name = call.getNameAsString();
        if (call.getScope().isEmpty()) {
            return null;
        }
        Expression scope = call.getScope().get();
        if (call.getArguments().isEmpty() && scope instanceof FieldAccessExpr f && name.equals("name")) {
            return enumConstantName(f);
        }
        if (Types.isTypeName(scope, "java.lang.String") && name.equals("valueOf") && call.getArguments().size() == 1) {
            Object v = fold(call.getArgument(0), depth);
            return v == null ? null : String.valueOf(v);
        }
        Object receiver = fold(scope, depth);
        if (!(receiver instanceof String s)) {
            return null;
        }
        if (call.getArguments().isEmpty()) {
            return switch (name) {
                case "toUpperCase" -> s.toUpperCase(Locale.ROOT);
                case "toLowerCase" -> s.toLowerCase(Locale.ROOT);
                case "trim" -> s.trim();
                case "strip" -> s.strip();
                case "intern", "toString" -> s;
                case "length" -> (long) s.length();
                case "isEmpty" -> s.isEmpty();
                case "isBlank" -> s.isBlank();
                default -> null;
            };
        }
        if (call.getArguments().size() == 1) {
            Object argument = fold(call.getArgument(0), depth);
            if (!(argument instanceof String o)) {
                return null;
            }
            return switch (name) {
                case "concat" -> s + o;
                case "equals", "contentEquals" -> s.equals(o);
                case "equalsIgnoreCase" -> s.equalsIgnoreCase(o);
                case "startsWith" -> s.startsWith(o);
                case "endsWith" -> s.endsWith(o);
                case "contains" -> s.contains(o);
                default -> null;
            };
        }
        return null;
    }

    private static Object unary(UnaryExpr u, int depth) {
        Object v = fold(u.getExpression(), depth);
        return switch (u.getOperator()) {
            case LOGICAL_COMPLEMENT -> v instanceof Boolean b ? !b : null;
            case MINUS -> v instanceof Long l ? -l : v instanceof Double x ? -x : null;
            case PLUS -> v instanceof Long || v instanceof Double ? v : null;
            default -> null;
        };
    }

    private static Object binary(BinaryExpr b, int depth) {
        if (b.getOperator() == BinaryExpr.Operator.PLUS) {
            return sum(b, depth);
        }
        return arithmetic(b, b.getOperator(), depth);
    }

    /** Folds a {@code +} chain left to right without recursing per operand: long concatenations are common. */
    private static Object sum(BinaryExpr chain, int depth) {
        Object acc = null;
        for (Expression operand : Concatenation.operands(chain)) {
            Object v = fold(operand, depth);
            if (v == null) {
                return null;
            }
            if (acc == null) {
                acc = v;
            } else if (acc instanceof String || v instanceof String) {
                acc = String.valueOf(acc) + v;
            } else if (acc instanceof Long l && v instanceof Long r) {
                acc = l + r;
            } else if (acc instanceof Number l && v instanceof Number r) {
                acc = l.doubleValue() + r.doubleValue();
            } else {
                return null;
            }
        }
        return acc;
    }

    private static Object arithmetic(BinaryExpr b, BinaryExpr.Operator op, int depth) {
        Object left = fold(b.getLeft(), depth);
        if (left == null) {
            return null;
        }
        // short-circuit as Java does, so `false && x` is constant whatever x is
        if (op == BinaryExpr.Operator.AND && Boolean.FALSE.equals(left)) return false;
        if (op == BinaryExpr.Operator.OR && Boolean.TRUE.equals(left)) return true;
        Object right = fold(b.getRight(), depth);
        if (right == null) {
            return null;
        }
        if (op == BinaryExpr.Operator.PLUS && (left instanceof String || right instanceof String)) {
            return String.valueOf(left) + right;
        }
        if (left instanceof Boolean l && right instanceof Boolean r) {
            return switch (op) {
                case AND, BINARY_AND -> l && r;
                case OR, BINARY_OR -> l || r;
                case XOR -> l ^ r;
                case EQUALS -> l.equals(r);
                case NOT_EQUALS -> !l.equals(r);
                default -> null;
            };
        }
        if (left instanceof Long l && right instanceof Long r) {
            return switch (op) {
                case PLUS -> l + r;
                case MINUS -> l - r;
                case MULTIPLY -> l * r;
                case DIVIDE -> r == 0 ? null : l / r;
                case REMAINDER -> r == 0 ? null : l % r;
                case LESS -> l < r;
                case LESS_EQUALS -> l <= r;
                case GREATER -> l > r;
                case GREATER_EQUALS -> l >= r;
                case EQUALS -> l.longValue() == r.longValue();
                case NOT_EQUALS -> l.longValue() != r.longValue();
                case LEFT_SHIFT -> l << r;
                case SIGNED_RIGHT_SHIFT -> l >> r;
                case BINARY_AND -> l & r;
                case BINARY_OR -> l | r;
                case XOR -> l ^ r;
                default -> null;
            };
        }
        return null;
    }
}
