package dev.seclens.rules.ast;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.TryStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Name resolution within one file, without a symbol solver: finds the local, parameter or field a
 * simple name refers to by walking the enclosing scopes, and the assignments made to it.
 */
public final class Declarations {
    private static final java.util.Set<UnaryExpr.Operator> INCREMENTS = java.util.EnumSet.of(
            UnaryExpr.Operator.PREFIX_INCREMENT, UnaryExpr.Operator.PREFIX_DECREMENT,
            UnaryExpr.Operator.POSTFIX_INCREMENT, UnaryExpr.Operator.POSTFIX_DECREMENT);

    private static final DataKey<Map<String, Declaration>> FIELDS = new DataKey<>() {
    };

    private Declarations() {
    }

    /** The declaration {@code name} refers to, or empty when it is not declared in this file. */
    public static Optional<Declaration> of(NameExpr name) {
        return find(name, name.getNameAsString());
    }

    /** Resolves a plain name, or {@code this.name}, to its declaration. */
    public static Optional<Declaration> of(Expression expression) {
        if (expression instanceof NameExpr n) {
            return of(n);
        }
        if (expression instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
            return f.findAncestor(TypeDeclaration.class).flatMap(t -> field(t, f.getNameAsString()));
        }
        return Optional.empty();
    }

    /** Finds what {@code identifier} means at {@code use}. */
    public static Optional<Declaration> find(Node use, String identifier) {
        Node child = use;
        for (Node scope = use.getParentNode().orElse(null); scope != null;
             child = scope, scope = scope.getParentNode().orElse(null)) {
            Optional<Declaration> found = declaredIn(scope, child, identifier);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Declaration> declaredIn(Node scope, Node child, String id) {
        if (scope instanceof BlockStmt block) {
            return localsBefore(block.getStatements(), child, id, block);
        }
        if (scope instanceof SwitchEntry entry) {
            return localsBefore(entry.getStatements(), child, id, entry);
        }
        if (scope instanceof ForStmt loop) {
            for (Expression init : loop.getInitialization()) {
                if (init instanceof VariableDeclarationExpr v) {
                    Optional<Declaration> d = local(v, id, loop);
                    if (d.isPresent()) return d;
                }
            }
        } else if (scope instanceof ForEachStmt loop) {
            return local(loop.getVariable(), id, loop);
        } else if (scope instanceof TryStmt t) {
            for (Expression r : t.getResources()) {
                if (r instanceof VariableDeclarationExpr v) {
                    Optional<Declaration> d = local(v, id, t);
                    if (d.isPresent()) return d;
                }
            }
        } else if (scope instanceof CatchClause c) {
            return parameter(c.getParameter(), id, c);
        } else if (scope instanceof LambdaExpr lambda) {
            for (Parameter p : lambda.getParameters()) {
                Optional<Declaration> d = parameter(p, id, lambda);
                if (d.isPresent()) return d;
            }
        } else if (scope instanceof CallableDeclaration<?> callable) {
            for (Parameter p : callable.getParameters()) {
                Optional<Declaration> d = parameter(p, id, callable);
                if (d.isPresent()) return d;
            }
        } else if (scope instanceof TypeDeclaration<?> type) {
            return field(type, id);
        }
        return Optional.empty();
    }

    private static Optional<Declaration> localsBefore(NodeList<Statement> statements, Node child, String id, Node scope) {
        Optional<Declaration> found = Optional.empty();
        for (Statement s : statements) {
            if (s == child) {
                // a declaration statement's own initializer cannot see later ones, but sees itself
                if (s instanceof ExpressionStmt es && es.getExpression() instanceof VariableDeclarationExpr v) {
                    Optional<Declaration> d = local(v, id, scope);
                    if (d.isPresent()) return d;
                }
                break;
            }
            if (s instanceof ExpressionStmt es && es.getExpression() instanceof VariableDeclarationExpr v) {
                Optional<Declaration> d = local(v, id, scope);
                if (d.isPresent()) found = d;
            }
        }
        return found;
    }

    private static Optional<Declaration> local(VariableDeclarationExpr v, String id, Node scope) {
        for (VariableDeclarator d : v.getVariables()) {
            if (d.getNameAsString().equals(id)) {
                return Optional.of(new Declaration(Declaration.Kind.LOCAL, id, d, d.getType(), d.getInitializer(),
                        v.isFinal(), scope));
            }
        }
        return Optional.empty();
    }

    private static Optional<Declaration> parameter(Parameter p, String id, Node scope) {
        if (!p.getNameAsString().equals(id)) {
            return Optional.empty();
        }
        return Optional.of(new Declaration(Declaration.Kind.PARAMETER, id, p, p.getType(), Optional.empty(),
                p.isFinal(), scope));
    }

    /** A field declared directly in {@code type} (record components count as final fields). */
    public static Optional<Declaration> field(TypeDeclaration<?> type, String id) {
        if (!type.containsData(FIELDS)) {
            type.setData(FIELDS, fieldsOf(type)); // looked up for every name of every method: once per type
        }
        return Optional.ofNullable(type.getData(FIELDS).get(id));
    }

    private static Map<String, Declaration> fieldsOf(TypeDeclaration<?> type) {
        Map<String, Declaration> fields = new HashMap<>();
        for (FieldDeclaration f : type.getFields()) {
            for (VariableDeclarator d : f.getVariables()) {
                fields.putIfAbsent(d.getNameAsString(), new Declaration(Declaration.Kind.FIELD, d.getNameAsString(), d,
                        d.getType(), d.getInitializer(), f.isFinal() || isInterface(type), type));
            }
        }
        if (type instanceof RecordDeclaration record) {
            for (Parameter p : record.getParameters()) {
                fields.putIfAbsent(p.getNameAsString(), new Declaration(Declaration.Kind.FIELD, p.getNameAsString(), p,
                        p.getType(), Optional.empty(), true, type));
            }
        }
        return fields;
    }

    private static boolean isInterface(TypeDeclaration<?> type) {
        return type instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration c && c.isInterface();
    }

    /** Every expression assigned to the declared variable after its declaration ({@code =}, {@code +=}, ...). */
    public static List<AssignExpr> assignments(Declaration declaration) {
        List<AssignExpr> result = new ArrayList<>();
        for (AssignExpr assign : candidates(declaration, FileIndex::assignmentsTo, AssignExpr.class)) {
            if (assign.isDescendantOf(declaration.scope()) && refersTo(assign.getTarget(), declaration)) {
                result.add(assign);
            }
        }
        return result;
    }

    /** Every plain-name use of the declared variable (reads and writes) within its scope. */
    public static List<NameExpr> uses(Declaration declaration) {
        List<NameExpr> result = new ArrayList<>();
        for (NameExpr name : candidates(declaration, FileIndex::names, NameExpr.class)) {
            if (name.isDescendantOf(declaration.scope()) && refersTo(name, declaration)) {
                result.add(name);
            }
        }
        return result;
    }

    private static <T extends Node> List<T> candidates(Declaration declaration,
            java.util.function.BiFunction<FileIndex, String, List<T>> lookup, Class<T> type) {
        return FileIndex.of(declaration.scope())
                .map(index -> lookup.apply(index, declaration.name()))
                .orElseGet(() -> declaration.scope().findAll(type));
    }

    /** Whether the variable is ever changed after its declaration (assignment, {@code ++}, {@code --}). */
    public static boolean isReassigned(Declaration declaration) {
        if (!assignments(declaration).isEmpty()) {
            return true;
        }
        for (UnaryExpr u : candidates(declaration, FileIndex::incrementsOf, UnaryExpr.class)) {
            if (INCREMENTS.contains(u.getOperator()) && u.isDescendantOf(declaration.scope())
                    && refersTo(u.getExpression(), declaration)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code expression} is a use of exactly this declaration. */
    public static boolean refersTo(Expression expression, Declaration declaration) {
        if (expression instanceof NameExpr n && n.getNameAsString().equals(declaration.name())) {
            return of(n).map(d -> d.node() == declaration.node()).orElse(false);
        }
        if (expression instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr
                && f.getNameAsString().equals(declaration.name())) {
            return declaration.kind() == Declaration.Kind.FIELD;
        }
        return false;
    }
}
