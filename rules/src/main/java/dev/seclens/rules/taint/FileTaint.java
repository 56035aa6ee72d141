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
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.type.ArrayType;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.model.TypeRef;
import dev.seclens.rules.model.TypeScope;
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
    /** Longer string constants are not kept in summaries for other files to fold. */
    private static final int MAX_CONSTANT_LENGTH = 256;
    /**
     * Sink and source names too common to trust on the name alone when the receiver's type is
     * unknown: {@code codec.decode(token)} is not Auth0's {@code JWT.decode}.
     */
    static final Set<String> GENERIC_NAMES = Set.of("get", "resolve", "update", "execute", "query", "load", "print",
            "println", "write", "append", "format", "printf", "add", "put", "search", "lookup", "compile", "evaluate",
            "eval", "apply", "call", "run", "send", "open", "read", "of", "forName", "info", "debug", "warn", "error",
            "trace", "log", "fine", "setAttribute", "setHeader", "addHeader", "exec", "parse", "list", "create", "length",
            "delete", "exists", "size", "getInputStream", "getOutputStream", "getFile", "getResource", "launch",
            "getValue", "setValue", "decode");

    private final CompilationUnit unit;
    private final String path;
    private final SpecIndex specs;
    private final SummaryTable external;
    private final BooleanSupplier cancelled;
    /** Evaluation steps each method may take; a pathological method gives up rather than stalling the editor. */
    private int methodBudget = 200_000;
    private final TypeScope scope;
    private final boolean testCode;
    private final List<String> limits = new ArrayList<>();
    private ApiMatcher matcher;
    private SummaryTable table;
    private Overloads overloads;
    private Map<String, Value> fields = new HashMap<>();
    /** The request data a binder puts in the form beans of this file's actions, by owner#field. */
    private Map<String, Value> formBeans = Map.of();
    private Map<String, Value> fieldWrites = new HashMap<>();
    /**
     * The last round's writes to fields by the method that made them, by {@code owner#field}, then
     * method: what a method reads of a field before it assigns it there leaves its own writes out.
     */
    private Map<String, Map<Object, Value>> fieldsByWriter = new HashMap<>();
    private Map<String, Map<Object, Value>> fieldWritesByWriter = new HashMap<>();
    /** The last round's confined collection fields ({@link FieldKeys}) some method inserts a tainted key into. */
    private Set<Node> taintedKeys = identitySet();
    private Set<Node> taintedKeyWrites = identitySet();
    /** The writer of the writes no method is named for. */
    private static final Object ANY_WRITER = new Object();
    /** This round's writes of untrusted data to static fields, by the writing class, then {@code owner#field}. */
    private Map<String, Map<String, Value>> staticWrites = new HashMap<>();
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    private List<ClassSummary> classes = List.of();
    /**
     * What the first round read of the last round's fields and keys (all empty then): the field
     * keys, the key prefixes of static stores, the collections asked whether their keys are clean.
     * When its own writes touch none of them, a second round would read the same (see {@link #run}).
     */
    private final Set<String> fieldKeysRead = new java.util.HashSet<>();
    private final Set<String> fieldPrefixesRead = new java.util.HashSet<>();
    private final Set<Node> keyFieldsRead = identitySet();
    private boolean firstRound;
    /** Each method's last run, replayed while nothing it read changes. */
    private final MethodRuns runs = new MethodRuns();
    private int rounds;

    FileTaint(CompilationUnit unit, String path, SpecIndex specs, SummaryTable external, BooleanSupplier cancelled) {
        this.unit = unit;
        this.path = path;
        this.specs = specs;
        this.external = external;
        this.cancelled = cancelled;
        this.scope = TypeScope.of(unit).orElseThrow();
        this.testCode = SourceFile.isTestPath(path);
    }

    /** The same analysis with another per-method budget (tests show the limit without a huge method). */
    FileTaint withMethodBudget(int steps) {
        this.methodBudget = steps;
        return this;
    }

    int methodBudget() {
        return methodBudget;
    }

    /** Runs the rounds; afterwards {@link #flows()} and {@link #classes()} hold the results. */
    FileTaint run() {
        FileIndex index = FileIndex.of(unit).orElseThrow();
        List<CallableDeclaration<?>> callables = new ArrayList<>();
        // a method without a body says nothing; calls to it are resolved to the implementations
        index.methods().stream().filter(m -> m.getBody().isPresent()).forEach(callables::add);
        callables.addAll(index.constructors());
        List<ClassSummary> previous = skeletons(index, List.of());
        boolean stable = false;
        boolean[] ownSummariesRead = {false};
        for (int round = 0; round < MAX_ROUNDS && !cancelled.getAsBoolean(); round++) {
            firstRound = round == 0;
            rounds = round + 1;
            // each method's run is told which of this file's own summaries it read; the first round, whether any
            table = external.observing(path, previous, (className, methodName) -> {
                if (firstRound) ownSummariesRead[0] = true;
                runs.summariesRead(className, methodName);
            });
            matcher = new ApiMatcher(specs, table, this::userReturnType, p -> Functionals.parameterType(p, functionTypes));
            overloads = new Overloads(table);
            Map<String, Value> beans = formBeanSources();
            if (!Value.identical(beans, formBeans)) runs.everythingChanged();
            formBeans = beans;
            limits.clear();
            Value.countDropped();
            Value.countFoldedFields();
            flows.clear();
            fieldWrites = new HashMap<>();
            fieldWritesByWriter = new HashMap<>();
            taintedKeyWrites = identitySet();
            staticWrites = new HashMap<>();
            List<MethodSummary> summaries = new ArrayList<>();
            for (CallableDeclaration<?> c : callables) {
                if (cancelled.getAsBoolean()) return this;
                Optional<MethodRuns.Run> unchanged = runs.unchanged(c);
                unchanged.ifPresent(runs::replay);
                summaries.add(unchanged.orElseGet(() -> runs.record(c, () -> new MethodInterpreter(this, c).run())).summary());
            }
            int dropped = Value.countDropped();
            if (dropped > 0) {
                limit("values that join more than " + Value.MAX_TAINTS + " sources keep the first "
                        + Value.MAX_TAINTS + " (" + dropped + " dropped); flows from the others may be missed");
            }
            int folded = Value.countFoldedFields();
            if (folded > 0) {
                limit("fields nested deeper than " + Value.MAX_FIELD_DEPTH + " levels, or past " + Value.MAX_FIELDS
                        + " in one object, are followed as part of their object (" + folded
                        + " times); their siblings may be reported as carrying their data");
            }
            summaries.addAll(MyBatisMappers.summaries(this, index, path, table));
            for (TypeDeclaration<?> t : index.types()) {
                if (t instanceof RecordDeclaration r) {
                    if (r.getConstructors().isEmpty()) summaries.add(MethodInterpreter.recordConstructor(this, r));
                    summaries.addAll(MethodInterpreter.recordAccessors(this, r));
                }
            }
            List<ClassSummary> current = skeletons(index, summaries);
            // A first round that read none of this file's own summaries, none of the fields and keys
            // it then wrote, and wrote no static field, is what a second round would repeat exactly:
            // what it reads would be the same. Most files are like that; they take one round.
            boolean sameInputs = round == 0 && !ownSummariesRead[0] && !cancelled.getAsBoolean()
                    && fieldKeysRead.stream().noneMatch(k -> fieldWrites.containsKey(k) || fieldWritesByWriter.containsKey(k))
                    && fieldWrites.keySet().stream().noneMatch(k -> fieldPrefixesRead.stream().anyMatch(k::startsWith))
                    && keyFieldsRead.stream().noneMatch(taintedKeyWrites::contains)
                    && staticWrites.values().stream().allMatch(Map::isEmpty);
            stable = sameInputs || sameFacts(current, previous) && sameFacts(fieldWrites, fields)
                    && taintedKeyWrites.equals(taintedKeys);
            runs.roundDone(previous, current, fields, fieldWrites, fieldsByWriter, fieldWritesByWriter, taintedKeys,
                    taintedKeyWrites);
            previous = current;
            fields = fieldWrites;
            fieldsByWriter = fieldWritesByWriter;
            taintedKeys = taintedKeyWrites;
            if (stable) break;
        }
        if (!stable && !cancelled.getAsBoolean()) {
            // the last round's flows used summaries that were still changing
            limit("this file's methods, which call each other, did not settle in " + MAX_ROUNDS
                    + " rounds; flows through them may be missed");
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
            // a supertype's name is resolved where the class is declared, outside its own body
            Node context = t.getParentNode().orElse(t);
            if (t instanceof ClassOrInterfaceDeclaration c) {
                c.getExtendedTypes().forEach(s -> supertypes.add(typeRef(context, s)));
                c.getImplementedTypes().forEach(s -> supertypes.add(typeRef(context, s)));
                isInterface = c.isInterface();
            } else if (t instanceof RecordDeclaration r) {
                r.getImplementedTypes().forEach(s -> supertypes.add(typeRef(context, s)));
            } else if (t instanceof EnumDeclaration e) {
                supertypes.add(TypeRef.of("java.lang.Enum").encoded()); // what every enum extends: its values are constants
                e.getImplementedTypes().forEach(s -> supertypes.add(typeRef(context, s)));
            }
            String name = qualifiedName(t);
            out.add(new ClassSummary(name, path, supertypes, isInterface, testCode,
                    summaries.stream().filter(m -> m.owner().equals(name)).toList(),
                    summaries.isEmpty() ? Map.of() : staticWrites.getOrDefault(name, Map.of()), constants(t),
                    Functionals.functionParameterTypes(t).map(types -> types.stream()
                            .map(type -> typeRef(type, type)).toList()).orElse(List.of()),
                    functionTypes(t), FreeMarkerConfigurations.setups(t,
                            table == null ? FreeMarkerConfigurations.Workspace.NONE : freeMarker), // no table before the first round
                    fieldTypes(t), hasOwnToString(t)));
        }
        return out;
    }

    /**
     * {@link ClassSummary#functionTypes}: the fields and method parameters of {@code type} declared
     * as a {@code java.util.function} interface with type arguments, each with its function's
     * parameter types; a method name and arity whose overloads disagree keeps none.
     */
    private Map<String, List<String>> functionTypes(TypeDeclaration<?> type) {
        Map<String, List<String>> out = new HashMap<>();
        java.util.Set<String> conflicting = new java.util.HashSet<>();
        for (com.github.javaparser.ast.body.FieldDeclaration f : type.getFields()) {
            for (com.github.javaparser.ast.body.VariableDeclarator v : f.getVariables()) {
                functionTypes(v.getType()).ifPresent(types -> out.put(ClassSummary.fieldKey(v.getNameAsString()), types));
            }
        }
        for (com.github.javaparser.ast.body.CallableDeclaration<?> c : type.getMembers().stream()
                .filter(m -> m instanceof com.github.javaparser.ast.body.CallableDeclaration<?>)
                .map(m -> (com.github.javaparser.ast.body.CallableDeclaration<?>) m).toList()) {
            String name = c instanceof com.github.javaparser.ast.body.ConstructorDeclaration ? "<init>" : c.getNameAsString();
            for (int i = 0; i < c.getParameters().size(); i++) {
                String key = ClassSummary.parameterKey(name, c.getParameters().size(), i);
                Optional<List<String>> types = functionTypes(c.getParameter(i).getType());
                if (types.isPresent() && out.containsKey(key) && !out.get(key).equals(types.get())) conflicting.add(key);
                types.ifPresent(t -> out.put(key, t));
            }
        }
        conflicting.forEach(out::remove);
        return out;
    }

    /** The annotations whose processor writes a class's {@code toString} from its fields (Lombok's). */
    private static final List<String> GENERATED_TO_STRING = List.of("lombok.Data", "lombok.Value", "lombok.ToString");

    /** {@link ClassSummary#ownToString}. */
    private static boolean hasOwnToString(TypeDeclaration<?> type) {
        return type instanceof RecordDeclaration
                || type.getMethodsBySignature("toString").stream().anyMatch(m -> !m.isStatic())
                || GENERATED_TO_STRING.stream().anyMatch(a -> type.getAnnotations().stream()
                        .anyMatch(written -> Types.denotes(type, written.getNameAsString(), a)));
    }

    /**
     * Whether an object of the class a receiver names, or of any workspace class that may be there
     * when it is not {@linkplain Receiver#exact exact}, has only {@code Object}'s {@code toString} (its
     * class name and identity hash) or an enum's (its constant's name): the text of the object,
     * logged or concatenated, holds nothing its fields do. A class with a supertype of a library
     * other than the platform's interfaces may inherit a {@code toString} that prints its contents.
     */
    boolean printsIdentityOnly(Receiver receiver) {
        String type = receiver.type();
        if (!table.knows(type)) {
            return false;
        }
        return identityPrinters.computeIfAbsent(type + (receiver.exact() ? "" : "+"),
                k -> identityToStringUp(type, new java.util.HashSet<>())
                        && (receiver.exact() || noToStringBelow(type, new java.util.HashSet<>())));
    }

    private final Map<String, Boolean> identityPrinters = new HashMap<>();

    /** Whether {@code type} and its superclasses declare no {@code toString} and inherit none from a library class. */
    private boolean identityToStringUp(String type, Set<String> seen) {
        if (!seen.add(type) || type.equals("java.lang.Object") || type.equals("java.lang.Enum")) {
            return true;
        }
        List<ClassSummary> classes = table.declared(type);
        if (classes.isEmpty()) {
            // a platform interface declares no toString; any other library type may bring one
            return JdkTypes.platformClass(type).filter(Class::isInterface).isPresent();
        }
        for (ClassSummary c : classes) {
            if (c.ownToString()) return false;
            for (String s : c.supertypes()) {
                if (!identityToStringUp(table.resolve(s), seen)) return false;
            }
        }
        return true;
    }

    /** Whether no workspace class extending or implementing {@code type}, however far down, declares a {@code toString}. */
    private boolean noToStringBelow(String type, Set<String> seen) {
        if (seen.size() > 256) {
            return false; // too many to tell
        }
        if (!seen.add(type)) {
            return true;
        }
        for (ClassSummary c : table.subtypes(type)) {
            if (c.ownToString() || !noToStringBelow(c.name(), seen)) return false;
        }
        return true;
    }

    /** {@link ClassSummary#fieldTypes}: the declared types of the fields of {@code type} other files may read. */
    private Map<String, String> fieldTypes(TypeDeclaration<?> type) {
        Map<String, String> out = new HashMap<>();
        boolean isInterface = type instanceof ClassOrInterfaceDeclaration c && c.isInterface();
        for (com.github.javaparser.ast.body.FieldDeclaration f : type.getFields()) {
            if (f.isPrivate() && !isInterface) continue;
            for (com.github.javaparser.ast.body.VariableDeclarator v : f.getVariables()) {
                if (!v.getType().isVarType()) out.put(v.getNameAsString(), typeRef(v, v.getType()));
            }
        }
        if (type instanceof EnumDeclaration e) {
            String self = TypeRef.of(qualifiedName(type)).encoded();
            e.getEntries().forEach(constant -> out.put(constant.getNameAsString(), self));
        }
        return out;
    }

    private Optional<List<String>> functionTypes(com.github.javaparser.ast.type.Type declared) {
        if (!(declared instanceof ClassOrInterfaceType function)) {
            return Optional.empty();
        }
        return Functionals.jdkFunctionParameters(function).map(types -> types.stream()
                .map(t -> Functionals.isTypeVariable(t) ? "" : typeRef(t, t)).toList());
    }

    /**
     * The class's {@code static final} fields (an interface's fields are) whose initializers fold,
     * encoded; long texts (templates, keys) decide no branch and would only swell the summaries.
     */
    private static Map<String, String> constants(TypeDeclaration<?> type) {
        Map<String, String> out = new HashMap<>();
        boolean isInterface = type instanceof ClassOrInterfaceDeclaration c && c.isInterface();
        for (com.github.javaparser.ast.body.FieldDeclaration f : type.getFields()) {
            if (!isInterface && !(f.isStatic() && f.isFinal())) continue;
            for (com.github.javaparser.ast.body.VariableDeclarator v : f.getVariables()) {
                v.getInitializer().flatMap(dev.seclens.rules.ast.Constants::value)
                        .filter(value -> !(value instanceof String text) || text.length() <= MAX_CONSTANT_LENGTH)
                        .map(ClassSummary::encodeConstant)
                        .ifPresent(encoded -> out.put(v.getNameAsString(), encoded));
            }
        }
        return out;
    }

    /**
     * Other files' constants for {@link dev.seclens.rules.ast.Constants#value(Expression,
     * dev.seclens.rules.ast.Constants.Lookup)}: {@code Type.NAME} where {@code Type} is a class
     * of the workspace.
     */
    java.util.Optional<Object> staticConstant(FieldAccessExpr access) {
        Expression owner = access.getScope();
        if (!(owner instanceof NameExpr || owner instanceof FieldAccessExpr) || table == null) {
            return java.util.Optional.empty();
        }
        for (ClassSummary c : table.declared(typeName(owner))) {
            java.util.Optional<Object> value = c.constant(access.getNameAsString());
            if (value.isPresent()) return value;
        }
        return java.util.Optional.empty();
    }

    /** The constant value of {@code e}, other files' constants included. */
    java.util.Optional<Object> constant(Expression e) {
        return dev.seclens.rules.ast.Constants.value(e, this::staticConstant);
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

    /** How many method runs {@link #run} replayed rather than ran again. */
    int replayed() {
        return runs.replayed();
    }

    /** How many rounds {@link #run} took. */
    int rounds() {
        return rounds;
    }

    String path() {
        return path;
    }

    /** Whether the type name {@code written} at {@code context} means a class of the scanned code (this file or the workspace). */
    boolean isProjectType(Node context, String written) {
        return table.knows(table.resolve(scope.resolve(context, written).encoded()));
    }

    SpecIndex specs() {
        return specs;
    }

    ApiMatcher matcher() {
        return matcher;
    }

    Value fieldValue(String owner, String field) {
        Value stored = fields.getOrDefault(fieldRead(owner + "#" + field), Value.CLEAN);
        Value bound = formBeans.get(owner + "#" + field);
        return bound == null ? stored : stored.join(bound);
    }

    /**
     * A field's value where {@code reader} has not assigned it yet: what the other methods store
     * in it. Its own writes come later in the same run (earlier ones it knows as it runs), so they
     * are left out: {@code log(user.getName()); ...; user.setName(input);} logs no input.
     */
    Value fieldValueBefore(String owner, String field, Object reader) {
        String key = fieldRead(owner + "#" + field);
        Map<Object, Value> writers = fieldsByWriter.get(key);
        if (writers == null || !writers.containsKey(reader)) {
            return fieldValue(owner, field);
        }
        Value stored = Value.CLEAN;
        for (Map.Entry<Object, Value> w : writers.entrySet()) {
            if (w.getKey() != reader) stored = stored.join(w.getValue());
        }
        Value bound = formBeans.get(key);
        return bound == null ? stored : stored.join(bound);
    }

    /**
     * A static field's value: what this file stores in it, and what the other files of the scan
     * store in it (their summaries say); data stored from more than one file is trusted less, as any
     * of them may have run last.
     */
    Value staticFieldValue(String owner, String field) {
        String key = fieldRead(owner + "#" + field);
        Value local = fields.getOrDefault(key, Value.CLEAN);
        Value elsewhere = Value.CLEAN;
        Set<String> writers = new java.util.HashSet<>();
        if (local.isTainted()) writers.add(path);
        for (SummaryTable.StaticWrite write : table.staticWrites(owner, field)) {
            if (write.file().equals(path)) continue;
            writers.add(write.file());
            elsewhere = elsewhere.join(write.value());
        }
        Value all = local.join(elsewhere);
        all = writers.size() > 1 ? MethodInterpreter.lessCertain(all) : all;
        // a global store read whole (iterated, handed on) holds every entry, whichever key it came under
        return field.endsWith("]") ? all : all.join(lowConfidence(storeEntries(owner, field)));
    }

    /**
     * The field under which a global store (a static map) keeps what is put under {@code key}: one
     * per constant key, one for every key not known here ({@link #UNKNOWN_KEY}); a constant of
     * another class not yet known here ({@code Keys.QUERY} while its file is not summarised) is
     * kept by name ({@link #storeKey}), and each reader folds it.
     */
    static String storeEntry(String field, String key) {
        return field + "[" + key.replace("#", "%23") + "]";
    }

    static final String UNKNOWN_KEY = "*";
    private static final String CONSTANT_KEY = "=";

    /** How a store's key is written in its entry's name: its value, the constant it names, or {@link #UNKNOWN_KEY}. */
    String storeKey(Expression key) {
        Optional<Object> value = constant(key);
        if (value.isPresent()) {
            return String.valueOf(value.get());
        }
        if (key instanceof FieldAccessExpr f && (f.getScope() instanceof NameExpr || f.getScope() instanceof FieldAccessExpr)) {
            return CONSTANT_KEY + typeReference(f.getScope()) + "." + f.getNameAsString();
        }
        return UNKNOWN_KEY;
    }

    /**
     * The key an event posted to an event bus is kept under: its declared class's simple name (so
     * poster and subscriber agree whichever of them is summarised first), or {@link #UNKNOWN_KEY}.
     */
    String eventKey(Expression event) {
        com.github.javaparser.ast.type.Type type = event instanceof ObjectCreationExpr o ? o.getType()
                : Declarations.of(event).map(dev.seclens.rules.ast.Declaration::type).orElse(null);
        if (type == null || type.isVarType() || Types.denotes(type, "java.lang.Object")) {
            return UNKNOWN_KEY;
        }
        return Types.simpleName(type);
    }

    /**
     * What the event buses deliver to a subscriber's parameter ({@code @Subscribe void on(OrderPlaced e)}):
     * the events posted of that class, and at low confidence those whose class the poster did not
     * know; a subscriber of {@code Object} gets every event at low confidence.
     */
    private Value subscribedEvent(CallableDeclaration<?> method, Parameter p) {
        if (method.getParameters().size() != 1 || !EventBuses.isSubscriber(method)) {
            return Value.CLEAN;
        }
        String key = Types.denotes(p.getType(), "java.lang.Object") ? UNKNOWN_KEY : Types.simpleName(p.getType());
        return storeValue(table.resolve(EventBuses.STORE_OWNER), EventBuses.STORE_FIELD, key);
    }

    /** The value of a key as written in an entry's name; empty when not known here. */
    private Optional<String> keyValue(String written) {
        if (written.equals(UNKNOWN_KEY)) {
            return Optional.empty();
        }
        if (!written.startsWith(CONSTANT_KEY)) {
            return Optional.of(written);
        }
        int dot = written.lastIndexOf('.');
        String constantName = written.substring(dot + 1);
        for (ClassSummary c : table.declared(table.resolve(written.substring(CONSTANT_KEY.length(), dot)))) {
            Optional<Object> value = c.constant(constantName);
            if (value.isPresent()) return Optional.of(String.valueOf(value.get()));
        }
        return Optional.empty();
    }

    /**
     * What {@code store.get(key)} reads from the static map {@code owner#field}: what any file put
     * under the same constant key, and, at low confidence, what was put under a key not known where
     * it was put; every entry at low confidence for a key not known here. Different constant keys
     * never meet. Put from more than one file, an entry is trusted less, as a static field is.
     */
    Value storeValue(String owner, String field, String key) {
        Optional<String> wanted = keyValue(key);
        String prefix = fieldPrefixRead(owner + "#" + field + "[");
        List<SummaryTable.StaticWrite> writes = new ArrayList<>();
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getValue().isTainted()) {
                writes.add(new SummaryTable.StaticWrite(path, e.getKey().substring(owner.length() + 1), e.getValue()));
            }
        }
        for (SummaryTable.StaticWrite write : table.staticWritesStartingWith(owner, field + "[")) {
            if (!write.file().equals(path)) writes.add(write);
        }
        Value same = Value.CLEAN;
        Value unsure = Value.CLEAN;
        Set<String> writers = new java.util.HashSet<>();
        for (SummaryTable.StaticWrite write : writes) {
            String written = write.field().substring(field.length() + 1, write.field().length() - 1).replace("%23", "#");
            Optional<String> writtenKey = keyValue(written);
            if (wanted.isPresent() && writtenKey.isPresent()) {
                if (wanted.equals(writtenKey)) {
                    same = same.join(write.value());
                    writers.add(write.file());
                }
            } else {
                unsure = unsure.join(write.value());
            }
        }
        same = writers.size() > 1 ? MethodInterpreter.lessCertain(same) : same;
        return same.join(lowConfidence(unsure));
    }

    /** Every entry put in the static map {@code owner#field}, by this file or the others. */
    private Value storeEntries(String owner, String field) {
        String prefix = fieldPrefixRead(owner + "#" + field + "[");
        Value all = Value.CLEAN;
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            if (e.getKey().startsWith(prefix)) all = all.join(e.getValue());
        }
        for (SummaryTable.StaticWrite write : table.staticWritesStartingWith(owner, field + "[")) {
            if (!write.file().equals(path)) all = all.join(write.value());
        }
        return all;
    }

    private static Value lowConfidence(Value v) {
        return v.map(t -> !t.origin().isReal() ? t
                : new Taint(t.origin().withConfidence(dev.seclens.rules.Confidence.LOW), t.cleared(), t.steps()));
    }

    void writeField(String owner, String field, Value value) {
        writeField(owner, field, value, ANY_WRITER);
    }

    /** A write by the method {@code writer} (see {@link #fieldValueBefore}). */
    void writeField(String owner, String field, Value value, Object writer) {
        if (value.isTainted() || !value.channels().isEmpty()) {
            runs.effect(() -> {
                fieldWrites.merge(owner + "#" + field, value.keepingFields(), Value::join);
                fieldWritesByWriter.computeIfAbsent(owner + "#" + field, k -> new java.util.IdentityHashMap<>())
                        .merge(writer, value.keepingFields(), Value::join);
            });
        }
    }

    /** Declarations told apart by identity: two fields declared alike are still two fields. */
    private static Set<Node> identitySet() {
        return java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    }

    /** A method of this file inserts {@code key} into the collection {@code field} (its declaration). */
    void insertKey(Node field, Value key) {
        if (key.isTainted()) runs.effect(() -> taintedKeyWrites.add(field));
    }

    /**
     * Whether no method of this file inserted a tainted key, a parameter's or a source's, into the
     * collection {@code field} in the last round: a confined field's keys are then all clean.
     */
    boolean keysClean(Node field) {
        if (firstRound) keyFieldsRead.add(field);
        runs.keysRead(field);
        return !taintedKeys.contains(field);
    }

    private String fieldRead(String key) {
        if (firstRound) fieldKeysRead.add(key);
        runs.fieldRead(key);
        return key;
    }

    private String fieldPrefixRead(String prefix) {
        if (firstRound) fieldPrefixesRead.add(prefix);
        runs.fieldPrefixRead(prefix);
        return prefix;
    }

    /**
     * A write to a static field of {@code owner} (an {@linkplain TypeRef#encoded() encoded
     * reference}, resolved by each reader against its workspace) by a method of {@code writer}:
     * other files read it through this file's summary.
     */
    void writeStaticField(String writer, String owner, String field, Value value) {
        runs.effect(() -> {
            writeField(table.resolve(owner), field, value);
            if (value.isTainted()) {
                staticWrites.computeIfAbsent(writer, k -> new HashMap<>()).merge(owner + "#" + field, value.flat(), Value::join);
            }
        });
    }

    /** The fully qualified name of the class a type name written at {@code e} means ({@code Holder} in {@code Holder.FIELD}). */
    String typeName(Expression e) {
        return table.resolve(typeReference(e));
    }

    /** The {@linkplain TypeRef#encoded() encoded reference} for a type name written at {@code e}. */
    String typeReference(Expression e) {
        return scope.resolve(e, Code.of(e)).encoded();
    }

    void flow(Flow flow) {
        String key = SourceRange.of(flow.at()) + "|" + flow.sink() + "|" + flow.taint().origin();
        runs.effect(() -> flows.putIfAbsent(key, flow));
    }

    /**
     * The taint a parameter carries from the framework: annotated request data, a handler's
     * arguments, main's; safe for the kinds of use its Bean Validation {@code @Pattern} rules out.
     */
    Value parameterSource(CallableDeclaration<?> method, Parameter p) {
        if (Types.isNumericOrBoolean(p.getType())) {
            return Value.CLEAN;
        }
        Set<String> safe = patternSafeKinds(p);
        Value source = unconstrainedSource(method, p).join(subscribedEvent(method, p));
        return safe.isEmpty() ? source : source.clear(safe);
    }

    /**
     * Whether {@code method} constructs an inner class (not {@code static}, local or anonymous): it needs
     * an enclosing instance that no framework binding a form or a body has, so only the code calls it.
     */
    private static boolean isInnerClassConstructor(CallableDeclaration<?> method) {
        return method instanceof ConstructorDeclaration
                && method.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration c
                && !c.isStatic() && !c.isInterface() && (c.isLocalClassDeclaration()
                || c.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration outer && !outer.isInterface()
                || c.getParentNode().orElse(null) instanceof EnumDeclaration);
    }

    private Value unconstrainedSource(CallableDeclaration<?> method, Parameter p) {
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
        for (TaintSpecs.Source s : isInnerClassConstructor(method) ? List.<TaintSpecs.Source>of() : specs.handlerAnnotations) {
            for (AnnotationExpr a : method.getAnnotations()) {
                if (Types.denotes(method, a.getNameAsString(), s.handlerAnnotation()) && !isFrameworkType(p, s)
                        && p.getAnnotations().isEmpty()) {
                    specs.used(s.where());
                    return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` of handler `"
                            + method.getNameAsString() + "`", s, s.confidence()), s));
                }
            }
        }
        if (!specs.setterSources.isEmpty() && method instanceof MethodDeclaration setter && isSetter(setter)
                && !isUploadedFile(p.getType()) && isConvertible(p, p.getType()) && !isInjected(setter)) {
            for (TaintSpecs.Source s : specs.setterSources) {
                if (setter.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration c
                        && classExtends(c, s.setterOf())) {
                    specs.used(s.where());
                    return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` of property setter `"
                            + setter.getNameAsString() + "`", s, s.confidence()), s));
                }
            }
        }
        if (method instanceof MethodDeclaration m && specs.implementationSources.containsKey(m.getNameAsString())) {
            int position = position(m, p);
            for (TaintSpecs.Source s : specs.implementationSources.get(m.getNameAsString())) {
                if (s.parameters().contains(position) && implementsContract(m, s.implementationOf())) {
                    specs.used(s.where());
                    return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` of `"
                            + s.implementationOf().displayName() + "` in `" + simpleOwnerName(m) + "`", s,
                            s.confidence()), s));
                }
            }
        }
        if (!specs.boundSources.isEmpty()
                && (method instanceof ConstructorDeclaration || method instanceof MethodDeclaration m && isSetter(m))
                && method.getParentNode().orElse(null) instanceof TypeDeclaration<?> bound) {
            for (TaintSpecs.Source s : specs.boundSources) {
                if (bound.getAnnotations().stream()
                        .anyMatch(a -> Types.denotes(bound, a.getNameAsString(), s.boundByAnnotation()))) {
                    specs.used(s.where());
                    return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` bound to `"
                            + bound.getNameAsString() + "`", s, s.confidence()), s));
                }
            }
        }
        boolean isMain = method instanceof MethodDeclaration m && m.isStatic() && m.isPublic()
                && m.getNameAsString().equals("main") && m.getParameters().size() == 1;
        if (!specs.mainArguments.isEmpty() && isMain) {
            TaintSpecs.Source s = specs.mainArguments.get(0);
            specs.used(s.where());
            return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` of main", s, s.confidence()), s));
        }
        if (!specs.publicApiSources.isEmpty() && !isMain && !holdsNoText(typeRef(p, p.getType())) && isPublicApi(method)) {
            TaintSpecs.Source s = specs.publicApiSources.get(0);
            specs.used(s.where());
            String name = method instanceof ConstructorDeclaration ? "new " + simpleOwnerName(method)
                    : simpleOwnerName(method) + "." + method.getNameAsString();
            return Value.of(Taint.of(origin(p, "`" + p.getNameAsString() + "` of public `" + name + "`", s,
                    s.confidence()), s));
        }
        return Value.CLEAN;
    }

    private static int position(CallableDeclaration<?> method, Parameter p) {
        for (int i = 0; i < method.getParameters().size(); i++) {
            if (method.getParameter(i) == p) return i;
        }
        return -1;
    }

    private static String simpleOwnerName(CallableDeclaration<?> method) {
        return method.getParentNode().orElse(null) instanceof TypeDeclaration<?> t ? t.getNameAsString()
                : method.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("(anonymous)");
    }

    /**
     * Whether {@code m} implements or overrides the library method {@code contract}: the same name and
     * parameters (a contract's {@code java.lang.Object} parameter stands for a type variable, which an
     * implementation names as it likes), in a class, enum, record or anonymous class that extends or
     * implements the contract's owner, directly, through the specifications' library supertypes, or
     * through classes of the scanned code.
     */
    boolean implementsContract(MethodDeclaration m, Signature contract) {
        if (!m.getNameAsString().equals(contract.name()) || m.isStatic() || m.isPrivate()
                || !contract.acceptsArity(m.getParameters().size())) {
            return false;
        }
        if (!contract.anyParameters()) {
            for (int i = 0; i < m.getParameters().size(); i++) {
                String expected = contract.parameters().get(Math.min(i, contract.parameters().size() - 1));
                if (!expected.equals("java.lang.Object") && !sameErasure(m.getParameter(i), expected)) return false;
            }
        }
        List<ClassOrInterfaceType> supers = new ArrayList<>();
        Node parent = m.getParentNode().orElse(null);
        if (parent instanceof ClassOrInterfaceDeclaration c) {
            supers.addAll(c.getExtendedTypes());
            supers.addAll(c.getImplementedTypes());
        } else if (parent instanceof EnumDeclaration e) {
            supers.addAll(e.getImplementedTypes());
        } else if (parent instanceof RecordDeclaration r) {
            supers.addAll(r.getImplementedTypes());
        } else if (parent instanceof ObjectCreationExpr anonymous) {
            supers.add(anonymous.getType());
        }
        return supers.stream().anyMatch(s -> matcher.owns(m, s.getNameWithScope(), contract));
    }

    /** Whether the declared type of {@code p}, without type arguments, is the signature's type {@code expected}. */
    private static boolean sameErasure(Parameter p, String expected) {
        com.github.javaparser.ast.type.Type type = p.getType();
        String dims = p.isVarArgs() ? "[]" : "";
        while (type instanceof ArrayType a) {
            dims += "[]";
            type = a.getComponentType();
        }
        String written = type instanceof ClassOrInterfaceType c ? c.getNameAsString() : type.asString();
        return (written + dims).equals(SpecIndex.simple(expected.replace("...", "[]")));
    }

    /**
     * Whether callers outside the library can pass {@code method} its arguments: a public method or
     * constructor (or a non-private method of an interface), of a type that is public (or a member of
     * an interface) and nested only in such types, outside test code.
     */
    private boolean isPublicApi(CallableDeclaration<?> method) {
        if (testCode || !(method.getParentNode().orElse(null) instanceof TypeDeclaration<?> owner)
                || !(method.isPublic() || isInterface(owner) && !method.isPrivate())) {
            return false;
        }
        for (Node n = owner; !(n instanceof CompilationUnit); n = n.getParentNode().orElse(null)) {
            boolean memberOfInterface = n.getParentNode().orElse(null) instanceof TypeDeclaration<?> outer
                    && isInterface(outer);
            if (!(n instanceof TypeDeclaration<?> t) || !(t.isPublic() || memberOfInterface)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInterface(TypeDeclaration<?> t) {
        return t instanceof ClassOrInterfaceDeclaration c && c.isInterface()
                || t instanceof com.github.javaparser.ast.body.AnnotationDeclaration;
    }

    /** {@code public void setName(String name)}: a property the framework may fill. */
    /**
     * {@code File}, {@code File[]}, {@code List<File>}: what a file upload interceptor sets is the
     * server's temporary copy of the upload, a path the client does not choose (its name comes in a
     * {@code String} property of its own).
     */
    private static boolean isUploadedFile(com.github.javaparser.ast.type.Type type) {
        com.github.javaparser.ast.type.Type t = type;
        while (t instanceof com.github.javaparser.ast.type.ArrayType a) t = a.getComponentType();
        if (t instanceof ClassOrInterfaceType c && c.getTypeArguments().map(args -> args.size() == 1).orElse(false)) {
            t = c.getTypeArguments().get().get(0);
        }
        return Types.denotes(t, "java.io.File");
    }

    private static boolean isSetter(MethodDeclaration m) {
        String name = m.getNameAsString();
        return m.isPublic() && !m.isStatic() && m.getParameters().size() == 1 && m.getType().isVoidType()
                && name.length() > 3 && name.startsWith("set") && Character.isUpperCase(name.charAt(3));
    }

    /** Dependency injection annotations: the container calls such a setter with configuration, not request text. */
    private static final List<String> INJECTION_ANNOTATIONS = List.of("com.opensymphony.xwork2.inject.Inject",
            "org.apache.struts2.inject.Inject", "javax.inject.Inject", "jakarta.inject.Inject", "com.google.inject.Inject",
            "org.springframework.beans.factory.annotation.Autowired", "org.springframework.beans.factory.annotation.Value");

    private static boolean isInjected(MethodDeclaration setter) {
        return setter.getAnnotations().stream().anyMatch(a -> INJECTION_ANNOTATIONS.stream()
                .anyMatch(type -> Types.denotes(setter, a.getNameAsString(), type)));
    }

    /** Whether {@code c} extends or implements {@code type}, directly or through the scanned code. */
    private boolean classExtends(ClassOrInterfaceDeclaration c, String type) {
        Signature owner = Signature.parse(type + "#x()").orElseThrow();
        List<ClassOrInterfaceType> supers = new ArrayList<>(c.getExtendedTypes());
        supers.addAll(c.getImplementedTypes());
        return supers.stream().anyMatch(s -> matcher.owns(c, s.getNameWithScope(), owner));
    }

    /** Texts, and what the collections a binder fills hold: an array's or a collection's elements, a map's values. */
    private static final Set<String> CONVERTIBLE_TEXT = Set.of("java.lang.String", "java.lang.CharSequence",
            "java.lang.Character");
    private static final Set<String> CONVERTIBLE_CONTAINERS = Set.of("java.util.List", "java.util.Set",
            "java.util.Collection", "java.util.SortedSet", "java.util.ArrayList", "java.util.LinkedList",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Map",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.SortedMap");

    /**
     * Whether a framework that binds request parameters by property setters (Struts' parameters
     * interceptor and its type converters) fills a property of this type from request text: texts,
     * primitives and their boxes, numbers, dates and times, enums, and arrays or collections of
     * those. It never converts text into another class of the workspace or a library (an entity
     * such as {@code setActionWeblog(Weblog)}): a parameter {@code bean.title} goes through
     * {@code getBean().setTitle(..)} instead (see {@link #formBeanSources}).
     */
    private boolean isConvertible(Node context, com.github.javaparser.ast.type.Type type) {
        if (type instanceof com.github.javaparser.ast.type.ArrayType a) {
            return isConvertible(context, a.getComponentType());
        }
        if (type.isPrimitiveType()) {
            return true;
        }
        if (!(type instanceof ClassOrInterfaceType c)) {
            return false;
        }
        String resolved = table.resolve(typeRef(context, c));
        if (CONVERTIBLE_TEXT.contains(resolved) || holdsNoText(typeRef(context, c))) {
            return true;
        }
        if (!CONVERTIBLE_CONTAINERS.contains(resolved)) {
            return false;
        }
        // raw, or whose elements (a map's values; its keys are parameter names) are convertible
        return c.getTypeArguments().map(args -> args.isEmpty()
                || isConvertible(context, args.get(args.size() - 1))).orElse(true);
    }

    /**
     * Whether the action itself puts a new object of a workspace class in the field {@code v}: at
     * its declaration, or by an assignment in one of its methods ({@code group = new PlanetGroup()}).
     */
    private boolean createdByAction(ClassOrInterfaceDeclaration action, com.github.javaparser.ast.body.VariableDeclarator v) {
        if (v.getInitializer().orElse(null) instanceof ObjectCreationExpr created) {
            return isUserClass(created);
        }
        String name = v.getNameAsString();
        return action.findAll(com.github.javaparser.ast.expr.AssignExpr.class).stream().anyMatch(a
                -> a.getValue() instanceof ObjectCreationExpr created && isUserClass(created)
                && (a.getTarget() instanceof com.github.javaparser.ast.expr.NameExpr n && n.getNameAsString().equals(name)
                || a.getTarget() instanceof com.github.javaparser.ast.expr.FieldAccessExpr f
                && f.getScope() instanceof com.github.javaparser.ast.expr.ThisExpr && f.getNameAsString().equals(name)));
    }

    /**
     * The request data in the form beans of this file's actions: a field the action fills itself
     * with a new object of another class ({@link #createdByAction}) and exposes through a public
     * getter ({@code private EntryBean bean = new EntryBean(); public EntryBean getBean()}) is filled by
     * the binder through {@code getBean().setTitle(..)}, so what it holds is request text; so is one whose
     * getter declares that parameters bind below it (Struts 6.4's {@code @StrutsParameter(depth = 1)}),
     * since the binder then creates the object when the field is empty. A property the action leaves
     * unset and does not declare (an entity its own code loads) is not.
     */
    private static boolean bindsNestedParameters(MethodDeclaration getter) {
        return getter.getAnnotationByName("StrutsParameter")
                .filter(a -> a instanceof com.github.javaparser.ast.expr.NormalAnnotationExpr)
                .map(a -> ((com.github.javaparser.ast.expr.NormalAnnotationExpr) a).getPairs().stream()
                        .anyMatch(pair -> pair.getNameAsString().equals("depth")
                                && pair.getValue() instanceof com.github.javaparser.ast.expr.IntegerLiteralExpr depth
                                && depth.asNumber().intValue() >= 1))
                .orElse(false);
    }

    private Map<String, Value> formBeanSources() {
        if (specs.setterSources.isEmpty()) {
            return Map.of();
        }
        Map<String, Value> out = new HashMap<>();
        for (com.github.javaparser.ast.body.TypeDeclaration<?> type : FileIndex.of(unit).orElseThrow().types()) {
            if (!(type instanceof ClassOrInterfaceDeclaration c) || c.isInterface()) continue;
            Optional<TaintSpecs.Source> source = specs.setterSources.stream().filter(s -> classExtends(c, s.setterOf())).findFirst();
            if (source.isEmpty()) continue;
            for (com.github.javaparser.ast.body.FieldDeclaration f : c.getFields()) {
                if (f.isStatic()) continue;
                for (com.github.javaparser.ast.body.VariableDeclarator v : f.getVariables()) {
                    String name = v.getNameAsString();
                    String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
                    List<MethodDeclaration> getters = c.getMethodsBySignature(getter).stream()
                            .filter(MethodDeclaration::isPublic).toList();
                    if (!getters.isEmpty() && !isConvertible(v, v.getType())
                            && (createdByAction(c, v) || getters.stream().anyMatch(FileTaint::bindsNestedParameters))) {
                        TaintSpecs.Source s = source.get();
                        specs.used(s.where());
                        out.put(qualifiedName(c) + "#" + name, Value.of(Taint.of(origin(v, "`" + name
                                + "` filled through `" + getter + "()`", s, s.confidence()), s)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Bean Validation's {@code @Pattern(regexp = "[a-z]{1,16}")} on a handler's parameter: the
     * framework rejects the request unless the whole value matches, so the value is safe where the
     * characters the pattern admits are harmless ({@link RegexAlphabet}).
     */
    private static Set<String> patternSafeKinds(Parameter p) {
        for (AnnotationExpr a : p.getAnnotations()) {
            if (!(Types.denotes(p, a.getNameAsString(), "javax.validation.constraints.Pattern")
                    || Types.denotes(p, a.getNameAsString(), "jakarta.validation.constraints.Pattern"))
                    || !(a instanceof com.github.javaparser.ast.expr.NormalAnnotationExpr normal)) {
                continue;
            }
            for (var pair : normal.getPairs()) {
                if (pair.getNameAsString().equals("regexp")) {
                    return dev.seclens.rules.ast.Constants.string(pair.getValue()).map(RegexAlphabet::safeKinds)
                            .orElse(Set.of());
                }
            }
        }
        return Set.of();
    }

    private static boolean isFrameworkType(Parameter p, TaintSpecs.Source s) {
        String written = p.getType() instanceof ClassOrInterfaceType c ? c.getNameWithScope() : p.getType().asString();
        for (String except : s.except()) {
            if (Types.denotes(p, written, except)) return true;
        }
        return false;
    }

    private Origin origin(Node at, String code, TaintSpecs.Source s, Confidence confidence) {
        return new Origin(code, s.label(), path, SourceRange.of(at), confidence, Origin.REAL, s.threatModel());
    }

    Origin origin(MethodCallExpr call, TaintSpecs.Source s, ApiMatcher.Match match) {
        Confidence c = match == ApiMatcher.Match.NAME_ONLY && s.confidence() == Confidence.HIGH ? Confidence.MEDIUM
                : s.confidence();
        return origin(call, "`" + Code.quote(call) + "`", s, c);
    }

    /**
     * The summaries a call may run, from this file or the workspace (empty for library calls), and
     * whether the choice is uncertain: overloads the argument types could not tell apart, or a
     * virtual call with more targets than are followed.
     */
    Resolution resolve(MethodCallExpr call, Expression scope, String owner) {
        SummaryTable.Targets targets = candidates(call, scope, owner);
        if (targets.capped()) {
            limit("a call to `" + call.getNameAsString() + "` has more than " + SummaryTable.MAX_TARGETS
                    + " possible targets; only the first " + SummaryTable.MAX_TARGETS + " are followed");
        }
        Overloads.Choice choice = overloads.choose(targets.methods(), argumentTypes(call.getArguments()));
        return new Resolution(choice.methods(), choice.ambiguous() || targets.capped());
    }

    /** The methods a call runs, and whether that is a guess (its flows are then trusted less). */
    record Resolution(List<MethodSummary> methods, boolean uncertain) {
    }

    /**
     * The project methods a method reference may name with {@code arity} parameters (static, or
     * instance methods of the scope's class); overloads are not told apart by type, so a
     * reference matching several is a guess.
     */
    List<MethodSummary> resolveReference(MethodReferenceExpr ref, int arity, String owner) {
        Expression scope = ref.getScope();
        SummaryTable.Targets targets = candidates(ref, ref.getIdentifier(), arity, scope, owner);
        return targets.methods();
    }

    private SummaryTable.Targets candidates(MethodCallExpr call, Expression scope, String owner) {
        return candidates(call, call.getNameAsString(), call.getArguments().size(), scope, owner);
    }

    private SummaryTable.Targets candidates(Node call, String name, int arity, Expression scope, String owner) {
        if (scope == null || scope instanceof ThisExpr) {
            for (Node n = call; n != null; n = n.getParentNode().orElse(null)) {
                if (n instanceof TypeDeclaration<?> t) {
                    SummaryTable.Targets found = table.methods(qualifiedName(t), name, arity, false, testCode);
                    if (!found.isEmpty()) return found;
                }
            }
            return SummaryTable.Targets.NONE;
        }
        if (scope instanceof SuperExpr) {
            List<MethodSummary> found = new ArrayList<>();
            boolean capped = false;
            for (String s : table.supertypes(owner)) {
                SummaryTable.Targets t = table.methods(s, name, arity, true, testCode);
                found.addAll(t.methods());
                capped |= t.capped();
            }
            return new SummaryTable.Targets(found, capped);
        }
        return receiverClass(scope)
                .map(r -> table.methods(r.type(), name, arity, r.exact(), testCode))
                .orElse(SummaryTable.Targets.NONE);
    }

    /** The class of the workspace (or library) a receiver's value belongs to, and whether exactly that class. */
    record Receiver(String type, boolean exact) {
    }

    /**
     * The class of {@code e}'s value where the source shows it: a declared type (the runtime class
     * may be a subclass), or exactly the class of an allocation, of a static call's scope, or of a
     * local variable only ever assigned one allocation.
     */
    Optional<Receiver> receiverClass(Expression e) {
        if (e instanceof EnclosedExpr p) {
            return receiverClass(p.getInner());
        }
        if (e instanceof CastExpr c) {
            return declared(c, c.getType(), false);
        }
        if (e instanceof ObjectCreationExpr o) {
            return declared(o, o.getType(), o.getAnonymousClassBody().isEmpty());
        }
        if (e instanceof ThisExpr) {
            return scope.enclosingType(e).map(t -> new Receiver(t, false));
        }
        if (e instanceof TypeExpr t) {
            return declared(t, t.getType(), false); // Type::method
        }
        if (e instanceof ArrayAccessExpr a) {
            return Declarations.of(a.getName()).map(d -> d.type())
                    .filter(t -> t instanceof ArrayType)
                    .flatMap(t -> declared(a, ((ArrayType) t).getComponentType(), false));
        }
        if (e instanceof MethodCallExpr call) {
            return returnClass(call);
        }
        if (e instanceof NameExpr || e instanceof FieldAccessExpr) {
            Optional<Declaration> declaration = Declarations.of(e);
            if (declaration.isPresent()) {
                Declaration d = declaration.get();
                Optional<Expression> init = d.initializer();
                boolean allocatedOnce = d.kind() == Declaration.Kind.LOCAL && init.isPresent()
                        && init.get() instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isEmpty()
                        && !Declarations.isReassigned(d);
                if (d.type().isVarType() || allocatedOnce) {
                    return init.flatMap(this::receiverClass);
                }
                return declared(d.node(), d.type(), false);
            }
            Optional<Receiver> field = fieldOf(e);
            if (field.isPresent()) {
                return field;
            }
            String text = Code.of(e);
            if (e instanceof NameExpr && Character.isUpperCase(text.charAt(0))) {
                return Optional.of(new Receiver(table.resolve(scope.resolve(e, text).encoded()), true));
            }
            if (e instanceof FieldAccessExpr && QUALIFIED_TYPE.matcher(text).matches()) {
                return Optional.of(new Receiver(table.resolve(scope.resolve(e, text).encoded()), true));
            }
        }
        return Optional.empty();
    }

    /**
     * The declared type of a field another file declares, as its class's summary keeps it: {@code Keys.SEED}
     * (a constant of a workspace class, not a nested type {@code Keys.SEED}), {@code holder.name}, or a
     * field the enclosing class inherits.
     */
    private Optional<Receiver> fieldOf(Expression e) {
        if (table == null) return Optional.empty(); // no summaries before the first round
        if (e instanceof FieldAccessExpr access) {
            if (access.getScope() instanceof ThisExpr || access.getScope() instanceof SuperExpr) {
                return inheritedField(access, access.getNameAsString());
            }
            return receiverClass(access.getScope()).flatMap(owner -> fieldType(owner.type(), access.getNameAsString()));
        }
        return e instanceof NameExpr name ? inheritedField(name, name.getNameAsString()) : Optional.empty();
    }

    /** The field {@code name} of a class enclosing {@code at}, or of one of their supertypes. */
    private Optional<Receiver> inheritedField(Node at, String name) {
        for (Node n = at; n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof TypeDeclaration<?> t) {
                Optional<Receiver> found = fieldType(qualifiedName(t), name);
                if (found.isPresent()) return found;
            }
        }
        return Optional.empty();
    }

    /** The type of the field {@code name} declared in the workspace class {@code owner} or its supertypes. */
    private Optional<Receiver> fieldType(String owner, String name) {
        return table.fieldType(owner, name).map(type -> new Receiver(type, false));
    }

    private static final java.util.regex.Pattern QUALIFIED_TYPE =
            java.util.regex.Pattern.compile("([a-z_][\\w]*\\.)*[A-Z][\\w$]*(\\.[A-Z][\\w$]*)*");

    private Optional<Receiver> declared(Node context, com.github.javaparser.ast.type.Type type, boolean exact) {
        if (!(type instanceof ClassOrInterfaceType)) {
            return Optional.empty();
        }
        return Optional.of(new Receiver(table.resolve(typeRef(context, type)), exact));
    }

    /** Methods of the common generic containers that hand back an element, and which type argument it has. */
    private static final Map<String, Integer> ELEMENT_GETTERS = Map.ofEntries(
            Map.entry("get", 0), Map.entry("getFirst", 0), Map.entry("getLast", 0), Map.entry("next", 0),
            Map.entry("previous", 0), Map.entry("peek", 0), Map.entry("poll", 0), Map.entry("pop", 0),
            Map.entry("element", 0), Map.entry("first", 0), Map.entry("last", 0), Map.entry("orElse", 0),
            Map.entry("orElseGet", 0), Map.entry("orElseThrow", 0), Map.entry("join", 0), Map.entry("getKey", 0),
            Map.entry("getValue", 1), Map.entry("getOrDefault", 1));
    private static final Set<String> CONTAINERS = Set.of("List", "ArrayList", "LinkedList", "Collection", "Set",
            "HashSet", "LinkedHashSet", "TreeSet", "SortedSet", "NavigableSet", "Queue", "Deque", "ArrayDeque",
            "Iterator", "ListIterator", "Optional", "Supplier", "Future", "CompletableFuture", "Map", "HashMap",
            "LinkedHashMap", "TreeMap", "SortedMap", "NavigableMap", "ConcurrentMap", "ConcurrentHashMap", "Entry");

    /**
     * The element type of a container's getter where the container's declared type says it:
     * {@code users.get(0)} of a {@code List<User> users} is a {@code User}, {@code map.get(k)} of a
     * {@code Map<K, V>} a {@code V}.
     */
    private Optional<Receiver> elementClass(MethodCallExpr call) {
        Integer position = ELEMENT_GETTERS.get(call.getNameAsString());
        Expression scope = call.getScope().orElse(null);
        if (position == null || scope == null) return Optional.empty();
        Optional<Declaration> d = Declarations.of(scope);
        if (d.isEmpty() || !(d.get().type() instanceof ClassOrInterfaceType container)
                || !CONTAINERS.contains(container.getNameAsString())) {
            return Optional.empty();
        }
        boolean isMap = container.getNameAsString().endsWith("Map") || container.getNameAsString().equals("Entry");
        int argument = isMap && call.getNameAsString().equals("get") ? 1 : position;
        if (!isMap && argument > 0) return Optional.empty();
        return container.getTypeArguments()
                .filter(args -> args.size() > argument)
                .flatMap(args -> declared(d.get().node(), args.get(argument), false));
    }

    /** Methods of {@code String} that return a {@code String}: {@code path.trim().length()} is not {@code File.length}. */
    private static final Set<String> STRING_TO_STRING = Set.of("trim", "strip", "stripLeading", "stripTrailing",
            "substring", "toLowerCase", "toUpperCase", "replace", "replaceAll", "replaceFirst", "concat", "intern",
            "repeat", "formatted", "translateEscapes", "stripIndent");

    /** The declared return type of what a call runs: a project method's, or a library factory's from the specs. */
    private Optional<Receiver> returnClass(MethodCallExpr call) {
        if (STRING_TO_STRING.contains(call.getNameAsString()) && call.getScope()
                .flatMap(this::staticType).filter("java.lang.String"::equals).isPresent()) {
            return Optional.of(new Receiver("java.lang.String", true));
        }
        Optional<Receiver> element = elementClass(call);
        if (element.isPresent()) {
            return element;
        }
        Optional<String> library = matcher.libraryReturnType(call);
        if (library.isPresent()) {
            String t = library.get();
            return Optional.of(new Receiver(t.contains(".") ? t : TypeRef.UNKNOWN + t, false));
        }
        for (MethodSummary m : candidates(call, call.getScope().orElse(null), scope.enclosingType(call).orElse(""))
                .methods()) {
            if (!m.returnType().isEmpty()) {
                return Optional.of(new Receiver(table.resolve(m.returnType()), false));
            }
        }
        return Optional.empty();
    }

    /** {@link #returnClass} as a name library types are matched against: qualified, or simple when unknown. */
    private Optional<String> userReturnType(MethodCallExpr call) {
        return returnClass(call).map(r -> TypeRef.isUnknown(r.type()) ? TypeRef.simpleName(r.type()) : r.type());
    }

    /** The functional interfaces and methods of the other files, for lambdas' parameters written without types. */
    private final Functionals.Workspace functionTypes = new Functionals.Workspace() {
        @Override
        public Optional<String> functionParameter(Node context, ClassOrInterfaceType functionType, int position, int arity) {
            return soleAbstractParameter(resolvedType(context, functionType), position, arity);
        }

        @Override
        public Optional<String> argumentFunctionParameter(MethodCallExpr call, int argument, int position, int arity) {
            return parameterOf(resolve(call, call.getScope().orElse(null), ownerName(call)).methods(), argument, position, arity);
        }

        @Override
        public Optional<String> constructorFunctionParameter(ObjectCreationExpr creation, int argument, int position, int arity) {
            return parameterOf(constructors(creation), argument, position, arity);
        }

        /** What every one of {@code methods} takes at {@code argument}, when it is a function: its parameter {@code position}. */
        private Optional<String> parameterOf(List<MethodSummary> methods, int argument, int position, int arity) {
            Set<String> types = new java.util.HashSet<>();
            for (MethodSummary m : methods) {
                Optional<String> type = argument < m.parameterTypes().size()
                        ? soleAbstractParameter(table.resolve(m.parameterTypes().get(argument)), position, arity)
                                .or(() -> jdkFunctionParameter(m, argument, position, arity)) : Optional.empty();
                if (type.isEmpty()) return Optional.empty();
                types.add(type.get());
            }
            return types.size() == 1 ? types.stream().findFirst() : Optional.empty();
        }

        @Override
        public Optional<String> fieldFunctionParameter(FieldAccessExpr field, int position, int arity) {
            Optional<Receiver> owner = receiverClass(field.getScope());
            if (owner.isEmpty()) {
                return Optional.empty();
            }
            Set<String> found = new java.util.HashSet<>();
            for (ClassSummary c : table.declared(owner.get().type())) {
                List<String> types = c.functionTypes().get(ClassSummary.fieldKey(field.getNameAsString()));
                if (types == null || types.size() != arity) return Optional.empty();
                found.add(table.resolve(types.get(position)));
            }
            return found.size() == 1 ? found.stream().findFirst().filter(t -> !t.isEmpty() && !TypeRef.isUnknown(t))
                    : Optional.empty();
        }

        /**
         * What the owner of {@code m} keeps of its parameter {@code argument}'s {@code java.util.function}
         * type: the type of the function's parameter {@code position}, if it takes {@code arity}.
         */
        private Optional<String> jdkFunctionParameter(MethodSummary m, int argument, int position, int arity) {
            String key = ClassSummary.parameterKey(m.isConstructor() ? "<init>" : m.name(), m.arity(), argument);
            for (ClassSummary c : table.declared(m.owner())) {
                List<String> types = c.functionTypes().get(key);
                if (types != null && types.size() == arity) {
                    String type = table.resolve(types.get(position));
                    return type.isEmpty() || TypeRef.isUnknown(type) ? Optional.empty() : Optional.of(type);
                }
            }
            return Optional.empty();
        }

        /** Parameter {@code position} of the one abstract method, of {@code arity} parameters, of a workspace interface. */
        private Optional<String> soleAbstractParameter(String type, int position, int arity) {
            Set<String> found = new java.util.HashSet<>();
            for (ClassSummary c : table.declared(type)) {
                if (!c.isInterface() || c.functionParameters().size() != arity) return Optional.empty();
                found.add(table.resolve(c.functionParameters().get(position)));
            }
            return found.size() == 1 ? found.stream().findFirst().filter(t -> !TypeRef.isUnknown(t)) : Optional.empty();
        }
    };

    /** The FreeMarker configurations the other files set up, for templates made with them here. */
    final FreeMarkerConfigurations.Workspace freeMarker = new FreeMarkerConfigurations.Workspace() {
        @Override
        public Optional<String> returnedBy(MethodCallExpr call) {
            Set<String> resolvers = new java.util.HashSet<>();
            List<MethodSummary> methods = resolve(call, call.getScope().orElse(null), ownerName(call)).methods();
            for (MethodSummary m : methods) {
                String resolver = setup(m.owner(), ClassSummary.methodKey(m.name(), m.arity()));
                if (resolver == null) return Optional.empty();
                resolvers.add(resolver);
            }
            return resolvers.size() == 1 ? resolvers.stream().findFirst() : Optional.empty();
        }

        @Override
        public Optional<String> field(FieldAccessExpr access) {
            return receiverClass(access.getScope())
                    .map(owner -> setup(owner.type(), ClassSummary.fieldKey(access.getNameAsString())));
        }

        @Override
        public Optional<String> injected(String name) {
            // Spring injects the one bean of the type, or among several the one named as the field or parameter
            Map<String, Set<String>> byBean = new java.util.TreeMap<>();
            for (ClassSummary c : table.beanFactoriesOf(ClassSummary.FREEMARKER_CONFIGURATION)) {
                if (c.test() && !testCode) continue; // a test's configuration is not the application's
                c.freeMarkerBeans().forEach((bean, resolver) -> byBean.computeIfAbsent(bean, k -> new java.util.HashSet<>())
                        .add(resolver));
            }
            Set<String> resolvers = byBean.size() == 1 ? byBean.values().iterator().next() : byBean.getOrDefault(name, Set.of());
            return resolvers.size() == 1 ? resolvers.stream().findFirst().filter(r -> !r.isEmpty()) : Optional.empty();
        }

        /** What every class of that name keeps under {@code key}; null unless they all agree. */
        private String setup(String owner, String key) {
            Set<String> found = new java.util.HashSet<>();
            for (ClassSummary c : table.classes(owner)) {
                String resolver = c.freeMarkerSetups().get(key);
                if (resolver == null) return null;
                found.add(resolver);
            }
            return found.size() == 1 ? found.iterator().next() : null;
        }
    };

    /** The library types whose values are functions a method may run. */
    private static final Set<String> FUNCTIONAL_TYPES = Set.of("java.util.function.Function",
            "java.util.function.BiFunction", "java.util.function.Consumer", "java.util.function.BiConsumer",
            "java.util.function.Supplier", "java.util.function.Predicate", "java.util.function.BiPredicate",
            "java.util.function.UnaryOperator", "java.util.function.BinaryOperator", "java.lang.Runnable",
            "java.util.concurrent.Callable");

    /** Whether a parameter holds a function: a {@code java.util.function} type, a task, or an interface of the workspace. */
    boolean isFunctionalType(Parameter p) {
        if (!(p.getType() instanceof ClassOrInterfaceType)) {
            return false;
        }
        String type = resolvedType(p, p.getType());
        return FUNCTIONAL_TYPES.contains(type) || table.declared(type).stream().anyMatch(ClassSummary::isInterface);
    }

    /** The class a type written at {@code context} means, resolved against the workspace. */
    String resolvedType(Node context, com.github.javaparser.ast.type.Type type) {
        return table.resolve(typeRef(context, type));
    }

    /** The supertypes, resolved, of a class the workspace declares; null for any other. */
    List<String> workspaceSupertypes(String qualifiedName) {
        return table.knows(qualifiedName) ? table.supertypes(qualifiedName).stream().map(table::resolve).toList() : null;
    }

    /** Whether an object of the class {@code sub} is a {@code sup}, as far as the workspace tells. */
    SummaryTable.Tri isSubtype(String sub, String sup) {
        return table.isSubtype(sub, sup);
    }

    /** Whether the workspace declares the class of this fully qualified name. */
    boolean isWorkspaceClass(String qualifiedName) {
        return table.knows(qualifiedName);
    }

    /** The project methods a reflective call of {@code type.name} with {@code arity} parameters runs (any override). */
    List<MethodSummary> reflectedMethods(String type, String name, int arity) {
        return table.methods(type, name, arity, false, testCode).methods();
    }

    /** The project constructors of {@code type} ({@code Type::new}) with {@code arity} parameters. */
    List<MethodSummary> constructors(Node context, com.github.javaparser.ast.type.Type type, int arity) {
        return table.constructors(table.resolve(typeRef(context, type)), arity);
    }

    /**
     * The constructors {@code this(...)} or {@code super(...)} runs, when they are of the scanned
     * code: of the class itself, or of the superclass it extends; empty for a library superclass.
     */
    List<MethodSummary> constructors(com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt call, String owner) {
        List<MethodSummary> candidates;
        if (call.isThis()) {
            candidates = table.constructors(owner, call.getArguments().size());
        } else {
            Optional<ClassOrInterfaceType> superclass = call.findAncestor(ClassOrInterfaceDeclaration.class)
                    .filter(c -> !c.isInterface() && c.getExtendedTypes().isNonEmpty())
                    .map(c -> c.getExtendedTypes().get(0));
            if (superclass.isEmpty()) return List.of();
            candidates = constructors(call, superclass.get(), call.getArguments().size());
        }
        return overloads.choose(candidates, argumentTypes(call.getArguments())).methods();
    }

    List<MethodSummary> constructors(ObjectCreationExpr creation) {
        String type = table.resolve(typeRef(creation, creation.getType()));
        List<MethodSummary> candidates = table.constructors(type, creation.getArguments().size());
        return overloads.choose(candidates, argumentTypes(creation.getArguments())).methods();
    }

    private List<Optional<String>> argumentTypes(List<Expression> arguments) {
        List<Optional<String>> out = new ArrayList<>();
        for (Expression a : arguments) out.add(staticType(a));
        return out;
    }

    /**
     * The static type of {@code e} where the source shows it, resolved ({@code java.lang.String},
     * {@code int}, {@code null}, {@code p.User}, {@code ?Unknown}); empty where it does not.
     */
    Optional<String> staticType(Expression e) {
        if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) return Optional.of("java.lang.String");
        if (e instanceof IntegerLiteralExpr) return Optional.of("int");
        if (e instanceof LongLiteralExpr) return Optional.of("long");
        if (e instanceof BooleanLiteralExpr) return Optional.of("boolean");
        if (e instanceof CharLiteralExpr) return Optional.of("char");
        if (e instanceof DoubleLiteralExpr d) {
            return Optional.of(d.getValue().endsWith("f") || d.getValue().endsWith("F") ? "float" : "double");
        }
        if (e instanceof NullLiteralExpr) return Optional.of("null");
        if (e instanceof EnclosedExpr p) return staticType(p.getInner());
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS
                && (staticType(b.getLeft()).filter("java.lang.String"::equals).isPresent()
                || staticType(b.getRight()).filter("java.lang.String"::equals).isPresent())) {
            return Optional.of("java.lang.String");
        }
        if (e instanceof CastExpr c) return typeOf(c, c.getType());
        if (e instanceof ObjectCreationExpr o) return typeOf(o, o.getType());
        if (e instanceof MethodCallExpr call && call.getNameAsString().equals("toString") && call.getArguments().isEmpty()) {
            return Optional.of("java.lang.String");
        }
        if (e instanceof NameExpr || e instanceof FieldAccessExpr) {
            Optional<Declaration> d = Declarations.of(e);
            if (d.isPresent()) {
                return d.get().type().isVarType() ? d.get().initializer().flatMap(this::staticType)
                        : typeOf(d.get().node(), d.get().type());
            }
            if (e instanceof NameExpr n) {
                Optional<com.github.javaparser.ast.expr.TypePatternExpr> pattern = patternVariable(n);
                if (pattern.isPresent()) return typeOf(pattern.get(), pattern.get().getType());
            }
            return fieldOf(e).map(Receiver::type);
        }
        if (e instanceof MethodCallExpr || e instanceof ThisExpr) {
            return receiverClass(e).map(Receiver::type);
        }
        return Optional.empty();
    }

    /**
     * The pattern ({@code o instanceof String s}, {@code case File f}) that declares {@code n} in
     * its method, when the method declares that name by patterns of one type only; so a call on a
     * pattern variable chooses its overload by the pattern's type.
     */
    private static Optional<com.github.javaparser.ast.expr.TypePatternExpr> patternVariable(NameExpr n) {
        Optional<Node> body = n.findAncestor(CallableDeclaration.class).map(c -> (Node) c);
        if (body.isEmpty()) return Optional.empty();
        List<com.github.javaparser.ast.expr.TypePatternExpr> same = body.get()
                .findAll(com.github.javaparser.ast.expr.TypePatternExpr.class).stream()
                .filter(p -> p.getNameAsString().equals(n.getNameAsString())).toList();
        return !same.isEmpty() && same.stream().allMatch(p -> p.getType().equals(same.get(0).getType()))
                ? Optional.of(same.get(0)) : Optional.empty();
    }

    private Optional<String> typeOf(Node context, com.github.javaparser.ast.type.Type type) {
        return type.isVarType() ? Optional.empty() : Optional.of(table.resolve(typeRef(context, type)));
    }

    /**
     * Whether a value of the type a summary or a parameter names ({@linkplain TypeRef#encoded() encoded})
     * cannot carry text an attacker chose: numbers, booleans, UUIDs, dates, times and zones, charsets,
     * classes, and the workspace's enums, whose values are their own constants ({@code entry.getStatus()},
     * {@code entry.getPubTime()}; a library's {@code ZoneId} parameter written to a log forges no line).
     * Not a {@code Locale}: its constructors keep whatever text they are given, line breaks included.
     */
    boolean holdsNoText(String encodedType) {
        if (encodedType.isEmpty() || encodedType.endsWith("[]")) {
            return false;
        }
        String resolved = table.resolve(encodedType);
        if (TEXTLESS_TYPES.contains(resolved) || resolved.startsWith("java.time.")
                || !resolved.contains(".") && Types.isNumericOrBoolean(TypeRef.simpleName(resolved))) {
            return true;
        }
        return table.knows(resolved) && table.supertypes(resolved).contains("java.lang.Enum");
    }

    private static final Set<String> TEXTLESS_TYPES = Set.of("java.lang.Byte", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Boolean", "java.math.BigDecimal",
            "java.math.BigInteger", "java.util.UUID", "java.util.Date", "java.util.Calendar", "java.sql.Date",
            "java.sql.Time", "java.sql.Timestamp", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong", "java.util.TimeZone", "java.nio.charset.Charset", "java.lang.Class",
            "java.util.concurrent.TimeUnit");

    /** The encoded reference for a type written at {@code context}. */
    String typeRef(Node context, com.github.javaparser.ast.type.Type type) {
        return scope.encode(context, type);
    }

    String qualifiedName(TypeDeclaration<?> type) {
        return scope.qualifiedName(type);
    }

    /** Whether {@code new T(..)} written at {@code creation} makes an object of a class of the workspace. */
    boolean isUserClass(ObjectCreationExpr creation) {
        return table.knows(table.resolve(typeRef(creation, creation.getType())));
    }

    /** Records a limit the analysis applied, reported with the file's findings as a partial-analysis note. */
    void limit(String note) {
        runs.effect(() -> limits.add(note));
    }

    List<String> limits() {
        return List.copyOf(new java.util.LinkedHashSet<>(limits));
    }

    String ownerName(Node node) {
        return scope.enclosingType(node).orElse("");
    }

    static String fileName(String path) {
        String unix = path.replace('\\', '/');
        return unix.substring(unix.lastIndexOf('/') + 1);
    }
}
