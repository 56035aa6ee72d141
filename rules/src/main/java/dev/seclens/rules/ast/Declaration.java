package dev.seclens.rules.ast;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.type.Type;
import java.util.Optional;

/**
 * Where a name is declared: a local variable, a parameter (of a method, lambda or catch) or a field.
 * {@code scope} is the node the name is visible in: the block for a local, the method or lambda
 * for a parameter, the type declaration for a field.
 */
public record Declaration(Kind kind, String name, Node node, Type type, Optional<Expression> initializer,
                          boolean isFinal, Node scope) {

    public enum Kind { LOCAL, PARAMETER, FIELD }

    /** The declared type's simple name, without type arguments or array brackets. */
    public String typeName() {
        return Types.simpleName(type);
    }
}
