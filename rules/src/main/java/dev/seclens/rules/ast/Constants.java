package dev.seclens.rules.ast;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
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
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Constant folding over the AST: literals, static finals and final or never-reassigned locals of
 * this file, string concatenation, arithmetic, comparisons, boolean operators, ternaries with a
 * constant condition, enum constant names, and the pure String methods code decides on
 * ({@code length}, {@code charAt}, {@code indexOf}, {@code substring}, ...), with a {@code char}
 * promoted to its code in arithmetic and comparisons, and text rebuilt from characters or bytes
 * fixed in the code ({@code new String(chars)}, {@code String.valueOf(chars)}, see {@link #text});
 * with a {@link Lookup}, also other files' constants. Anything it cannot prove constant is empty,
 * never guessed.
 */
public final class Constants {
    private static final int MAX_DEPTH = 64;
    /** Folding that builds longer strings ({@code "ab".repeat(n)}) gives up: such a constant decides nothing. */
    private static final int MAX_FOLDED_LENGTH = 1 << 16;

    private Constants() {
    }

    /**
     * The constants of classes declared in other files, where the caller knows them (the taint
     * engine's workspace summaries): {@code Flags.LEGACY} of another file. Empty when unknown.
     */
    @FunctionalInterface
    public interface Lookup {
        Lookup NONE = access -> Optional.empty();

        Optional<Object> staticConstant(FieldAccessExpr access);
    }

    public static Optional<Object> value(Expression expression) {
        return value(expression, Lookup.NONE);
    }

    /** The constant value of {@code expression}, with other files' constants from {@code lookup}. */
    public static Optional<Object> value(Expression expression, Lookup lookup) {
        return Optional.ofNullable(fold(expression, 0, lookup));
    }

    public static Optional<String> string(Expression expression) {
        return value(expression).filter(v -> v instanceof String).map(v -> (String) v);
    }

    /**
     * The text a {@code String}, {@code char[]} or {@code byte[]} expression holds when the code
     * fixes it: a constant string, its {@code toCharArray()} or {@code getBytes(..)}, an array of
     * constant characters ({@code {'s', 'e'}}) or of ASCII codes, a variable holding one that no
     * earlier statement refills ({@link #refilledBefore}), and a string made from one of these again
     * ({@code new String(chars)}, {@code String.valueOf(chars)}, {@code String.copyValueOf(chars)}).
     * Bytes outside ASCII depend on a charset and are no text here.
     */
    public static Optional<String> text(Expression expression) {
        return Optional.ofNullable(characters(expression, 0));
    }

    private static String characters(Expression e, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        int d = depth + 1;
        Object folded = fold(e, d, Lookup.NONE);
        if (folded instanceof String s) {
            return s;
        }
        if (e instanceof EnclosedExpr p) return characters(p.getInner(), d);
        if (e instanceof CastExpr c) return characters(c.getExpression(), d);
        if (e instanceof MethodCallExpr call && call.getScope().isPresent() && call.getArguments().size() <= 1
                && (call.getNameAsString().equals("toCharArray") && call.getArguments().isEmpty()
                        || call.getNameAsString().equals("getBytes"))) {
            return fold(call.getScope().get(), d, Lookup.NONE) instanceof String s ? s : null;
        }
        if (e instanceof ArrayCreationExpr creation) {
            return creation.getInitializer().map(init -> characters(init, d)).orElse(null);
        }
        if (e instanceof ArrayInitializerExpr init) {
            StringBuilder text = new StringBuilder();
            for (Expression element : init.getValues()) {
                Object v = fold(element, d, Lookup.NONE);
                if (v instanceof Character c) {
                    text.append(c.charValue());
                } else if (v instanceof Long code && code >= 0 && code < 128) {
                    text.append((char) code.intValue());
                } else {
                    return null;
                }
            }
            return text.toString();
        }
        if (e instanceof NameExpr || e instanceof FieldAccessExpr) {
            Optional<Declaration> declaration = Declarations.of(e)
                    .filter(decl -> decl.kind() != Declaration.Kind.PARAMETER && decl.initializer().isPresent())
                    .filter(decl -> decl.isFinal() || !Declarations.isReassigned(decl))
                    .filter(decl -> !refilledBefore(decl, e));
            return declaration.map(decl -> characters(decl.initializer().get(), d)).orElse(null);
        }
        return null;
    }

    /** Calls that read an array they are given and never write to it. */
    private static final Set<String> ARRAY_READERS = Set.of("valueOf", "copyValueOf");

    /**
     * Whether an array variable may have been filled with something else where {@code use} reads
     * it: an element assigned anywhere, or the array handed to a method (which may fill it) before
     * {@code use} in the method that declares the local, or, for a field, in any method but after
     * {@code use} in its own. A method it is handed to afterwards
     * ({@code Arrays.fill(password, '\0')} once used) does not change what {@code use} reads.
     */
    private static boolean refilledBefore(Declaration declaration, Expression use) {
        Optional<Node> useMethod = enclosingCallable(use);
        for (NameExpr other : Declarations.uses(declaration)) {
            if (other == use) {
                continue;
            }
            Node parent = other.getParentNode().orElse(null);
            if (parent instanceof ArrayAccessExpr access && access.getName() == other
                    && access.getParentNode().orElse(null) instanceof AssignExpr assign && assign.getTarget() == access) {
                return true;
            }
            if (!(parent instanceof MethodCallExpr call && call.getArguments().contains(other))
                    || ARRAY_READERS.contains(call.getNameAsString())) {
                continue;
            }
            boolean sameMethod = enclosingCallable(other).equals(useMethod);
            boolean earlier = other.getBegin().isPresent() && use.getBegin().isPresent()
                    && other.getBegin().get().isBefore(use.getBegin().get());
            if (sameMethod ? earlier : declaration.kind() != Declaration.Kind.LOCAL) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Node> enclosingCallable(Node node) {
        Optional<Node> n = node.getParentNode();
        while (n.isPresent() && !(n.get() instanceof com.github.javaparser.ast.body.CallableDeclaration<?>
                || n.get() instanceof com.github.javaparser.ast.body.InitializerDeclaration)) {
            n = n.get().getParentNode();
        }
        return n;
    }

    public static boolean isConstant(Expression expression) {
        return fold(expression, 0, Lookup.NONE) != null;
    }

    private static Object fold(Expression e, int depth, Lookup lookup) {
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
            return fold(p.getInner(), d, lookup);
        }
        if (e instanceof CastExpr c) {
            return fold(c.getExpression(), d, lookup);
        }
        if (e instanceof ConditionalExpr c) {
            Object condition = fold(c.getCondition(), d, lookup);
            if (condition instanceof Boolean b) {
                return fold(b ? c.getThenExpr() : c.getElseExpr(), d, lookup);
            }
            Object then = fold(c.getThenExpr(), d, lookup);
            return then != null && then.equals(fold(c.getElseExpr(), d, lookup)) ? then : null;
        }
        if (e instanceof UnaryExpr u) {
            return unary(u, d, lookup);
        }
        if (e instanceof BinaryExpr b) {
            return binary(b, d, lookup);
        }
        if (e instanceof NameExpr || e instanceof FieldAccessExpr) {
            return variable(e, d, lookup);
        }
        if (e instanceof MethodCallExpr call) {
            return call(call, d, lookup);
        }
        if (e instanceof ObjectCreationExpr o && (o.getArguments().size() == 1 || o.getArguments().size() == 2)
                && o.getAnonymousClassBody().isEmpty() && Types.denotes(o.getType(), "java.lang.String")) {
            // new String(chars), new String(bytes, UTF_8): the text those hold
            return o.getArguments().size() == 1 || !(fold(o.getArgument(1), d, lookup) instanceof Long)
                    ? characters(o.getArgument(0), d) : null;
        }
        return null;
    }

    private static Object variable(Expression e, int depth, Lookup lookup) {
        Optional<Declaration> declaration = Declarations.of(e);
        if (declaration.isEmpty() && e instanceof FieldAccessExpr f) {
            declaration = staticFieldOfThisFile(f);
            if (declaration.isEmpty()) {
                Object name = enumConstantName(f);
                return name != null ? name : lookup.staticConstant(f).orElse(null);
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
        return fold(decl.initializer().get(), depth, lookup);
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

    private static Object call(MethodCallExpr call, int depth, Lookup lookup) {
        String name = call.getNameAsString();
        if (call.getScope().isEmpty()) {
            return null;
        }
        Expression scope = call.getScope().get();
        if (call.getArguments().isEmpty() && scope instanceof FieldAccessExpr f && name.equals("name")) {
            return enumConstantName(f);
        }
        if (Types.isTypeName(scope, "java.lang.String") && name.equals("valueOf") && call.getArguments().size() == 1) {
            Object v = fold(call.getArgument(0), depth, lookup);
            return v == null ? characters(call.getArgument(0), depth) : String.valueOf(v); // String.valueOf(chars)
        }
        if (Types.isTypeName(scope, "java.lang.String") && name.equals("copyValueOf") && call.getArguments().size() == 1) {
            return characters(call.getArgument(0), depth);
        }
        Object receiver = fold(scope, depth, lookup);
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
            Object argument = fold(call.getArgument(0), depth, lookup);
            if (argument instanceof Long i) {
                return switch (name) {
                    case "charAt" -> i >= 0 && i < s.length() ? (Object) s.charAt(i.intValue()) : null;
                    case "substring" -> i >= 0 && i <= s.length() ? s.substring(i.intValue()) : null;
                    case "indexOf" -> i <= Character.MAX_VALUE && i >= 0 ? (long) s.indexOf(i.intValue()) : null;
                    case "repeat" -> i >= 0 && i * s.length() <= MAX_FOLDED_LENGTH ? s.repeat(i.intValue()) : null;
                    default -> null;
                };
            }
            if (argument instanceof Character c) {
                return switch (name) {
                    case "indexOf" -> (long) s.indexOf(c);
                    case "lastIndexOf" -> (long) s.lastIndexOf(c);
                    default -> null;
                };
            }
            if (!(argument instanceof String o)) {
                return null;
            }
            return switch (name) {
                case "indexOf" -> (long) s.indexOf(o);
                case "lastIndexOf" -> (long) s.lastIndexOf(o);
                case "concat" -> s + o;
                case "equals", "contentEquals" -> s.equals(o);
                case "equalsIgnoreCase" -> s.equalsIgnoreCase(o);
                case "startsWith" -> s.startsWith(o);
                case "endsWith" -> s.endsWith(o);
                case "contains" -> s.contains(o);
                default -> null;
            };
        }
        if (call.getArguments().size() == 2) {
            Object first = fold(call.getArgument(0), depth, lookup);
            Object second = fold(call.getArgument(1), depth, lookup);
            if (name.equals("substring") && first instanceof Long from && second instanceof Long to) {
                return from >= 0 && from <= to && to <= s.length() ? s.substring(from.intValue(), to.intValue()) : null;
            }
            if (name.equals("indexOf") && first instanceof String o && second instanceof Long from) {
                return (long) s.indexOf(o, (int) Math.max(Math.min(from, Integer.MAX_VALUE), Integer.MIN_VALUE));
            }
            if (name.equals("replace") && first instanceof Character a && second instanceof Character b) {
                return s.replace(a, b);
            }
            if (name.equals("replace") && first instanceof String a && second instanceof String b) {
                return s.length() <= MAX_FOLDED_LENGTH ? s.replace(a, b) : null;
            }
        }
        return null;
    }

    /** A {@code char} in arithmetic is its code ({@code 'a' + 1} is 98), as numeric promotion makes it. */
    private static Object promoted(Object v) {
        return v instanceof Character c ? (Object) (long) c.charValue() : v;
    }

    private static Object unary(UnaryExpr u, int depth, Lookup lookup) {
        Object v = promoted(fold(u.getExpression(), depth, lookup));
        return switch (u.getOperator()) {
            case LOGICAL_COMPLEMENT -> v instanceof Boolean b ? !b : null;
            case MINUS -> v instanceof Long l ? -l : v instanceof Double x ? -x : null;
            case PLUS -> v instanceof Long || v instanceof Double ? v : null;
            default -> null;
        };
    }

    private static Object binary(BinaryExpr b, int depth, Lookup lookup) {
        if (b.getOperator() == BinaryExpr.Operator.PLUS) {
            return sum(b, depth, lookup);
        }
        return arithmetic(b, b.getOperator(), depth, lookup);
    }

    /** Folds a {@code +} chain left to right without recursing per operand: long concatenations are common. */
    private static Object sum(BinaryExpr chain, int depth, Lookup lookup) {
        Object acc = null;
        for (Expression operand : Concatenation.operands(chain)) {
            Object v = fold(operand, depth, lookup);
            if (v == null) {
                return null;
            }
            if (acc == null) {
                acc = v;
            } else if (acc instanceof String || v instanceof String) {
                acc = String.valueOf(acc) + v;
            } else if (promoted(acc) instanceof Long l && promoted(v) instanceof Long r) {
                acc = l + r;
            } else if (acc instanceof Number l && v instanceof Number r) {
                acc = l.doubleValue() + r.doubleValue();
            } else {
                return null;
            }
        }
        return acc;
    }

    private static Object arithmetic(BinaryExpr b, BinaryExpr.Operator op, int depth, Lookup lookup) {
        Object left = fold(b.getLeft(), depth, lookup);
        if (left == null) {
            return null;
        }
        // short-circuit as Java does, so `false && x` is constant whatever x is
        if (op == BinaryExpr.Operator.AND && Boolean.FALSE.equals(left)) return false;
        if (op == BinaryExpr.Operator.OR && Boolean.TRUE.equals(left)) return true;
        Object right = fold(b.getRight(), depth, lookup);
        if (right == null) {
            return null;
        }
        if (op == BinaryExpr.Operator.PLUS && (left instanceof String || right instanceof String)) {
            return String.valueOf(left) + right;
        }
        left = promoted(left);
        right = promoted(right);
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
