package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a call on the object a method runs on ({@code setDate(x)}, {@code this.reset()}) does to
 * the fields that method has assigned, so that those stay strongly updated across such calls
 * where the callee's code shows what it assigns: a plain setter assigns its field, another method
 * of the same class the fields its body assigns; anything else may assign any field.
 */
final class ThisObjectCalls {
    private ThisObjectCalls() {
    }

    /** A method whose whole body stores one of its parameters in a field of its object: {@code this.date = date;}. */
    record PlainSetter(String field, int parameter, Optional<Declaration> declaration) {
    }

    /**
     * Whether {@code call} runs on the object {@code method} runs on, from {@code method}'s own
     * body: not from a lambda or a class declared inside it, whose code may run at another time.
     */
    static boolean onThisObject(MethodCallExpr call, CallableDeclaration<?> method) {
        if (method.isStatic() || call.getScope().filter(s -> !(s instanceof ThisExpr)).isPresent()) {
            return false;
        }
        for (Node n = call.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n == method) return true;
            if (n instanceof LambdaExpr || n instanceof CallableDeclaration<?>
                    || n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                return false;
            }
        }
        return false;
    }

    /** The method of {@code method}'s own class that {@code summary} describes, when it is declared in this file. */
    static Optional<MethodDeclaration> sameClass(CallableDeclaration<?> method, MethodSummary summary, String path) {
        if (summary.isStatic() || !summary.file().equals(path)) {
            return Optional.empty();
        }
        return method.getParentNode().stream()
                .flatMap(type -> type.getChildNodes().stream())
                .filter(n -> n instanceof MethodDeclaration d && d.getNameAsString().equals(summary.name())
                        && d.getParameters().size() == summary.arity()
                        && d.getName().getBegin().map(b -> b.line).orElse(-1) == summary.line())
                .map(n -> (MethodDeclaration) n)
                .findFirst();
    }

    static Optional<PlainSetter> plainSetter(MethodDeclaration m) {
        List<Statement> body = m.getBody().map(b -> b.getStatements()).orElse(null);
        if (body == null || body.size() != 1 || !(body.get(0) instanceof ExpressionStmt s)
                || !(s.getExpression() instanceof AssignExpr a) || a.getOperator() != AssignExpr.Operator.ASSIGN
                || !(a.getValue() instanceof NameExpr value)) {
            return Optional.empty();
        }
        Optional<String> field = ownField(a.getTarget());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < m.getParameters().size(); i++) {
            var parameter = m.getParameter(i);
            if (Declarations.of(value).map(d -> d.node() == parameter).orElse(false)) {
                return Optional.of(new PlainSetter(field.get(), i, Declarations.of(a.getTarget())));
            }
        }
        return Optional.empty();
    }

    /**
     * The fields of its object {@code m}'s body may change, or empty when it may change any (it
     * calls other methods of its object, whose code is not read here). A field it only returns
     * ({@code return date;}) is read, not changed; any other mention may assign it, or change the
     * object it holds ({@code items.add(x)}, {@code fill(items)}).
     */
    static Optional<Set<String>> changedFields(MethodDeclaration m) {
        if (m.findAll(MethodCallExpr.class).stream()
                .anyMatch(c -> c.getScope().isEmpty() || c.getScope().get() instanceof ThisExpr)) {
            return Optional.empty();
        }
        Set<String> changed = new HashSet<>();
        for (Expression e : m.findAll(Expression.class)) {
            if (e.getParentNode().filter(p -> p instanceof ReturnStmt).isPresent()) continue;
            ownField(e).ifPresent(changed::add);
        }
        return Optional.of(changed);
    }

    /** The field of this object {@code e} names: {@code this.f}, or {@code f} declared as a field. */
    private static Optional<String> ownField(Expression target) {
        if (target instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
            return Optional.of(f.getNameAsString());
        }
        if (target instanceof NameExpr n && Declarations.of(n).map(d -> d.kind() == Declaration.Kind.FIELD).orElse(false)) {
            return Optional.of(n.getNameAsString());
        }
        return Optional.empty();
    }
}
