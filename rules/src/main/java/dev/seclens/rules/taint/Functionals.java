package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithTypeParameters;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.WildcardType;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Map;
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

    /** The {@code java.util.function} interfaces: per parameter of the function, the type argument that is its type. */
    private static final Map<String, List<Integer>> JDK_FUNCTIONS = Map.ofEntries(
            Map.entry("Consumer", List.of(0)), Map.entry("Function", List.of(0)), Map.entry("Predicate", List.of(0)),
            Map.entry("UnaryOperator", List.of(0)), Map.entry("ToIntFunction", List.of(0)),
            Map.entry("ToLongFunction", List.of(0)), Map.entry("ToDoubleFunction", List.of(0)),
            Map.entry("BiConsumer", List.of(0, 1)), Map.entry("BiFunction", List.of(0, 1)),
            Map.entry("BiPredicate", List.of(0, 1)), Map.entry("BinaryOperator", List.of(0, 0)),
            Map.entry("ToIntBiFunction", List.of(0, 1)), Map.entry("ToLongBiFunction", List.of(0, 1)),
            Map.entry("ToDoubleBiFunction", List.of(0, 1)));

    /** What the workspace says of functional types and methods declared in other files. */
    interface Workspace {
        /**
         * The type, resolved, of parameter {@code position} of the one abstract method with
         * {@code arity} parameters of the workspace interface {@code functionType} written at {@code context}.
         */
        Optional<String> functionParameter(Node context, ClassOrInterfaceType functionType, int position, int arity);

        /** The same for the interface that the project methods {@code call} may run declare at {@code argument}. */
        Optional<String> argumentFunctionParameter(MethodCallExpr call, int argument, int position, int arity);

        /** The same for the constructors of another file's class that {@code creation} may run. */
        Optional<String> constructorFunctionParameter(ObjectCreationExpr creation, int argument, int position, int arity);

        /** The same for the type of {@code field}, a field of a class of another file ({@code handlers.onRow}). */
        Optional<String> fieldFunctionParameter(FieldAccessExpr field, int position, int arity);
    }

    /**
     * The parameter types of the function a class or interface of this file stands for: its one
     * abstract method's, or, for an interface that declares none and extends one
     * {@code java.util.function} interface ({@code interface RowHandler extends
     * BiConsumer<HttpServletRequest, Statement> {}}), that interface's type arguments in the order
     * its function takes them. Empty when neither.
     */
    static Optional<List<Type>> functionParameterTypes(TypeDeclaration<?> type) {
        Optional<MethodDeclaration> own = soleAbstractMethod(type);
        if (own.isPresent()) {
            return Optional.of(own.get().getParameters().stream().map(Parameter::getType).toList());
        }
        if (!(type instanceof ClassOrInterfaceDeclaration c) || !c.isInterface() || c.getExtendedTypes().size() != 1
                || c.getMethods().stream().anyMatch(m -> m.getBody().isEmpty() && !m.isStatic() && !m.isDefault())) {
            return Optional.empty();
        }
        return jdkFunctionParameters(c.getExtendedTypes().get(0));
    }

    /**
     * For a {@code java.util.function} interface written with its type arguments
     * ({@code BiConsumer<HttpServletRequest, Statement>}), the type of each parameter of its
     * function ({@code ? extends T} and {@code ? super T} as {@code T}); empty for any other type,
     * or one written without type arguments.
     */
    static Optional<List<Type>> jdkFunctionParameters(ClassOrInterfaceType function) {
        String name = function.getNameAsString();
        List<Integer> typeArguments = JDK_FUNCTIONS.get(name);
        if (typeArguments == null || !Types.denotes(function, function.getNameWithScope(), "java.util.function." + name)
                || function.getTypeArguments().isEmpty()) {
            return Optional.empty();
        }
        List<Type> written = function.getTypeArguments().get();
        List<Type> out = new java.util.ArrayList<>();
        for (int position : typeArguments) {
            if (position >= written.size()) return Optional.empty();
            Type argument = written.get(position);
            if (argument instanceof WildcardType w) {
                argument = w.getExtendedType().map(Type.class::cast).or(() -> w.getSuperType()).orElse(null);
                if (argument == null) return Optional.empty();
            }
            out.add(argument);
        }
        return Optional.of(out);
    }

    /** A type as summaries keep it for a function's parameter: empty text for a type variable, which says nothing. */
    static boolean isTypeVariable(Type type) {
        return named(type).isEmpty();
    }

    /** The one abstract method of an interface (its functional method), if it has exactly one. */
    static Optional<MethodDeclaration> soleAbstractMethod(TypeDeclaration<?> type) {
        if (!(type instanceof ClassOrInterfaceDeclaration c) || !c.isInterface()) {
            return Optional.empty();
        }
        List<MethodDeclaration> abstracts = c.getMethods().stream()
                .filter(m -> m.getBody().isEmpty() && !m.isStatic() && !m.isDefault()).toList();
        return abstracts.size() == 1 ? Optional.of(abstracts.get(0)) : Optional.empty();
    }

    /**
     * The type of a lambda's parameter written without one ({@code (request, st) -> ...}), as the
     * lambda's target type gives it where the source shows that type: the functional interface
     * declared by the variable the lambda initialises or is assigned to, the cast, the method it is
     * returned from, or the parameter of the method or constructor it is passed to; then, for a
     * {@code java.util.function} interface, the type argument of that position
     * ({@code BiConsumer<HttpServletRequest, String>}), else the parameter of the interface's one
     * abstract method (or the {@code java.util.function} interface it extends), of this file or,
     * through {@code workspace}, of another; a {@code java.util.function} type written in another
     * file, as a project method's or constructor's parameter or a field of its class, through what that file's
     * summary keeps of its type arguments ({@link ClassSummary#functionTypes}).
     * Empty when any of it is unknown, or a type variable.
     */
    static Optional<String> parameterType(Parameter p, Workspace workspace) {
        if (!p.getType().isUnknownType() || !(p.getParentNode().orElse(null) instanceof LambdaExpr lambda)) {
            return Optional.empty();
        }
        int position = lambda.getParameters().indexOf(p);
        int arity = lambda.getParameters().size();
        Node child = lambda;
        Node parent = lambda.getParentNode().orElse(null);
        while (parent instanceof EnclosedExpr) {
            child = parent;
            parent = parent.getParentNode().orElse(null);
        }
        Optional<Type> target = Optional.empty();
        if (parent instanceof VariableDeclarator v && v.getInitializer().filter(i -> i == lambda).isPresent()
                && !v.getType().isVarType()) {
            target = Optional.of(v.getType());
        } else if (parent instanceof CastExpr c) {
            target = Optional.of(c.getType());
        } else if (parent instanceof AssignExpr a && a.getValue() == child) {
            target = Declarations.of(a.getTarget()).map(Declaration::type);
            if (target.isEmpty() && a.getTarget() instanceof FieldAccessExpr field) {
                return workspace.fieldFunctionParameter(field, position, arity); // a field of another file's class
            }
        } else if (parent instanceof ReturnStmt) {
            Node enclosing = parent.getParentNode().orElse(null);
            while (enclosing != null && !(enclosing instanceof LambdaExpr) && !(enclosing instanceof CallableDeclaration<?>)) {
                enclosing = enclosing.getParentNode().orElse(null);
            }
            target = enclosing instanceof MethodDeclaration m ? Optional.of(m.getType()) : Optional.empty();
        } else if (parent instanceof MethodCallExpr call && call.getArguments().contains(child)) {
            if (!callsThisFile(call)) {
                return workspace.argumentFunctionParameter(call, call.getArguments().indexOf(child), position, arity);
            }
            target = declaredParameter(lambda, call.getNameAsString(), call.getArguments().size(),
                    call.getArguments().indexOf(child), MethodDeclaration.class);
        } else if (parent instanceof ObjectCreationExpr creation && creation.getArguments().contains(child)) {
            target = declaredParameter(lambda, creation.getType().getNameAsString(), creation.getArguments().size(),
                    creation.getArguments().indexOf(child), ConstructorDeclaration.class);
            if (target.isEmpty()) {
                return workspace.constructorFunctionParameter(creation, creation.getArguments().indexOf(child), position, arity);
            }
        }
        if (target.isEmpty() || !(target.get() instanceof ClassOrInterfaceType function)) {
            return Optional.empty();
        }
        return functionParameter(function, position, arity, workspace);
    }

    /**
     * Whether {@code call} runs a method of a class this file declares: unqualified, on {@code this},
     * or on a class or variable of such a class ({@code list.forEach(...)} on a JDK list is not a
     * {@code forEach} of this file).
     */
    private static boolean callsThisFile(MethodCallExpr call) {
        Expression scope = call.getScope().orElse(null);
        if (scope == null || scope instanceof ThisExpr) {
            return true;
        }
        if (!(scope instanceof NameExpr n)) {
            return false;
        }
        String type = Declarations.of(n).map(Declaration::typeName).orElse(n.getNameAsString());
        return FileIndex.of(call).flatMap(i -> i.type(type)).isPresent();
    }

    /**
     * The type parameter {@code argument} of the methods or constructors named {@code name} with
     * {@code count} parameters that the file declares, when they all declare the same.
     */
    private static <T extends CallableDeclaration<?>> Optional<Type> declaredParameter(Node site, String name, int count,
                                                                                       int argument, Class<T> kind) {
        Optional<CompilationUnit> unit = site.findCompilationUnit();
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        List<T> declared = unit.get().findAll(kind, c -> c.getNameAsString().equals(name) && c.getParameters().size() == count);
        Set<String> written = new java.util.HashSet<>();
        declared.forEach(c -> written.add(c.getParameter(argument).getType().asString()));
        return written.size() == 1 ? Optional.of(declared.get(0).getParameter(argument).getType()) : Optional.empty();
    }

    private static Optional<String> functionParameter(ClassOrInterfaceType function, int position, int arity, Workspace workspace) {
        String name = function.getNameAsString();
        if (JDK_FUNCTIONS.containsKey(name) && Types.denotes(function, function.getNameWithScope(), "java.util.function." + name)) {
            return jdkFunctionParameters(function).filter(types -> types.size() == arity)
                    .flatMap(types -> named(types.get(position)));
        }
        Optional<CompilationUnit> unit = function.findCompilationUnit();
        List<ClassOrInterfaceDeclaration> here = unit.map(u -> u.findAll(ClassOrInterfaceDeclaration.class,
                d -> d.isInterface() && d.getNameAsString().equals(name))).orElse(List.of());
        if (here.isEmpty()) {
            return workspace.functionParameter(function, function, position, arity);
        }
        return here.size() == 1 ? functionParameterTypes(here.get(0)).filter(types -> types.size() == arity)
                .flatMap(types -> named(types.get(position))) : Optional.empty();
    }

    /** A class's name as written, unless it is a type variable of where it is written. */
    private static Optional<String> named(Type type) {
        if (!(type instanceof ClassOrInterfaceType c)) {
            return Optional.empty();
        }
        for (Node n = c.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof NodeWithTypeParameters<?> generic
                    && generic.getTypeParameters().stream().anyMatch(t -> t.getNameAsString().equals(c.getNameAsString()))) {
                return Optional.empty();
            }
        }
        return Optional.of(c.getNameWithScope());
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
