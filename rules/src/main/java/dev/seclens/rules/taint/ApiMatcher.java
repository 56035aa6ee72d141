package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import dev.seclens.rules.model.TypeRef;
import dev.seclens.rules.model.TypeScope;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Decides whether a call site is the library method a specification names. Without a symbol
 * solver the receiver's type is what the file declares (a variable's type, {@code new T}, a cast,
 * a library factory listed in the specifications' {@code returns}); when no type is visible, only
 * the method name and arity can match, which is reported as such so callers can trust it less.
 */
final class ApiMatcher {
    enum Match { NONE, TYPED, NAME_ONLY }

    /**
     * Parameter types no argument of another of them can be: an {@code InputStream} is never a
     * {@code Path}, so {@code Files.copy(in, target)} is not the {@code (Path, Path)} overload.
     */
    private static final java.util.Set<String> DISCRIMINATING = java.util.Set.of("String", "File", "Path", "URI", "URL",
            "InputStream", "OutputStream", "Reader", "Writer");
    private static final Pattern QUALIFIED_TYPE = Pattern.compile("([a-z_][\\w]*\\.)+[A-Z][\\w$]*");

    private final SpecIndex specs;
    private final SummaryTable table;
    private final Function<MethodCallExpr, Optional<String>> userReturnType;
    /** The type a lambda's parameter written without one has from the lambda's target type. */
    private final Function<Parameter, Optional<String>> lambdaParameterType;
    /**
     * {@link #owns} by the specification's owner list (by identity: each signature keeps its own list)
     * and the type as written: asked for every sink of a call's name at every call.
     */
    private final Map<List<String>, Map<String, Boolean>> ownerCache = new IdentityHashMap<>();
    /**
     * Receiver types by expression node: a call chain asks for its scope's type from several places
     * at each link, which without this doubles the work per link (a 20-link builder chain never ended).
     */
    private final Map<Expression, Optional<String>> receiverTypes = new IdentityHashMap<>();

    /**
     * {@code userReturnType}: the declared return type of the method of the scanned code a call runs
     * ({@code new Query().where(x)}), as a name library types can be matched against.
     */
    ApiMatcher(SpecIndex specs, SummaryTable table, Function<MethodCallExpr, Optional<String>> userReturnType,
               Function<Parameter, Optional<String>> lambdaParameterType) {
        this.specs = specs;
        this.table = table;
        this.userReturnType = userReturnType;
        this.lambdaParameterType = lambdaParameterType;
    }

    /** How well {@code scope.name(arity args)} at {@code site} matches {@code sig}; a null scope is an unqualified call. */
    Match call(Node site, Expression scope, String name, int arity, Signature sig) {
        if (!sig.name().equals(name) || !sig.acceptsArity(arity)) {
            return Match.NONE;
        }
        if (scope == null || scope instanceof SuperExpr) {
            // super.get(key) runs a method of a supertype: never Paths.get of an unrelated class
            return enclosingTypeExtends(site, sig) ? Match.TYPED : Match.NONE;
        }
        Optional<String> type = receiverType(scope);
        if (type.isEmpty()) {
            return Match.NAME_ONLY;
        }
        return owns(site, type.get(), sig) ? Match.TYPED : Match.NONE;
    }

    /** Whether {@code new T(arity args)} at {@code site} is the constructor {@code sig}. */
    Match creation(ObjectCreationExpr site, Signature sig) {
        if (!sig.isConstructor() || !sig.acceptsArity(site.getArguments().size())) {
            return Match.NONE;
        }
        return owns(site, site.getType().getNameWithScope(), sig) ? Match.TYPED : Match.NONE;
    }

    /**
     * Whether an argument's visible type rules out {@code sig}: {@code new FileInputStream(file)}
     * with a {@code File} variable is not the {@code FileInputStream(String)} overload.
     */
    boolean argumentsContradict(Signature sig, List<Expression> arguments) {
        if (sig.anyParameters()) {
            return false;
        }
        for (int i = 0; i < Math.min(arguments.size(), sig.parameters().size()); i++) {
            String parameter = sig.parameters().get(i);
            if (parameter.endsWith("...")) {
                return false;
            }
            String expected = SpecIndex.simple(parameter);
            // a final platform class (URL, URI) takes no object of another class; for String, the most
            // common parameter of a sink, only the types above decide, as a call's type may be a guess
            boolean finalClass = !parameter.equals("java.lang.String") && JdkTypes.isFinalClass(parameter);
            if (!DISCRIMINATING.contains(expected) && !finalClass) {
                continue;
            }
            Expression argument = arguments.get(i);
            Optional<String> actual = argument instanceof StringLiteralExpr || argument instanceof TextBlockLiteralExpr
                    ? Optional.of("String") : receiverType(argument);
            if (actual.isPresent() && (finalClass || DISCRIMINATING.contains(SpecIndex.simple(actual.get())))
                    && !SpecIndex.simple(actual.get()).equals(expected)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some listed argument is visibly of one of its listed types (or a local initialised with one). */
    boolean argumentsAreOfTypes(Map<Integer, List<String>> types, List<Expression> arguments) {
        for (Map.Entry<Integer, List<String>> e : types.entrySet()) {
            if (e.getKey() >= arguments.size()) {
                continue;
            }
            Expression argument = arguments.get(e.getKey());
            if (e.getValue().contains("java.lang.Throwable") && isCaught(argument)) {
                return true; // a catch clause's exception, whatever library its class is from
            }
            Optional<String> type = valueType(argument);
            if (type.isPresent() && e.getValue().stream().anyMatch(t -> Types.denotes(argument, type.get(), t))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} names the parameter of a {@code catch} clause: a Throwable by the language's rules. */
    private static boolean isCaught(Expression e) {
        return e instanceof NameExpr && Declarations.of(e)
                .filter(d -> d.node().getParentNode().orElse(null) instanceof com.github.javaparser.ast.stmt.CatchClause)
                .isPresent();
    }

    /** The type of the value {@code e} holds: a local's initializer says more than its declared interface. */
    private Optional<String> valueType(Expression e) {
        if (e instanceof NameExpr) {
            Optional<Declaration> d = Declarations.of(e);
            if (d.isPresent() && d.get().kind() == Declaration.Kind.LOCAL && !Declarations.isReassigned(d.get())
                    && d.get().initializer().isPresent()) {
                Optional<String> initialized = receiverType(d.get().initializer().get());
                if (initialized.isPresent()) {
                    return initialized;
                }
            }
        }
        return receiverType(e);
    }

    /** Whether the type written {@code written} at {@code site} is, or extends, an owner of {@code sig}. */
    boolean owns(Node site, String written, Signature sig) {
        Map<String, Boolean> byWritten = ownerCache.computeIfAbsent(sig.owners(), k -> new HashMap<>());
        Boolean cached = byWritten.get(written);
        if (cached != null) {
            return cached;
        }
        boolean owns = false;
        for (String owner : sig.owners()) {
            if (isType(site, written, owner, new java.util.HashSet<>())) {
                owns = true;
                break;
            }
        }
        byWritten.put(written, owns);
        return owns;
    }

    /** {@code visited}: the workspace classes already walked, each once. */
    private boolean isType(Node site, String written, String owner, java.util.Set<String> visited) {
        String project = TypeScope.of(site).map(s -> table.resolve(s.resolve(site, written).encoded())).orElse(written);
        if (table.knows(project)) {
            // `Action` in a package that declares its own Action is that class, whatever the name shares with a library's
            return project.equals(owner) || extendsOwner(site, project, owner, visited);
        }
        String simple = SpecIndex.simple(written);
        for (String library : specs.librarySubtypesNamed(simple, owner)) {
            if (Types.denotes(site, written, library)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a class of the scanned code extends a library type: MyRequestWrapper extends HttpServletRequestWrapper. */
    private boolean extendsOwner(Node site, String projectClass, String owner, java.util.Set<String> visited) {
        if (!visited.add(projectClass) || visited.size() > 64) {
            return false;
        }
        for (String supertype : table.supertypes(projectClass)) {
            if (table.knows(supertype)) {
                if (extendsOwner(site, supertype, owner, visited)) return true;
                continue;
            }
            // a library type, named as its own file resolved it (or by its simple name when it could not)
            boolean qualified = !TypeRef.isUnknown(supertype);
            String written = qualified ? supertype : TypeRef.simpleName(supertype);
            for (String library : specs.librarySubtypesNamed(SpecIndex.simple(written), owner)) {
                if (qualified ? written.equals(library) : Types.denotes(site, written, library)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean enclosingTypeExtends(Node site, Signature sig) {
        Optional<TypeDeclaration> type = site.findAncestor(TypeDeclaration.class);
        if (type.isEmpty() || !(type.get() instanceof ClassOrInterfaceDeclaration c)) {
            return false;
        }
        for (ClassOrInterfaceType s : c.getExtendedTypes()) {
            if (owns(site, s.getNameWithScope(), sig)) return true;
        }
        for (ClassOrInterfaceType s : c.getImplementedTypes()) {
            if (owns(site, s.getNameWithScope(), sig)) return true;
        }
        return false;
    }

    /** The type of {@code e} as written in the file (simple or qualified), when the file says it. */
    Optional<String> receiverType(Expression e) {
        Optional<String> known = receiverTypes.get(e);
        if (known == null) {
            known = computeReceiverType(e);
            receiverTypes.put(e, known);
        }
        return known;
    }

    private Optional<String> computeReceiverType(Expression e) {
        if (e instanceof EnclosedExpr p) {
            return receiverType(p.getInner());
        }
        if (e instanceof CastExpr c) {
            return written(c.getType());
        }
        if (e instanceof ObjectCreationExpr o) {
            return Optional.of(o.getType().getNameWithScope());
        }
        if (e instanceof ThisExpr) {
            return e.findAncestor(TypeDeclaration.class).map(t -> ((TypeDeclaration<?>) t).getNameAsString());
        }
        if (e instanceof ArrayAccessExpr a) {
            return Declarations.of(a.getName()).map(Declaration::type)
                    .filter(t -> t instanceof ArrayType).flatMap(t -> written(((ArrayType) t).getComponentType()));
        }
        if (e instanceof MethodCallExpr call) {
            return returnType(call);
        }
        if (e instanceof NameExpr || e instanceof FieldAccessExpr) {
            Optional<Declaration> declaration = Declarations.of(e);
            if (declaration.isPresent()) {
                Type type = declaration.get().type();
                if (type.isVarType()) {
                    return declaration.get().initializer().flatMap(this::receiverType);
                }
                if (type.isUnknownType() && declaration.get().node() instanceof Parameter p) {
                    return lambdaParameterType.apply(p); // (request, st) -> st.execute(...)
                }
                return written(type);
            }
            String text = Code.of(e);
            if (e instanceof NameExpr && Character.isUpperCase(text.charAt(0))) {
                return Optional.of(text); // a class name: the scope of a static call
            }
            if (e instanceof FieldAccessExpr && QUALIFIED_TYPE.matcher(text).matches()) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    private Optional<String> returnType(MethodCallExpr call) {
        return libraryReturnType(call).or(() -> userReturnType.apply(call));
    }

    /** The type a library factory listed in the specifications' {@code returns} gives back. */
    Optional<String> libraryReturnType(MethodCallExpr call) {
        List<TaintSpecs.Returns> candidates = specs.returns.get(call.getNameAsString());
        Expression scope = call.getScope().orElse(null);
        if (candidates != null) {
            for (TaintSpecs.Returns r : candidates) {
                Match match = call(call, scope, call.getNameAsString(), call.getArguments().size(), r.method());
                // a common name on an object of unknown type says nothing: params.get("f") is not Paths.get
                if (match == Match.TYPED || match == Match.NAME_ONLY && !FileTaint.GENERIC_NAMES.contains(r.method().name())) {
                    specs.used(r.where());
                    return Optional.of(r.type());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> written(Type type) {
        Type t = type;
        if (t instanceof ClassOrInterfaceType c) {
            return Optional.of(c.getNameWithScope());
        }
        return Optional.empty();
    }
}
