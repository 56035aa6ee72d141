package dev.seclens.rules.ast;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The operands of a {@code +} chain in source order, gathered with an explicit stack: a query of
 * thousands of concatenated pieces must not cost a stack frame per piece.
 */
public final class Concatenation {
    private Concatenation() {
    }

    public static List<Expression> operands(BinaryExpr chain) {
        List<Expression> operands = new ArrayList<>();
        Deque<Expression> pending = new ArrayDeque<>();
        pending.push(chain);
        while (!pending.isEmpty()) {
            Expression e = pending.pop();
            if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
                pending.push(b.getRight());
                pending.push(b.getLeft());
            } else {
                operands.add(e);
            }
        }
        return operands;
    }
}
