package dev.seclens.rules.ast;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Byte arrays whose content is written in the code: {@code {1, 2, 3}}, {@code new byte[16]} never
 * filled, {@code "text".getBytes()}, a Base64 or hex decoding of a constant, and variables that
 * hold one of these and are never refilled (passed to a method, which may fill them, or written
 * element by element). Anything else is empty.
 */
public final class ConstantBytes {
    private static final int MAX_HOPS = 8;
    private static final String ALL_ZERO = "an all-zero array";
    private static final Set<String> DECODERS = Set.of("decode", "decodeBase64", "decodeHex", "parseHex",
            "parseHexBinary", "parseBase64Binary");

    /** What the constant array is, and the variables it was followed through (outermost first). */
    public record Fixed(String what, List<Declaration> via) {
        /** A {@code new byte[n]} never filled: a placeholder or a protocol's zero value more often than a key. */
        public boolean allZero() {
            return what.equals(ALL_ZERO);
        }

        /** As messages say it: {@code `IV` (line 8), a byte array literal}. */
        public String describe() {
            if (via.isEmpty()) {
                return what;
            }
            Declaration first = via.get(0);
            return "`" + first.name() + "` (line " + first.node().getBegin().map(p -> p.line).orElse(0) + "), " + what;
        }
    }

    private ConstantBytes() {
    }

    public static Optional<Fixed> of(Expression expression) {
        List<Declaration> via = new ArrayList<>();
        return content(expression, via, 0).map(what -> new Fixed(what, List.copyOf(via)));
    }

    private static Optional<String> content(Expression e, List<Declaration> via, int hops) {
        if (hops > MAX_HOPS) {
            return Optional.empty();
        }
        if (e instanceof EnclosedExpr p) return content(p.getInner(), via, hops + 1);
        if (e instanceof CastExpr c) return content(c.getExpression(), via, hops + 1);
        if (e instanceof ArrayInitializerExpr init) {
            return init.getValues().stream().allMatch(Constants::isConstant)
                    ? Optional.of("a byte array literal") : Optional.empty();
        }
        if (e instanceof ArrayCreationExpr creation) {
            if (creation.getInitializer().isPresent()) {
                return content(creation.getInitializer().get(), via, hops + 1);
            }
            return creation.getLevels().size() == 1 ? Optional.of(ALL_ZERO) : Optional.empty();
        }
        if (e instanceof MethodCallExpr call) {
            return call(call);
        }
        if (e instanceof NameExpr) {
            Optional<Declaration> declaration = Declarations.of(e)
                    .filter(d -> d.kind() != Declaration.Kind.PARAMETER)
                    .filter(d -> d.isFinal() || !Declarations.isReassigned(d))
                    .filter(d -> d.initializer().isPresent() && !refilled(d));
            if (declaration.isEmpty()) {
                return Optional.empty();
            }
            via.add(declaration.get());
            return content(declaration.get().initializer().get(), via, hops + 1);
        }
        return Optional.empty();
    }

    /** {@code "text".getBytes(...)} and decoders of a constant string. */
    private static Optional<String> call(MethodCallExpr call) {
        String name = call.getNameAsString();
        if (name.equals("getBytes") && call.getScope().isPresent()) {
            return Constants.string(call.getScope().get()).map(s -> "the bytes of the constant \"" + Code.masked(s) + "\"");
        }
        if (DECODERS.contains(name) && call.getArguments().size() == 1 && call.getScope().isPresent()) {
            String scope = Code.of(call.getScope().get());
            Expression argument = call.getArgument(0);
            if (argument instanceof MethodCallExpr m && m.getNameAsString().equals("toCharArray") && m.getScope().isPresent()) {
                argument = m.getScope().get();
            }
            if (scope.contains("Base64") || scope.contains("Hex") || scope.contains("Decoder")
                    || scope.contains("DatatypeConverter")) {
                return Constants.string(argument).map(s -> "bytes decoded from the constant \"" + Code.masked(s) + "\"");
            }
        }
        return Optional.empty();
    }

    /** Whether the array may be filled after it is made: handed to a method, or written element by element. */
    private static boolean refilled(Declaration declaration) {
        for (NameExpr use : Declarations.uses(declaration)) {
            Node parent = use.getParentNode().orElse(null);
            if (parent instanceof MethodCallExpr call && call.getArguments().contains(use)) {
                return true;
            }
            if (parent instanceof ArrayAccessExpr access && access.getName() == use
                    && access.getParentNode().orElse(null) instanceof AssignExpr assign && assign.getTarget() == access) {
                return true;
            }
        }
        return false;
    }
}
