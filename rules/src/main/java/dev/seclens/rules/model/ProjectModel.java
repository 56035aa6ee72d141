package dev.seclens.rules.model;

import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.Set;

/**
 * What the scanned code declares beyond the file a rule is looking at, as AST rules need it
 * ({@code RuleContext#service}): the declared types a project method returns, so that
 * {@code cnxn.getSessionId()} declared {@code long} in another file is known to be a number.
 */
public interface ProjectModel {
    /** A model that knows nothing beyond the file. */
    ProjectModel NONE = call -> Set.of();

    /**
     * The declared return types of the scanned code's methods {@code call} may run (its receiver's
     * class, the classes it inherits from, and their overrides): primitives as written
     * ({@code long}), classes fully qualified. Empty when the receiver's type is not known here or
     * no such method is declared in the scanned code.
     */
    Set<String> returnTypes(MethodCallExpr call);

    /**
     * The declared type, fully qualified, of a field that {@code name} reads and that a class of
     * another file declares: one the enclosing classes inherit ({@code currentToken} of a parser's
     * base class). Empty when no such field is known.
     */
    default java.util.Optional<String> inheritedFieldType(com.github.javaparser.ast.expr.NameExpr name) {
        return java.util.Optional.empty();
    }
}
