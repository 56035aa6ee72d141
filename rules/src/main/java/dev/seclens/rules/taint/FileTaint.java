package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The taint analysis of one file: every method and constructor interpreted, rounds repeated until
 * the summaries of the file's methods and the taint stored in its fields stop changing (so a
 * helper declared below its caller, or a field written in one method and read in another, is
 * seen), then the flows of the last round kept.
 */
final class FileTaint {
    private static final int MAX_ROUNDS = 4;
    /** Sink names too common to trust on the name alone when the receiver's type is unknown. */
    static final Set<String> GENERIC_NAMES = Set.of("get", "resolve", "update", "execute", "query", "load", "print",
            "println", "write", "append", "format", "printf", "add", "put", "search", "lookup", "compile", "evaluate",
            "eval", "apply", "call", "run", "send", "open", "read", "of", "forName", "info", "debug", "warn", "error",
            "trace", "log", "fine", "setAttribute", "setHeader", "addHeader", "exec", "parse", "list", "create");

    private final CompilationUnit unit;
    private final String path;
    private final SpecIndex specs;
    private final SummaryTable external;
    private final BooleanSupplier cancelled;
    private ApiMatcher matcher;
    private SummaryTable table;
    private Map<String, Value> fields = new HashMap<>();
    private Map<String, Value> fieldWrites = new HashMap<>();
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    private List<ClassSummary> classes = List.of();

    FileTaint(CompilationUnit unit, String path, SpecIndex specs, SummaryTable external, BooleanSupplier cancelled) {
        this.unit = unit;
        this.path = path;
        this.specs = specs;
        this.external = external;
        this.cancelled = cancelled;
    }

    /** Runs the rounds; afterwards {@link #flows()} and {@link #classes()} hold the results. */
    FileTaint run() {
        FileIndex index = FileIndex.of(unit).orElseThrow();
        List<CallableDeclaration<?>> callables = new ArrayList<>();
        // a method without a body says nothing; calls to it are resolved to the implementations
        index.methods().stream().filter(m -> m.getBody().isPresent()).forEach(callables::add);
        unit.findAll(ConstructorDeclaration.class).forEach(callables::add);
        List<ClassSummary> previous = skeletons(index, List.of());
        for (int round = 0; round < MAX_ROUNDS && !cancelled.getAsBoolean(); round++) {
            table = external.with(path, previous);
            matcher = new ApiMatcher(specs, table);
            flows.clear();
            fieldWrites = new HashMap<>();
            List<MethodSummary> summaries = new ArrayList<>();
            for (CallableDeclaration<?> c : callables) {
                if (cancelled.getAsBoolean()) return this;
                summaries.add(new MethodInterpreter(this, c).run());
            }
            summaries.addAll(MyBatisMappers.summaries(index, path, table));
            for (TypeDeclaration<?> t : index.types()) {
                if (t instanceof RecordDeclaration r) {
                    if (r.getConstructors().isEmpty()) summaries.add(MethodInterpreter.recordConstructor(this, r));
                    summaries.addAll(MethodInterpreter.recordAccessors(this, r));
                }
            }
            List<ClassSummary> current = skeletons(index, summaries);
            boolean stable = sameFacts(current, previous) && sameFacts(fieldWrites, fields);
            previous = current;
            fields = fieldWrites;
            if (stable) break;
        }
        classes = previous;
        return this;
    }

    /** The classes of this file with their supertypes, and the given summaries grouped by owner. */
    private List<ClassSummary> skeletons(FileIndex index, List<MethodSummary> summaries) {
        List<ClassSummary> out = new ArrayList<>();
        for (TypeDeclaration<?> t : index.types()) {
            List<String> supertypes = new ArrayList<>();
            boolean isInterface = false;
            if (t instanceof ClassOrInterfaceDeclaration c) {
                c.getExtendedTypes().forEach(s -> supertypes.add(s.getNameAsString()));
                c.getImplementedTypes().forEach(s -> supertypes.add(s.getNameAsString()));
                isInterface = c.isInterface();
            } else if (t instanceof RecordDeclaration r) {
                r.getImplementedTypes().forEach(s -> supertypes.add(s.getNameAsString()));
            } else if (t instanceof EnumDeclaration e) {
                e.getImplementedTypes().forEach(s -> supertypes.add(s.getNameAsString()));
            }
            String name = t.getNameAsString();
            out.add(new ClassSummary(name, path, supertypes, isInterface,
                    summaries.stream().filter(m -> m.owner().equals(name)).toList()));
        }
        return out;
    }

    static boolean sameFacts(List<ClassSummary> a, List<ClassSummary> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name().equals(b.get(i).name())) return false;
            List<MethodSummary> x = a.get(i).methods();
            List<MethodSummary> y = b.get(i).methods();
            if (x.size() != y.size()) return false;
            for (int j = 0; j < x.size(); j++) if (!x.get(j).sameFacts(y.get(j))) return false;
        }
        return true;
    }

    private static boolean sameFacts(Map<String, Value> a, Map<String, Value> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (Map.Entry<String, Value> e : a.entrySet()) if (!e.getValue().sameFacts(b.get(e.getKey()))) return false;
        return true;
    }

    List<Flow> flows() {
        return List.copyOf(flows.values());
    }

    List<ClassSummary> classes() {
        return classes;
    }

    String path() {
        return path;
    }

    /** Whether the scanned code (this file or the table of the workspace) declares a class of that simple name. */
    boolean declares(String simpleName) {
        return !table.classes(simpleName).isEmpty();
    }

    SpecIndex specs() {
        return specs;
    }

    ApiMatcher matcher() {
        return matcher;
    }

    Value fieldValue(String owner, String field) {
        return fields.getOrDefault(owner + "#" + field, Value.CLEAN);
    }

    void writeField(String owner, String field, Value value) {
        if (value.isTainted()) {
            fieldWrites.merge(owner + "#" + field, value.flat(), Value::join);
        }
    }

    void flow(Flow flow) {
        String key = SourceRange.of(flow.at()) + "|" + flow.sink() + "|" + flow.taint().origin();
        flows.putIfAbsent(key, flow);
    }

    /** The taint a parameter carries from the framework: annotated request data, a handler's arguments, main's. */
    Value parameterSource(CallableDeclaration<?> method, Parameter p) {
        if (Types.isNumericOrBoolean(p.getType())) {
            return Value.CLEAN;
        }
        for (AnnotationExpr a : p.getAnnotations()) {
            String written = a.getNameAsString();
            if (!specs.annotationSimpleNames.contains(SpecIndex.simple(written))) continue;
            for (Map.Entry<String, TaintSpecs.Source> e : specs.parameterAnnotations.entrySet()) {
                if (Types.denotes(p, written, e.getKey())) {
                    specs.used(e.getValue().where());
                    return Value.of(Taint.of(origin(p, "`" + Code.of(a) + " " + p.getNameAsString() + "`", e.getValue(),
                            e.getValue().confidence()), e.getValue()));
                }
            }
        }
        for (TaintSpecs.Source s : specs.handlerAnnotations) {
            for (AnnotationExpr a : method.getAnnotations()) {
                if (Types.denotes(method, a.getNameAsString(), s.handlerAnnotation()) && !isFrameworkType(p, s)
                        && p.getAnnotations().isEmpty()) {
                    specs.used(s.where());
                    return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` of handler `"
                            + method.getNameAsString() + "`", s, s.confidence()), s));
                }
            }
        }
        if (!specs.setterSources.isEmpty() && method instanceof MethodDeclaration setter && isSetter(setter)) {
            for (TaintSpecs.Source s : specs.setterSources) {
                if (enclosingClassExtends(setter, s.setterOf())) {
                    specs.used(s.where());
                    return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` of action property setter `"
                            + setter.getNameAsString() + "`", s, s.confidence()), s));
                }
            }
        }
        if (!specs.mainArguments.isEmpty() && method instanceof MethodDeclaration m && m.isStatic() && m.isPublic()
                && m.getNameAsString().equals("main") && m.getParameters().size() == 1) {
            TaintSpecs.Source s = specs.mainArguments.get(0);
            specs.used(s.where());
            return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` of main", s, s.confidence()), s));
        }
        return Value.CLEAN;
    }

    /** {@code public void setName(String name)}: a property the framework may fill. */
    private static boolean isSetter(MethodDeclaration m) {
        String name = m.getNameAsString();
        return m.isPublic() && !m.isStatic() && m.getParameters().size() == 1 && m.getType().isVoidType()
                && name.length() > 3 && name.startsWith("set") && Character.isUpperCase(name.charAt(3));
    }

    /** Whether the class declaring {@code m} extends or implements {@code type}, directly or through the scanned code. */
    private boolean enclosingClassExtends(MethodDeclaration m, String type) {
        if (!(m.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration c)) {
            return false;
        }
        Signature owner = Signature.parse(type + "#x()").orElseThrow();
        List<ClassOrInterfaceType> supers = new ArrayList<>(c.getExtendedTypes());
        supers.addAll(c.getImplementedTypes());
        return supers.stream().anyMatch(s -> matcher.owns(m, s.getNameWithScope(), owner));
    }

    private static boolean isFrameworkType(Parameter p, TaintSpecs.Source s) {
        String written = p.getType() instanceof ClassOrInterfaceType c ? c.getNameWithScope() : p.getType().asString();
        for (String except : s.except()) {
            if (Types.denotes(p, written, except)) return true;
        }
        return false;
    }

    private Origin origin(Node at, String code, TaintSpecs.Source s, Confidence confidence) {
        return new Origin(code, s.label(), path, SourceRange.of(at), confidence, Origin.REAL);
    }

    Origin origin(MethodCallExpr call, TaintSpecs.Source s, ApiMatcher.Match match) {
        Confidence c = match == ApiMatcher.Match.NAME_ONLY && s.confidence() == Confidence.HIGH ? Confidence.MEDIUM
                : s.confidence();
        return origin(call, "`" + Code.quote(call) + "`", s, c);
    }

    /** The summaries a call may run, from this file or the workspace; empty for library calls. */
    List<MethodSummary> resolve(MethodCallExpr call, Expression scope, String owner) {
        return byArgumentTypes(candidates(call, scope, owner), call.getArguments());
    }

    private List<MethodSummary> candidates(MethodCallExpr call, Expression scope, String owner) {
        String name = call.getNameAsString();
        int arity = call.getArguments().size();
        if (scope == null || scope instanceof ThisExpr) {
            for (Node n = call; n != null; n = n.getParentNode().orElse(null)) {
                if (n instanceof TypeDeclaration<?> t) {
                    List<MethodSummary> found = table.methods(t.getNameAsString(), name, arity);
                    if (!found.isEmpty()) return found;
                }
            }
            return List.of();
        }
        if (scope instanceof SuperExpr) {
            List<MethodSummary> found = new ArrayList<>();
            table.supertypes(owner).forEach(s -> found.addAll(table.methods(s, name, arity)));
            return found;
        }
        if (scope instanceof NameExpr n && Declarations.of(n).isEmpty()
                && Character.isUpperCase(n.getNameAsString().charAt(0))) {
            return table.methods(n.getNameAsString(), name, arity);
        }
        Optional<String> type = matcher.receiverType(scope);
        return type.map(t -> table.methods(SpecIndex.simple(t), name, arity)).orElse(List.of());
    }

    List<MethodSummary> constructors(String type, List<Expression> arguments) {
        List<MethodSummary> out = new ArrayList<>();
        for (ClassSummary c : table.classes(type)) {
            for (MethodSummary m : c.methods()) {
                if (m.isConstructor() && m.arity() == arguments.size()) out.add(m);
            }
        }
        return byArgumentTypes(out, arguments);
    }

    /**
     * The overloads whose parameter types the visible argument types fit: {@code save(name)} with a
     * {@code String name} is not {@code save(StringBuilder)}. Only types no other type extends are
     * compared (strings, builders, primitives and their boxes), so an unknown or wider type keeps
     * the candidate; when nothing fits, every candidate is kept.
     */
    private List<MethodSummary> byArgumentTypes(List<MethodSummary> candidates, List<Expression> arguments) {
        if (candidates.size() < 2) {
            return candidates;
        }
        List<MethodSummary> fitting = new ArrayList<>();
        for (MethodSummary m : candidates) {
            boolean fits = true;
            for (int i = 0; i < arguments.size() && i < m.arity() && fits; i++) {
                String parameter = m.parameterTypes().get(i);
                Optional<String> argument = exactType(arguments.get(i));
                fits = argument.isEmpty() || !EXACT_TYPES.contains(parameter)
                        || unboxed(argument.get()).equals(unboxed(parameter));
            }
            if (fits) fitting.add(m);
        }
        return fitting.isEmpty() ? candidates : fitting;
    }

    private static final Set<String> EXACT_TYPES = Set.of("String", "StringBuilder", "StringBuffer", "int", "long",
            "short", "byte", "char", "boolean", "double", "float", "Integer", "Long", "Short", "Byte", "Character",
            "Boolean", "Double", "Float");

    private static String unboxed(String type) {
        return switch (type) {
            case "Integer" -> "int";
            case "Character" -> "char";
            case "Long", "Short", "Byte", "Boolean", "Double", "Float" -> type.toLowerCase(java.util.Locale.ROOT);
            default -> type;
        };
    }

    /** The argument's type when it is one of {@link #EXACT_TYPES} and visible. */
    private Optional<String> exactType(Expression argument) {
        Optional<String> type;
        if (argument instanceof com.github.javaparser.ast.expr.StringLiteralExpr
                || argument instanceof com.github.javaparser.ast.expr.TextBlockLiteralExpr) {
            type = Optional.of("String");
        } else if (argument instanceof com.github.javaparser.ast.expr.IntegerLiteralExpr) {
            type = Optional.of("int");
        } else if (argument instanceof com.github.javaparser.ast.expr.LongLiteralExpr) {
            type = Optional.of("long");
        } else if (argument instanceof com.github.javaparser.ast.expr.BooleanLiteralExpr) {
            type = Optional.of("boolean");
        } else if (argument instanceof com.github.javaparser.ast.expr.CharLiteralExpr) {
            type = Optional.of("char");
        } else if (argument instanceof NameExpr n) {
            type = Declarations.of(n).map(d -> d.type()).filter(t -> !t.isVarType()).map(Types::simpleName);
        } else {
            type = matcher.receiverType(argument).map(SpecIndex::simple);
        }
        return type.filter(EXACT_TYPES::contains);
    }

    boolean isUserClass(String simpleName) {
        return !table.classes(simpleName).isEmpty();
    }

    static String ownerName(Node node) {
        return node.findAncestor(TypeDeclaration.class).map(t -> ((TypeDeclaration<?>) t).getNameAsString()).orElse("");
    }

    static String fileName(String path) {
        String unix = path.replace('\\', '/');
        return unix.substring(unix.lastIndexOf('/') + 1);
    }
}
