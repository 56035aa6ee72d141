package dev.seclens.rules.ast;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.ReferenceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An object followed from where it is created to where it is used: the local or private field that
 * holds it, the calls made on it, and whether a configuration call surely ran before a use. An
 * instance handed to another method, returned, or copied to another variable may be configured out
 * of sight, so rules leave it alone ({@link #escapes}).
 */
public final class Instances {
    private Instances() {
    }

    /** The local or field that {@code created} initializes or is assigned to, through casts and parentheses. */
    public static Optional<Declaration> holder(Expression created) {
        Node child = created;
        Node parent = created.getParentNode().orElse(null);
        while (parent instanceof EnclosedExpr || parent instanceof CastExpr) {
            child = parent;
            parent = parent.getParentNode().orElse(null);
        }
        Node value = child;
        if (parent instanceof VariableDeclarator v && v.getInitializer().filter(i -> i == value).isPresent()) {
            return Declarations.find(v.getName(), v.getNameAsString())
                    .filter(d -> d.node() == v);
        }
        if (parent instanceof AssignExpr a && a.getValue() == child && a.getOperator() == AssignExpr.Operator.ASSIGN) {
            return Declarations.of(a.getTarget());
        }
        return Optional.empty();
    }

    /** Whether the held value only ever comes from {@code created}: no other assignment replaces it. */
    public static boolean onlyHolds(Declaration holder, Expression created) {
        for (AssignExpr assign : Declarations.assignments(holder)) {
            if (!created.isDescendantOf(assign)) {
                return false;
            }
        }
        return true;
    }

    /** A field that code outside this file could reach and configure. */
    public static boolean isVisibleField(Declaration holder) {
        return holder.kind() == Declaration.Kind.FIELD && holder.node().getParentNode()
                .filter(p -> p instanceof FieldDeclaration f && f.isPrivate()).isEmpty();
    }

    /** Every call made directly on the held value ({@code x.m(...)} or {@code this.x.m(...)}), in source order. */
    public static List<MethodCallExpr> callsOn(Declaration holder) {
        List<MethodCallExpr> calls = new ArrayList<>();
        for (NameExpr use : Declarations.uses(holder)) {
            use.getParentNode().filter(p -> p instanceof MethodCallExpr m && m.getScope().orElse(null) == use)
                    .ifPresent(p -> calls.add((MethodCallExpr) p));
        }
        if (holder.kind() == Declaration.Kind.FIELD) {
            for (FieldAccessExpr use : holder.scope().findAll(FieldAccessExpr.class,
                    f -> f.getScope() instanceof ThisExpr && f.getNameAsString().equals(holder.name()))) {
                use.getParentNode().filter(p -> p instanceof MethodCallExpr m && m.getScope().orElse(null) == use)
                        .ifPresent(p -> calls.add((MethodCallExpr) p));
            }
        }
        calls.sort(Comparator.comparing(c -> c.getBegin().orElseThrow()));
        return calls;
    }

    /**
     * Whether the held value leaves what this file shows: passed as an argument, returned, thrown,
     * or copied into another variable.
     */
    public static boolean escapes(Declaration holder) {
        for (NameExpr use : Declarations.uses(holder)) {
            Node parent = use.getParentNode().orElse(null);
            while (parent instanceof EnclosedExpr || parent instanceof CastExpr) {
                parent = parent.getParentNode().orElse(null);
            }
            boolean argument = parent instanceof MethodCallExpr m && m.getScope().orElse(null) != use
                    || parent instanceof ObjectCreationExpr;
            boolean copied = parent instanceof VariableDeclarator
                    || parent instanceof AssignExpr a && a.getValue() == use || parent instanceof LambdaExpr;
            if (argument || copied || parent instanceof ReturnStmt || parent instanceof ThrowStmt) {
                return true;
            }
        }
        return false;
    }

    public static boolean isBefore(Node a, Node b) {
        return a.getBegin().isPresent() && b.getBegin().isPresent() && a.getBegin().get().isBefore(b.getBegin().get());
    }

    /**
     * Whether {@code call}, a statement of its own written before {@code use}, runs on every path that
     * reaches it: the statement's block encloses the use, or the statement is alone in a try block
     * whose every catch ends by throwing or returning.
     */
    public static boolean runsBefore(MethodCallExpr call, Node use) {
        if (!isBefore(call, use)) {
            return false;
        }
        Node statement = call.getParentNode().filter(p -> p instanceof ExpressionStmt).orElse(null);
        while (statement != null) {
            Node block = statement.getParentNode().orElse(null);
            if (!(block instanceof BlockStmt)) {
                return false;
            }
            if (use.isDescendantOf(block)) {
                return true;
            }
            statement = block.getParentNode()
                    .filter(t -> t instanceof TryStmt tryStmt && tryStmt.getTryBlock() == block
                            && tryStmt.getCatchClauses().stream().allMatch(Instances::endsAbruptly))
                    .orElse(null);
        }
        return false;
    }

    private static boolean endsAbruptly(CatchClause clause) {
        List<Statement> statements = clause.getBody().getStatements();
        return !statements.isEmpty() && (statements.get(statements.size() - 1) instanceof ThrowStmt
                || statements.get(statements.size() - 1) instanceof ReturnStmt);
    }

    /**
     * Whether a checked exception thrown at {@code at} is caught around it or declared by the enclosing
     * method; {@code accepted} holds the exception's simple name and those of its supertypes. Inside a
     * lambda or an initializer nothing is known, so the answer is no.
     */
    public static boolean isHandled(Node at, Set<String> accepted) {
        Node child = at;
        for (Node n = at.getParentNode().orElse(null); n != null; child = n, n = n.getParentNode().orElse(null)) {
            if (n instanceof TryStmt t && t.getTryBlock() == child) {
                for (CatchClause c : t.getCatchClauses()) {
                    for (ReferenceType caught : caughtTypes(c)) {
                        if (accepted.contains(Types.simpleName(caught))) return true;
                    }
                }
            }
            if (n instanceof LambdaExpr) {
                return false;
            }
            if (n instanceof CallableDeclaration<?> callable) {
                return callable.getThrownExceptions().stream().anyMatch(t -> accepted.contains(Types.simpleName(t)));
            }
        }
        return false;
    }

    /** The types a catch clause names: one, or each alternative of a multi-catch. */
    public static List<ReferenceType> caughtTypes(CatchClause clause) {
        if (clause.getParameter().getType() instanceof com.github.javaparser.ast.type.UnionType union) {
            return union.getElements();
        }
        return clause.getParameter().getType() instanceof ClassOrInterfaceType c ? List.of(c) : List.of();
    }
}
