package dev.seclens.rules.ast;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What rules and name resolution ask of a whole file, gathered in one walk and kept on the compilation unit:
 * without it every lookup walks the file again, and rules turn quadratic on large files. A unit is
 * analysed by one thread at a time, so the lazily stored index needs no locking.
 */
public final class FileIndex {
    private static final DataKey<FileIndex> KEY = new DataKey<>() {
    };
    private static final Set<UnaryExpr.Operator> INCREMENTS = Set.of(
            UnaryExpr.Operator.PREFIX_INCREMENT, UnaryExpr.Operator.PREFIX_DECREMENT,
            UnaryExpr.Operator.POSTFIX_INCREMENT, UnaryExpr.Operator.POSTFIX_DECREMENT);

    private final List<TypeDeclaration<?>> types = new ArrayList<>();
    private final List<MethodCallExpr> calls = new ArrayList<>();
    private final List<ObjectCreationExpr> creations = new ArrayList<>();
    private final List<VariableDeclarator> variables = new ArrayList<>();
    private final List<AssignExpr> assignments = new ArrayList<>();
    private final List<MethodDeclaration> methods = new ArrayList<>();
    private final List<CatchClause> catches = new ArrayList<>();
    private final List<FieldAccessExpr> fieldAccesses = new ArrayList<>();
    private final List<ConstructorDeclaration> constructors = new ArrayList<>();
    private final List<ClassOrInterfaceType> classTypes = new ArrayList<>();
    private final List<MethodReferenceExpr> methodReferences = new ArrayList<>();
    private final List<AnnotationExpr> annotations = new ArrayList<>();
    private final List<StringLiteralExpr> stringLiterals = new ArrayList<>();
    private final List<Statement> statements = new ArrayList<>();
    private final List<Node> declarations = new ArrayList<>();
    private final Map<String, List<AssignExpr>> assignmentsByTarget = new HashMap<>();
    private final Map<String, List<UnaryExpr>> incrementsByTarget = new HashMap<>();
    private final Map<String, List<NameExpr>> namesByIdentifier = new HashMap<>();
    private final Map<String, List<MethodCallExpr>> callsByName = new HashMap<>();

    private FileIndex(CompilationUnit unit) {
        unit.walk(node -> {
            if (node instanceof MethodCallExpr call) {
                calls.add(call);
                callsByName.computeIfAbsent(call.getNameAsString(), k -> new ArrayList<>()).add(call);
            } else if (node instanceof ObjectCreationExpr creation) {
                creations.add(creation);
            } else if (node instanceof VariableDeclarator variable) {
                variables.add(variable);
            } else if (node instanceof MethodDeclaration method) {
                methods.add(method);
            } else if (node instanceof TypeDeclaration<?> type) {
                types.add(type);
            } else if (node instanceof AssignExpr assign) {
                assignments.add(assign);
                targetName(assign.getTarget()).ifPresent(n ->
                        assignmentsByTarget.computeIfAbsent(n, k -> new ArrayList<>()).add(assign));
            } else if (node instanceof UnaryExpr unary && INCREMENTS.contains(unary.getOperator())) {
                targetName(unary.getExpression()).ifPresent(n ->
                        incrementsByTarget.computeIfAbsent(n, k -> new ArrayList<>()).add(unary));
            } else if (node instanceof NameExpr name) {
                namesByIdentifier.computeIfAbsent(name.getNameAsString(), k -> new ArrayList<>()).add(name);
            } else if (node instanceof CatchClause clause) {
                catches.add(clause);
            } else if (node instanceof FieldAccessExpr access) {
                fieldAccesses.add(access);
            } else if (node instanceof ConstructorDeclaration constructor) {
                constructors.add(constructor);
            } else if (node instanceof ClassOrInterfaceType type) {
                classTypes.add(type);
            } else if (node instanceof MethodReferenceExpr reference) {
                methodReferences.add(reference);
            } else if (node instanceof AnnotationExpr annotation) {
                annotations.add(annotation);
            } else if (node instanceof StringLiteralExpr literal) {
                stringLiterals.add(literal);
            } else if (node instanceof Statement statement && !(node instanceof BlockStmt)) {
                statements.add(statement);
            }
            if (node instanceof CallableDeclaration<?> || node instanceof InitializerDeclaration
                    || node instanceof FieldDeclaration || node instanceof TypeDeclaration<?>
                    || node instanceof EnumConstantDeclaration) {
                declarations.add(node);
            }
        });
    }

    /** The index of the file {@code node} belongs to; empty for a node outside any compilation unit. */
    public static Optional<FileIndex> of(Node node) {
        return node.findCompilationUnit().map(unit -> {
            if (!unit.containsData(KEY)) {
                unit.setData(KEY, new FileIndex(unit));
            }
            return unit.getData(KEY);
        });
    }

    private static Optional<String> targetName(Expression target) {
        if (target instanceof NameExpr n) return Optional.of(n.getNameAsString());
        if (target instanceof FieldAccessExpr f) return Optional.of(f.getNameAsString());
        return Optional.empty();
    }

    /** Every method call in the file, in source order. */
    public List<MethodCallExpr> calls() {
        return calls;
    }

    /** The method calls named {@code name} (any scope, any arguments), in source order. */
    public List<MethodCallExpr> calls(String name) {
        return callsByName.getOrDefault(name, List.of());
    }

    /** Every {@code new} of a class (not of an array), in source order. */
    public List<ObjectCreationExpr> creations() {
        return creations;
    }

    /** Every variable declarator: locals, fields, resources, loop variables. */
    public List<VariableDeclarator> variables() {
        return variables;
    }

    public List<AssignExpr> assignments() {
        return assignments;
    }

    public List<MethodDeclaration> methods() {
        return methods;
    }

    /** Every catch clause, in source order. */
    public List<CatchClause> catches() {
        return catches;
    }

    /** Every {@code a.b} expression (a qualified name in an import or a type is not one), in source order. */
    public List<FieldAccessExpr> fieldAccesses() {
        return fieldAccesses;
    }

    /** Every constructor declared in the file, nested classes' too, in source order. */
    public List<ConstructorDeclaration> constructors() {
        return constructors;
    }

    /** Every class or interface type written in the file (declarations, casts, {@code new}, type arguments), in source order. */
    public List<ClassOrInterfaceType> classTypes() {
        return classTypes;
    }

    /** Every method reference ({@code Foo::bar}), in source order. */
    public List<MethodReferenceExpr> methodReferences() {
        return methodReferences;
    }

    /** Every annotation, in source order. */
    public List<AnnotationExpr> annotations() {
        return annotations;
    }

    /** Every string literal (text blocks are not), in source order. */
    public List<StringLiteralExpr> stringLiterals() {
        return stringLiterals;
    }

    /** Every statement but blocks, in pre-order: a later one may be nested in an earlier one. */
    public List<Statement> statements() {
        return statements;
    }

    /**
     * Every declaration that names what it holds (methods, constructors, initializers, fields,
     * types, enum constants), in pre-order: a later one may be nested in an earlier one.
     */
    public List<Node> declarations() {
        return declarations;
    }

    /** Every class, interface, enum, record and annotation declared in the file, nested ones too. */
    public List<TypeDeclaration<?>> types() {
        return types;
    }

    public Optional<TypeDeclaration<?>> type(String simpleName) {
        return types.stream().filter(t -> t.getNameAsString().equals(simpleName)).findFirst();
    }

    public Optional<EnumDeclaration> enumType(String simpleName) {
        return types.stream().filter(t -> t instanceof EnumDeclaration && t.getNameAsString().equals(simpleName))
                .map(t -> (EnumDeclaration) t).findFirst();
    }

    /** Assignments whose target is {@code name} or {@code something.name}. */
    public List<AssignExpr> assignmentsTo(String name) {
        return assignmentsByTarget.getOrDefault(name, List.of());
    }

    /** {@code ++} and {@code --} applied to {@code name} or {@code something.name}. */
    public List<UnaryExpr> incrementsOf(String name) {
        return incrementsByTarget.getOrDefault(name, List.of());
    }

    /** Every plain use of the identifier. */
    public List<NameExpr> names(String identifier) {
        return namesByIdentifier.getOrDefault(identifier, List.of());
    }

    /** Every plain name in the file, grouped by identifier (in no particular order of identifiers). */
    public Map<String, List<NameExpr>> namesByIdentifier() {
        return java.util.Collections.unmodifiableMap(namesByIdentifier);
    }
}
