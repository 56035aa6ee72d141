package dev.seclens.rules.taint;

import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The code a functional value runs, where the source shows it: a lambda, a method reference or an
 * anonymous class, written in place or held by a local or field that is never assigned anything
 * else, or by a field that its class's constructor alone assigns, once. {@code query.apply(name)}
 * then runs the lambda {@code query} was initialised with, on {@code name}, instead of being an
 * unknown library call.
 */
final class Functionals {
    /**
     * Methods every functional interface inherits or adds as defaults: calling them does not run the
     * function ({@code f.andThen(g)} makes another function, {@code f.equals(g)} compares).
     */
    static final Set<String> NOT_INVOCATIONS = Set.of("andThen", "compose", "negate", "and", "or",
            "equals", "hashCode", "toString", "getClass", "identity", "reversed", "thenComparing", "wait", "notify",
            "notifyAll");
    /** Following a name to its initializer stops here: {@code a = b; b = c; ...} chains are short in real code. */
    private static final int MAX_HOPS = 4;

    private Functionals() {
    }

    /** The lambda, method reference or anonymous class {@code e} denotes, following effectively final variables. */
    static Optional<Expression> of(Expression e) {
        Expression current = e;
        for (int hop = 0; hop <= MAX_HOPS; hop++) {
            if (current instanceof LambdaExpr || current instanceof MethodReferenceExpr) {
                return Optional.of(current);
            }
            if (current instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                return Optional.of(current);
            }
            if (current instanceof EnclosedExpr p) {
                current = p.getInner();
                continue;
            }
            if (current instanceof CastExpr c) {
                current = c.getExpression();
                continue;
            }
            if (!(current instanceof NameExpr || current instanceof FieldAccessExpr)) {
                return Optional.empty();
            }
            Optional<Declaration> d = Declarations.of(current);
            if (d.isEmpty() || d.get().kind() == Declaration.Kind.PARAMETER) {
                return Optional.empty();
            }
            if (d.get().initializer().isEmpty()) {
                Optional<Expression> assigned = soleConstructorAssignment(d.get());
                if (assigned.isEmpty()) {
                    return Optional.empty();
                }
                current = assigned.get();
                continue;
            }
            Expression initializer = d.get().initializer().get();
            // checked before the (costlier) search for assignments: most variables hold no function
            if (!couldBeFunction(initializer) || Declarations.isReassigned(d.get())) {
                return Optional.empty();
            }
            current = initializer;
        }
        return Optional.empty();
    }

    /**
     * What a field declared without an initializer holds when its class's constructor is the one
     * place that assigns it ({@code this.format = s -> "'" + s + "'";}): a function set up once and
     * run by the other methods. A field assigned anywhere else, or twice, may hold another function.
     */
    private static Optional<Expression> soleConstructorAssignment(Declaration field) {
        if (field.kind() != Declaration.Kind.FIELD) {
            return Optional.empty();
        }
        List<AssignExpr> assignments = Declarations.assignments(field);
        if (assignments.size() != 1 || assignments.get(0).getOperator() != AssignExpr.Operator.ASSIGN) {
            return Optional.empty();
        }
        AssignExpr assignment = assignments.get(0);
        Optional<ConstructorDeclaration> constructor = assignment.findAncestor(ConstructorDeclaration.class);
        boolean inOwnConstructor = constructor.isPresent()
                && constructor.get().getParentNode().filter(type -> type == field.scope()).isPresent()
                && assignment.findAncestor(LambdaExpr.class).filter(l -> l.isDescendantOf(constructor.get())).isEmpty();
        return inOwnConstructor && couldBeFunction(assignment.getValue()) ? Optional.of(assignment.getValue())
                : Optional.empty();
    }

    /** Whether {@code e} is, or may lead to, a function written in place (a conditional is one of two: not one the source shows). */
    private static boolean couldBeFunction(Expression e) {
        return e instanceof LambdaExpr || e instanceof MethodReferenceExpr || e instanceof EnclosedExpr
                || e instanceof CastExpr || e instanceof NameExpr || e instanceof FieldAccessExpr
                || e instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent();
    }

    /** Whether calling {@code name} on a functional value runs it (its single abstract method, whatever its name). */
    static boolean invokes(Expression function, String name, int arity) {
        if (NOT_INVOCATIONS.contains(name)) {
            return false;
        }
        if (function instanceof ObjectCreationExpr o) {
            return method(o, name, arity).isPresent();
        }
        return true;
    }

    /** The method {@code name} with {@code arity} parameters declared in an anonymous class body. */
    static Optional<MethodDeclaration> method(ObjectCreationExpr anonymous, String name, int arity) {
        for (BodyDeclaration<?> member : anonymous.getAnonymousClassBody().orElseThrow()) {
            if (member instanceof MethodDeclaration m && m.getNameAsString().equals(name)
                    && m.getParameters().size() == arity && m.getBody().isPresent()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
