package dev.seclens.rules.ast;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.Optional;

/**
 * A path cut down to its last element by hand: {@code name.substring(name.lastIndexOf('/') + 1)},
 * also through a local ({@code int i = name.lastIndexOf('/'); name.substring(i + 1)}). Like
 * {@code FilenameUtils.getName}, what is left names no directory to climb out of (with '/' as the
 * separator; a backslash is a separator on Windows only).
 */
public final class PathSegments {
    private PathSegments() {
    }

    public static boolean keepsLastSegment(MethodCallExpr call) {
        if (!call.getNameAsString().equals("substring") || call.getArguments().size() != 1 || call.getScope().isEmpty()
                || !(call.getArgument(0) instanceof BinaryExpr plus) || plus.getOperator() != BinaryExpr.Operator.PLUS
                || !Constants.value(plus.getRight()).filter(v -> v instanceof Long l && l == 1L).isPresent()) {
            return false;
        }
        String text = Code.of(call.getScope().get());
        Expression index = plus.getLeft();
        if (index instanceof NameExpr) {
            Optional<Declaration> d = Declarations.of(index).filter(x -> x.kind() == Declaration.Kind.LOCAL
                    && !Declarations.isReassigned(x));
            index = d.flatMap(Declaration::initializer).orElse(index);
        }
        return index instanceof MethodCallExpr last && last.getNameAsString().equals("lastIndexOf")
                && last.getArguments().size() == 1 && last.getScope().filter(s -> Code.of(s).equals(text)).isPresent()
                && isSlash(last.getArgument(0));
    }

    private static boolean isSlash(Expression e) {
        return e instanceof CharLiteralExpr c ? c.asChar() == '/' : Constants.string(e).filter("/"::equals).isPresent();
    }
}
