package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.ArrayCreationLevel;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.*;
import com.github.javaparser.ast.stmt.*;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.PathSegments;
import dev.seclens.rules.ast.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one method (or constructor) over abstract values: which variables may hold untrusted data
 * at each point, in statement order, joining at branches, iterating loops to a fixed point and
 * skipping branches whose condition folds to a constant. Parameters stand for "whatever callers
 * pass" (symbolic origins) and real sources for themselves, so one run yields both the flows
 * from real sources to sinks and the method's {@link MethodSummary}.
 */
final class MethodInterpreter {
    private static final int MAX_LOOP_ROUNDS = 4;
    /** Functions running functions (a callback calling a stored lambda calling ...): deeper is not followed. */
    private static final int MAX_NESTED_FUNCTIONS = 6;
    private static final Set<String> NOT_TEXT = Set.of("length", "size", "isEmpty", "isBlank", "equals",
            "equalsIgnoreCase", "hashCode", "compareTo", "compareToIgnoreCase", "contains", "containsKey",
            "containsValue", "containsAll", "startsWith", "endsWith", "matches", "indexOf", "lastIndexOf", "count",
            "getClass", "hasNext", "isPresent", "anyMatch", "allMatch", "noneMatch", "ordinal", "intValue",
            "longValue", "getLength", "getSize", "getContentLength", "getContentLengthLong", "exists", "delete", "close",
            "flush", "signum", "regionMatches");
    private static final Set<String> LAMBDA_RESULT = Set.of("map", "flatMap", "mapToObj", "thenApply", "transform",
            "computeIfAbsent", "compute", "merge", "orElseGet", "reduce", "mapMulti", "andThen", "apply", "submit",
            "supplyAsync", "thenApplyAsync", "thenCompose", "thenComposeAsync", "handle", "handleAsync", "invokeAny",
            "schedule", "callable", "generate", "iterate");
    /** Calls that keep their function's result in the collection they are called on. */
    private static final Set<String> FUNCTION_STORES = Set.of("replaceAll", "compute", "computeIfAbsent",
            "computeIfPresent", "merge");
    /** Of {@link #LAMBDA_RESULT}, the ones whose result holds only what the function returned: {@code stream.map(f)}, not {@code orElseGet}. */
    /** Methods of a collection that hand back an iterator over it, whose writes change the collection. */
    private static final Set<String> ITERATOR_FACTORIES = Set.of("iterator", "listIterator");
    private static final Set<String> REPLACES_ELEMENTS = Set.of("map", "flatMap", "mapToObj", "thenApply",
            "thenApplyAsync", "transform", "thenCompose", "thenComposeAsync", "handle", "handleAsync");
    private static final Set<String> TEXT_TYPES = Set.of("java.lang.String", "java.lang.CharSequence",
            "java.lang.Object");
    private static final Set<String> LINE_BREAK_KINDS = Set.of("log", "header");
    /** A path's last element alone cannot climb out of a directory. */
    private static final Set<String> LAST_SEGMENT_KINDS = Set.of("path", "archive");
    private static final Signature MAP_GET = Signature.parse("java.util.Map#get(java.lang.Object)").orElseThrow();
    private static final Set<String> MAP_TYPES = Set.of("HashMap", "LinkedHashMap", "TreeMap", "ConcurrentHashMap",
            "EnumMap", "Hashtable", "Properties");
    /** Arrays longer than this, written or created, are followed as one value rather than per position. */
    private static final int MAX_TRACKED_ARRAY = 64;
    /** The sinks a method's summary keeps: each is a flow in every caller that passes it data. */
    private static final int MAX_REACHES = 32;
    private static final Set<String> LIST_TYPES = Set.of("ArrayList", "LinkedList", "ArrayDeque", "Vector", "Stack",
            "CopyOnWriteArrayList", "LinkedBlockingDeque", "ConcurrentLinkedDeque");

    /** Calls that put into, and read from, a map under a key: on a static map, a global store. */
    private static final Set<String> STORE_WRITES = Set.of("put", "putIfAbsent");
    private static final Set<String> STORE_READS = Set.of("get", "getOrDefault", "remove");
    /** Prefix of the {@link #checkedBy} placeholders: no kind of sink is named so. */
    private static final String CHECKED_BY = "checked-by-parameter-";

    private final FileTaint file;
    private final CallableDeclaration<?> method;
    private final String owner;
    private final boolean isStatic;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private Value returns = Value.CLEAN;
    /**
     * Per parameter, the kinds it is proven safe for at every {@code return} that may be true (a
     * boolean method), or at every normal return (any other method).
     */
    private Map<Integer, Set<String>> validates;
    private Set<String> reassigned;
    private Value intoReceiver = Value.CLEAN;
    /** The fields this method assigns, by name, with their declarations. */
    private final Map<String, Optional<Declaration>> assignedDeclarations = new HashMap<>();
    private final List<MethodSummary.Reach> reaches = new ArrayList<>();
    /** Whether this run has reached more sinks than {@link #MAX_REACHES}, and said so. */
    private boolean reachesCapped;
    /** The {@code boolean} parameters the code being run is known to have, by position: inside {@code if (flag)}, flag is true. */
    private final Map<Integer, Boolean> assumed = new HashMap<>();
    /**
     * While a call on one of this method's parameters runs an implementation ({@code callable.invoke(f)}):
     * that parameter and the class of the implementation; the sinks it reaches are reached only where a
     * caller's argument may be of that class ({@link MethodSummary.Reach#dispatch}).
     */
    private Map<Integer, Set<String>> dispatching = Map.of();
    private final Exceptions exceptions;
    /** Per parameter holding a function, what this method passes when it runs it (see {@link MethodSummary#callbacks()}). */
    private final Map<Integer, Value> callbacks = new HashMap<>();
    /** What this method puts into the collections, arrays and builders its parameters hold ({@link MethodSummary#intoParameters}). */
    private final Map<Integer, Value> intoParameters = new HashMap<>();
    /**
     * Locals initialised by a call that may be a lookup ({@code MediaFile f = em.find(MediaFile.class, id)}),
     * and, once asked, the variable holding the key of those that are: where the code uses the
     * result, the key is a stored one. Judged only when the local is used, since most calls are none.
     */
    private final Map<String, VariableDeclarator> lookupCandidates = new HashMap<>();
    private final Map<String, Optional<String>> lookupKeyOf = new HashMap<>();
    /** The parameter a lookup this method returns is keyed by; -1 once it returns anything else. */
    private Integer returnedLookupKey;
    private int budget;
    /** Functions being run now, so one that calls itself (through a field) stops. */
    private final Set<Expression> running = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The predicates {@link Guards} is reading as validators, so one that tests itself stops. */
    private final Set<Expression> proving = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Where {@code break}, {@code continue} and {@code yield} send the state. */
    private static final class Frame {
        final String label;
        final boolean isLoop;
        final boolean isSwitchExpression;
        boolean isLambda;
        final List<Env> breaks = new ArrayList<>();
        final List<Env> continues = new ArrayList<>();
        Value yielded = Value.CLEAN;

        Frame(String label, boolean isLoop, boolean isSwitchExpression) {
            this.label = label;
            this.isLoop = isLoop;
            this.isSwitchExpression = isSwitchExpression;
        }
    }

    private static final class OutOfBudget extends RuntimeException {
        OutOfBudget() {
            super(null, null, false, false);
        }
    }

    MethodInterpreter(FileTaint file, CallableDeclaration<?> method) {
        this.file = file;
        this.method = method;
        this.owner = file.ownerName(method);
        this.exceptions = new Exceptions(file::workspaceSupertypes);
        this.isStatic = method.isStatic();
        this.budget = file.methodBudget();
    }

    MethodSummary run() {
        Env env = new Env(this::fieldAtEntry);
        NodeList<Parameter> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            Value v = Types.isNumericOrBoolean(p.getType()) ? Value.CLEAN : Value.of(Taint.of(Origin.parameter(i)));
            env.put(p.getNameAsString(), v.join(file.parameterSource(method, p)));
        }
        Optional<BlockStmt> body = method instanceof MethodDeclaration m ? m.getBody()
                : Optional.of(((ConstructorDeclaration) method).getBody());
        boolean completed = true;
        if (body.isPresent()) {
            try {
                Env end = exec(body.get(), env);
                if (end != null && returnsVoid()) {
                    validatedAt(end);
                }
            } catch (OutOfBudget e) {
                completed = false;
                file.limit("`" + method.getNameAsString() + "` (line " + method.getBegin().map(b -> b.line).orElse(0)
                        + ") needs more than " + file.methodBudget() + " evaluation steps; flows in the rest of it are not followed");
            }
        }
        if (method instanceof ConstructorDeclaration c && c.getParentNode().orElse(null) instanceof RecordDeclaration r) {
            // a record's constructor ends up storing its parameters: a component's into that component
            for (int i = 0; i < parameters.size(); i++) {
                String name = parameters.get(i).getNameAsString();
                Value v = env.get(name);
                boolean component = r.getParameters().stream().anyMatch(p -> p.getNameAsString().equals(name));
                intoReceiver = component ? intoReceiver.joinField(name, v) : intoReceiver.join(v.flat());
            }
        }
        List<String> types = parameters.stream().map(p -> file.typeRef(p, p.isVarArgs()
                ? new com.github.javaparser.ast.type.ArrayType(p.getType()) : p.getType())).toList();
        int line = method.getName().getBegin().map(b -> b.line).orElse(1);
        String returnType = method instanceof MethodDeclaration m && !m.getType().isVoidType()
                ? file.typeRef(m, m.getType()) : "";
        return new MethodSummary(owner, method instanceof ConstructorDeclaration ? "<init>" : method.getNameAsString(),
                types, returnType, isStatic, method instanceof ConstructorDeclaration, file.path(), line,
                completed ? returns : Value.CLEAN, intoReceiver, reaches,
                completed && validates != null ? validates : Map.of(), completed ? exceptions.escaping() : Map.of(),
                completed ? callbacks : Map.of(), completed ? intoParameters : Map.of(),
                completed && returnedLookupKey != null && returnedLookupKey >= 0 ? returnedLookupKey : null);
    }

    /** The compact record constructor is implicit: each component flows into the object. */
    static MethodSummary recordConstructor(FileTaint file, RecordDeclaration record) {
        Value into = Value.CLEAN;
        for (int i = 0; i < record.getParameters().size(); i++) {
            into = into.joinField(record.getParameters().get(i).getNameAsString(), Value.of(Taint.of(Origin.parameter(i))));
        }
        List<String> types = record.getParameters().stream().map(p -> file.typeRef(p, p.getType())).toList();
        int line = record.getName().getBegin().map(b -> b.line).orElse(1);
        return new MethodSummary(file.qualifiedName(record), "<init>", types, "", false, true, file.path(), line,
                Value.CLEAN, into, List.of());
    }

    /**
     * The implicit accessors of a record's components: each hands back what the record holds,
     * nothing for a number or a boolean, unless the record declares the accessor itself.
     */
    static List<MethodSummary> recordAccessors(FileTaint file, RecordDeclaration record) {
        List<MethodSummary> out = new ArrayList<>();
        for (Parameter component : record.getParameters()) {
            String name = component.getNameAsString();
            if (!record.getMethodsBySignature(name).isEmpty()) {
                continue;
            }
            Value returns = Types.isNumericOrBoolean(component.getType()) ? Value.CLEAN
                    : Value.of(Taint.of(Origin.receiver().field(name)));
            int line = component.getName().getBegin().map(b -> b.line).orElse(1);
            out.add(new MethodSummary(file.qualifiedName(record), name, List.of(),
                    file.typeRef(component, component.getType()), false, false, file.path(), line,
                    returns, Value.CLEAN, List.of()));
        }
        return out;
    }

    /**
     * A request handler's return value as a sink: a {@code "redirect:"} view name, an HTML response
     * body; or the value an implementation of a framework contract returns (a wiki macro's HTML).
     */
    private void handlerReturn(Expression returned, Value value) {
        if (!value.isTainted() || file.specs().handlerReturns.isEmpty()) {
            return;
        }
        for (TaintSpecs.HandlerReturn h : file.specs().handlerReturns) {
            Optional<AnnotationExpr> mapping = h.annotation() == null ? Optional.empty() : method.getAnnotations().stream()
                    .filter(a -> Types.denotes(method, a.getNameAsString(), h.annotation())).findFirst();
            boolean applies = h.annotation() != null ? mapping.isPresent()
                    : method instanceof MethodDeclaration m && file.implementsContract(m, h.implementationOf());
            String prefix = ResponseBodies.constantPrefix(returned);
            if (!applies
                    || h.startsWith() != null && !prefix.startsWith(h.startsWith())
                    || h.notStartsWith().stream().anyMatch(prefix::startsWith)
                    || !h.returnTypes().isEmpty() && !(method instanceof MethodDeclaration declared
                            && h.returnTypes().stream().anyMatch(t -> Types.denotes(declared.getType(), t)))
                    || !h.produces().isEmpty() && !produces(mapping.get(), h.produces())
                    || h.htmlBody() && !ResponseBodies.isHtml(returned)
                    || !h.bodyAnnotations().isEmpty() && !hasAnyHere(h.bodyAnnotations())
                    || !h.unlessBodyAnnotations().isEmpty() && hasAnyHere(h.unlessBodyAnnotations())) {
                continue;
            }
            file.specs().used(h.where());
            sink(returned, value, h.kind(), h.label(), false);
        }
    }

    /** Whether the method or its class carries one of {@code annotations}. */
    private boolean hasAnyHere(List<String> annotations) {
        return hasAny(method, annotations)
                || method.findAncestor(TypeDeclaration.class).filter(t -> hasAny(t, annotations)).isPresent();
    }

    private static boolean hasAny(com.github.javaparser.ast.nodeTypes.NodeWithAnnotations<?> node, List<String> annotations) {
        return node.getAnnotations().stream().anyMatch(a -> annotations.stream()
                .anyMatch(q -> Types.denotes((Node) node, a.getNameAsString(), q)));
    }

    /** Whether the mapping's {@code produces} is one of {@code accepted}: a constant starting with one, or written as one. */
    private static boolean produces(AnnotationExpr mapping, List<String> accepted) {
        if (!(mapping instanceof NormalAnnotationExpr normal)) {
            return false;
        }
        for (MemberValuePair pair : normal.getPairs()) {
            if (!pair.getNameAsString().equals("produces")) continue;
            List<Expression> values = pair.getValue() instanceof ArrayInitializerExpr array ? array.getValues()
                    : List.of(pair.getValue());
            for (Expression v : values) {
                Optional<String> constant = Constants.string(v);
                String written = Code.of(v);
                if (accepted.stream().anyMatch(a -> constant.map(c -> c.startsWith(a)).orElse(false) || written.equals(a))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void tick() {
        if (--budget < 0) {
            throw new OutOfBudget();
        }
    }

    // ---------------------------------------------------------------- statements

    /** Runs {@code s} from {@code in} (which it may change); null when it never completes normally. */
    private Env exec(Statement s, Env in) {
        tick();
        if (in == null) {
            return null;
        }
        if (s instanceof BlockStmt b) {
            Env env = in;
            for (Statement child : b.getStatements()) {
                env = exec(child, env);
                if (env == null) return null;
            }
            return env;
        }
        if (s instanceof ExpressionStmt e) {
            eval(e.getExpression(), in);
            Guards.parsedAsInteger(s).ifPresent(proof -> validate(proof.variable(), proof.kinds(), in));
            return in;
        }
        if (s instanceof IfStmt i) return execIf(i, in);
        if (s instanceof WhileStmt w) return loop(w, w.getCondition(), w.getBody(), List.of(), in, false);
        if (s instanceof DoStmt d) return loop(d, d.getCondition(), d.getBody(), List.of(), in, true);
        if (s instanceof ForStmt f) {
            for (Expression init : f.getInitialization()) eval(init, in);
            return loop(f, f.getCompare().orElse(null), f.getBody(), f.getUpdate(), in, false);
        }
        if (s instanceof ForEachStmt f) return forEach(f, in);
        if (s instanceof ReturnStmt r) {
            if (r.getExpression().isPresent()) {
                Value v = eval(r.getExpression().get(), in);
                if (frames.stream().noneMatch(f -> f.isLambda)) {
                    handlerReturn(r.getExpression().get(), v);
                }
                returns = returns.join(v.step(step(r, "returned from `" + method.getNameAsString() + "`")));
                if (frames.stream().noneMatch(f -> f.isLambda)) returnedLookup(r.getExpression().get());
                if (returnsBoolean() && frames.stream().noneMatch(f -> f.isLambda)) {
                    validatedOnTrue(r.getExpression().get(), in);
                } else if (frames.stream().noneMatch(f -> f.isLambda)) {
                    validatedAt(in); // returns a value only after its checks: see MethodSummary#validates
                }
            } else if (returnsVoid() && frames.stream().noneMatch(f -> f.isLambda)) {
                validatedAt(in);
            }
            return null;
        }
        if (s instanceof ThrowStmt t) {
            Value thrown = eval(t.getExpression(), in);
            if (thrown.isTainted()) {
                exceptions.raise(new Exceptions.Thrown(thrown.step(step(t, "thrown by `" + Code.quote(t.getExpression()) + "`")),
                        thrownType(t.getExpression()).orElse(null), t.getExpression() instanceof ObjectCreationExpr));
            }
            return null;
        }
        if (s instanceof BreakStmt b) {
            Frame target = target(b.getLabel().map(l -> l.asString()).orElse(null), false);
            if (target != null) target.breaks.add(in.copy());
            return null;
        }
        if (s instanceof ContinueStmt c) {
            Frame target = target(c.getLabel().map(l -> l.asString()).orElse(null), true);
            if (target != null) target.continues.add(in.copy());
            return null;
        }
        if (s instanceof YieldStmt y) {
            Value v = eval(y.getExpression(), in);
            for (Frame f : frames) {
                if (f.isSwitchExpression) {
                    f.yielded = f.yielded.join(v);
                    break;
                }
            }
            return null;
        }
        if (s instanceof SwitchStmt sw) return switchStatement(sw, in);
        if (s instanceof TryStmt t) return tryStatement(t, in);
        if (s instanceof LabeledStmt l) {
            Frame frame = new Frame(l.getLabel().asString(), false, false);
            frames.push(frame);
            Env out;
            try {
                out = exec(l.getStatement(), in);
            } finally {
                frames.pop();
            }
            for (Env b : frame.breaks) out = Env.join(out, b);
            return out;
        }
        if (s instanceof SynchronizedStmt sy) {
            eval(sy.getExpression(), in);
            return exec(sy.getBody(), in);
        }
        if (s instanceof ExplicitConstructorInvocationStmt c) {
            List<Value> args = new ArrayList<>();
            for (Expression a : c.getArguments()) args.add(eval(a, in));
            List<MethodSummary> constructors = file.constructors(c, owner);
            if (constructors.isEmpty()) {
                // super(message) to a library class keeps what it is given: an exception's message, a wrapper's delegate
                for (Value v : args) {
                    intoReceiver = intoReceiver.join(symbolic(v).flat());
                    for (Channel w : v.channels()) intoReceiver = intoReceiver.join(Value.of(w));
                }
                return in;
            }
            // this(command, error) or super(name) of the scanned code stores each argument in the field
            // that constructor stores it in, as a `new` of it would. The sinks inside it are not
            // followed from here: without instanceof branches told apart they would report, say,
            // a hash constructor's File branch for the String it is given
            for (MethodSummary m : constructors) {
                Step through = new Step(file.path(), SourceRange.of(c), "passes through `" + m.displayName() + "`");
                Value into = substitute(m.intoReceiver(), m.arity(), args, Value.CLEAN, through);
                intoReceiver = intoReceiver.join(symbolic(into));
                into.fields().forEach((field, v) -> file.writeField(m.owner(), field, real(v), method));
            }
            return in;
        }
        if (s instanceof AssertStmt a) {
            eval(a.getCheck(), in);
            return in;
        }
        if (s instanceof LocalClassDeclarationStmt local) {
            capture(local.getClassDeclaration().getMembers(), in);
        }
        // local classes and records are analysed as methods of their own; empty statements do nothing
        return in;
    }

    private Frame target(String label, boolean forContinue) {
        for (Frame f : frames) {
            if (f.isSwitchExpression) return null;
            if (label != null ? label.equals(f.label) : (f.isLoop || !forContinue && f.label == null)) {
                return f;
            }
        }
        return null;
    }

    private Env execIf(IfStmt i, Env in) {
        Optional<Object> constant = file.constant(i.getCondition());
        if (constant.isPresent() && constant.get() instanceof Boolean taken) {
            if (taken) return exec(i.getThenStmt(), in);
            return i.getElseStmt().map(e -> exec(e, in)).orElse(in);
        }
        eval(i.getCondition(), in);
        Env thenIn = in.copy();
        Env elseIn = in.copy();
        Guards.refine(i.getCondition(), thenIn, elseIn, this);
        Optional<Map.Entry<Integer, Boolean>> flag = flagTest(i.getCondition());
        Env thenOut = assuming(flag, true, () -> exec(i.getThenStmt(), thenIn));
        Env elseOut = i.getElseStmt().isPresent() ? assuming(flag, false, () -> exec(i.getElseStmt().get(), elseIn)) : elseIn;
        return Env.join(thenOut, elseOut);
    }

    /**
     * {@code flag} or {@code !flag} where flag is a {@code boolean} parameter the method never
     * assigns: its position, and the value that makes the condition true.
     */
    private Optional<Map.Entry<Integer, Boolean>> flagTest(Expression condition) {
        Expression c = condition;
        boolean value = true;
        while (true) {
            if (c instanceof EnclosedExpr p) {
                c = p.getInner();
            } else if (c instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
                c = u.getExpression();
                value = !value;
            } else {
                break;
            }
        }
        if (!(c instanceof NameExpr n)) {
            return Optional.empty();
        }
        List<Parameter> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.getNameAsString().equals(n.getNameAsString())
                    && (p.getType().isPrimitiveType() && p.getType().asString().equals("boolean")
                    || p.getType().asString().equals("Boolean"))
                    && method.findAll(AssignExpr.class).stream().noneMatch(a -> a.getTarget() instanceof NameExpr t
                    && t.getNameAsString().equals(p.getNameAsString()))) {
                return Optional.of(Map.entry(i, value));
            }
        }
        return Optional.empty();
    }

    /** Runs {@code branch} knowing the flag {@code test} names has the value that makes the test {@code outcome}. */
    private Env assuming(Optional<Map.Entry<Integer, Boolean>> test, boolean outcome, java.util.function.Supplier<Env> branch) {
        if (test.isEmpty() || assumed.containsKey(test.get().getKey())) {
            return branch.get();
        }
        assumed.put(test.get().getKey(), test.get().getValue() == outcome);
        try {
            return branch.get();
        } finally {
            assumed.remove(test.get().getKey());
        }
    }

    private Env loop(Statement loop, Expression condition, Statement body, List<Expression> update, Env in,
                     boolean runsOnce) {
        Optional<Object> constant = condition == null ? Optional.of(Boolean.TRUE) : file.constant(condition);
        boolean never = constant.isPresent() && Boolean.FALSE.equals(constant.get());
        boolean forever = constant.isPresent() && Boolean.TRUE.equals(constant.get());
        if (never && !runsOnce) {
            return in;
        }
        Frame frame = new Frame(label(loop), true, false);
        frames.push(frame);
        Env head = in;
        try {
            for (int round = 0; ; round++) {
                if (round == MAX_LOOP_ROUNDS) {
                    loopUnsettled(loop);
                    break;
                }
                if (condition != null) eval(condition, head);
                Env bodyIn = head.copy();
                if (condition != null) Guards.refine(condition, bodyIn, new Env(), this);
                Env out = exec(body, bodyIn);
                for (Env c : frame.continues) out = Env.join(out, c);
                frame.continues.clear();
                if (out != null) for (Expression u : update) eval(u, out);
                Env next = Env.join(head, out);
                if (Env.sameFacts(next, head)) break;
                head = next;
            }
        } finally {
            frames.pop();
        }
        Env exit = forever ? null : everyCharacterChecked(loop, head);
        for (Env b : frame.breaks) exit = Env.join(exit, b);
        return exit;
    }

    /** A loop whose facts still grow after its last round: what later rounds would add is not seen. */
    private void loopUnsettled(Statement loop) {
        file.limit("the loop at line " + loop.getBegin().map(b -> b.line).orElse(0) + " did not settle in "
                + MAX_LOOP_ROUNDS + " rounds; flows that need more iterations are not followed");
    }

    private static String label(Statement loop) {
        return loop.getParentNode().filter(p -> p instanceof LabeledStmt).map(p -> ((LabeledStmt) p).getLabel().asString())
                .orElse(null);
    }

    private Env forEach(ForEachStmt f, Env in) {
        Value elements = element(eval(f.getIterable(), in));
        Frame frame = new Frame(label(f), true, false);
        frames.push(frame);
        Env head = in;
        try {
            for (int round = 0; ; round++) {
                if (round == MAX_LOOP_ROUNDS) {
                    loopUnsettled(f);
                    break;
                }
                Env bodyIn = head.copy();
                for (VariableDeclarator v : f.getVariable().getVariables()) {
                    bodyIn.put(v.getNameAsString(), Types.isNumericOrBoolean(v.getType()) ? Value.CLEAN
                            : elements.step(step(v, "element of `" + Code.quote(f.getIterable()) + "` in `" + v.getNameAsString() + "`")));
                }
                Env out = exec(f.getBody(), bodyIn);
                for (Env c : frame.continues) out = Env.join(out, c);
                frame.continues.clear();
                Env next = Env.join(head, out);
                if (Env.sameFacts(next, head)) break;
                head = next;
            }
        } finally {
            frames.pop();
        }
        Env exit = everyCharacterChecked(f, head);
        for (Env b : frame.breaks) exit = Env.join(exit, b);
        return exit;
    }

    /** Where a loop that leaves the method at a character failing a test ends normally, its text passed ({@link Guards#everyCharacter}). */
    private Env everyCharacterChecked(Statement loop, Env end) {
        Optional<Guards.Proof> proof = end == null ? Optional.empty() : Guards.everyCharacter(loop);
        if (proof.isEmpty()) {
            return end;
        }
        Env checked = end.copy();
        validate(proof.get().variable(), proof.get().kinds(), checked);
        return checked;
    }

    private Env switchStatement(SwitchStmt sw, Env in) {
        Value selector = eval(sw.getSelector(), in);
        NodeList<SwitchEntry> entries = sw.getEntries();
        List<SwitchEntry> reachable = reachableEntries(sw.getSelector(), entries);
        Frame frame = new Frame(null, false, false);
        frames.push(frame);
        Env out = null;
        boolean hasDefault = entries.stream().anyMatch(SwitchEntry::isDefault);
        try {
            Env fallthrough = null;
            for (SwitchEntry entry : entries) {
                boolean entered = reachable.contains(entry);
                Env start = entered ? Env.join(in, fallthrough) : fallthrough;
                if (start == null) {
                    fallthrough = null;
                    continue;
                }
                Env end = execEntry(entry, enter(entry, selector, start.copy()));
                if (entry.getType() == SwitchEntry.Type.STATEMENT_GROUP) {
                    fallthrough = end;
                } else {
                    out = Env.join(out, end);
                    fallthrough = null;
                }
            }
            out = Env.join(out, fallthrough);
        } finally {
            frames.pop();
        }
        for (Env b : frame.breaks) out = Env.join(out, b);
        if (!hasDefault && reachable.size() == entries.size()) {
            out = Env.join(out, in);
        }
        return out;
    }

    /** The entries a selector can select: one when it folds to a constant, all otherwise. */
    private List<SwitchEntry> reachableEntries(Expression selector, NodeList<SwitchEntry> entries) {
        Optional<Object> constant = file.constant(selector);
        if (constant.isEmpty()) {
            return entries;
        }
        Object value = constant.get() instanceof Character c ? (Object) (long) c.charValue() : constant.get();
        for (SwitchEntry e : entries) {
            for (Expression label : e.getLabels()) {
                if (label instanceof PatternExpr) return entries; // a type pattern: which one matches is not folded
                Object l = label instanceof NameExpr n ? n.getNameAsString() : file.constant(label).orElse(null);
                if (l instanceof Character c) l = (long) c.charValue();
                if (value.equals(l)) return List.of(e);
            }
        }
        return entries.stream().filter(SwitchEntry::isDefault).toList();
    }

    /** The state an entry starts in: its patterns' variables hold the selector ({@code case String s}), its guard ran. */
    private Env enter(SwitchEntry entry, Value selector, Env env) {
        for (Expression label : entry.getLabels()) {
            if (label instanceof PatternExpr pattern) bindPattern(pattern, selector, env);
        }
        entry.getGuard().ifPresent(guard -> eval(guard, env));
        return env;
    }

    /**
     * A pattern's variables take the tested value ({@code o instanceof String s}: {@code s} is
     * {@code o}); a record pattern's components take what the record holds, numbers excepted.
     * What callers pass (a parameter's symbolic taint) is bound only to text and the workspace's own
     * types: a summary cannot tell whether callers pass a {@code File}, and
     * {@code if (o instanceof File f) read(f)} in a method that converts anything to bytes is no
     * path for the request's strings.
     */
    private void bindPattern(PatternExpr pattern, Value tested, Env env) {
        if (pattern instanceof TypePatternExpr type) {
            Value bound = Types.isNumericOrBoolean(type.getType()) ? Value.CLEAN
                    : holdsCallersData(type) ? tested : real(tested);
            env.put(type.getNameAsString(), bound.step(step(type, "`" + Code.quote(pattern) + "`")));
        } else if (pattern instanceof RecordPatternExpr record) {
            for (ComponentPatternExpr component : record.getPatternList()) {
                if (component instanceof PatternExpr inner) bindPattern(inner, tested.flat(), env);
            }
        }
    }

    /** Whether a pattern's type may hold what callers pass: text, {@code Object}, or a class of the workspace. */
    private boolean holdsCallersData(TypePatternExpr type) {
        String resolved = file.resolvedType(type, type.getType());
        return TEXT_TYPES.contains(resolved) || file.isWorkspaceClass(resolved);
    }

    private Env execEntry(SwitchEntry entry, Env env) {
        Env current = env;
        for (Statement s : entry.getStatements()) {
            current = exec(s, current);
            if (current == null) return null;
        }
        return current;
    }

    private Value switchExpression(SwitchExpr sw, Env in) {
        Value selector = eval(sw.getSelector(), in);
        Frame frame = new Frame(null, false, true);
        frames.push(frame);
        try {
            for (SwitchEntry entry : reachableEntries(sw.getSelector(), sw.getEntries())) {
                Env env = enter(entry, selector, in.copy());
                NodeList<Statement> statements = entry.getStatements();
                if (entry.getType() == SwitchEntry.Type.EXPRESSION && statements.size() == 1
                        && statements.get(0) instanceof ExpressionStmt es) {
                    frame.yielded = frame.yielded.join(eval(es.getExpression(), env));
                } else {
                    for (Statement s : statements) {
                        env = exec(s, env);
                        if (env == null) break;
                    }
                }
            }
        } finally {
            frames.pop();
        }
        return frame.yielded;
    }

    private Env tryStatement(TryStmt t, Env in) {
        for (Expression r : t.getResources()) eval(r, in);
        Env before = in.copy();
        boolean catches = !t.getCatchClauses().isEmpty();
        if (catches) exceptions.enterTry();
        Env afterTry;
        List<Exceptions.Thrown> thrown;
        try {
            afterTry = exec(t.getTryBlock(), in);
        } finally {
            thrown = catches ? exceptions.leaveTry() : List.of();
        }
        List<List<String>> clauseTypes = new ArrayList<>();
        for (CatchClause c : t.getCatchClauses()) {
            com.github.javaparser.ast.type.Type declared = c.getParameter().getType();
            List<com.github.javaparser.ast.type.Type> alternatives = declared instanceof com.github.javaparser.ast.type.UnionType u
                    ? new ArrayList<>(u.getElements()) : List.of(declared);
            clauseTypes.add(alternatives.stream().map(a -> file.resolvedType(c, a)).toList());
        }
        List<Value> received = exceptions.dispatch(thrown, clauseTypes); // catch (IOException e) takes no IllegalStateException
        Env out = afterTry;
        // an exception can leave the try block anywhere: the catch sees what held before or after it
        Env catchIn = Env.join(before, afterTry);
        for (int i = 0; i < t.getCatchClauses().size(); i++) {
            CatchClause c = t.getCatchClauses().get(i);
            Env env = catchIn.copy();
            String name = c.getParameter().getNameAsString();
            Value caught = received.get(i);
            env.put(name, caught.isTainted() ? caught.step(step(c.getParameter(), "caught as `" + name + "`")) : Value.CLEAN);
            out = Env.join(out, exec(c.getBody(), env));
        }
        if (t.getFinallyBlock().isPresent()) {
            Env finallyIn = out == null ? catchIn.copy() : out;
            Env after = exec(t.getFinallyBlock().get(), finallyIn);
            return out == null ? null : after;
        }
        return out;
    }

    // ---------------------------------------------------------------- expressions

    Value eval(Expression e, Env env) {
        tick();
        if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr || e instanceof LiteralExpr
                || e instanceof ClassExpr || e instanceof TypeExpr) {
            return Value.CLEAN;
        }
        if (e instanceof NameExpr n) return name(n, env);
        if (e instanceof EnclosedExpr p) return eval(p.getInner(), env);
        if (e instanceof CastExpr c) {
            Value v = eval(c.getExpression(), env);
            return Types.isNumericOrBoolean(c.getType()) ? Value.CLEAN : v;
        }
        if (e instanceof AssignExpr a) return assign(a, env);
        if (e instanceof VariableDeclarationExpr v) {
            for (VariableDeclarator d : v.getVariables()) declare(d, env);
            return Value.CLEAN;
        }
        if (e instanceof BinaryExpr b) return binary(b, env);
        if (e instanceof UnaryExpr u) {
            eval(u.getExpression(), env);
            return Value.CLEAN; // negation, signs and increments yield booleans and numbers
        }
        if (e instanceof ConditionalExpr c) {
            Optional<Object> constant = file.constant(c.getCondition());
            if (constant.isPresent() && constant.get() instanceof Boolean taken) {
                return eval(taken ? c.getThenExpr() : c.getElseExpr(), env);
            }
            eval(c.getCondition(), env);
            Env whenTrue = env.copy();
            Env whenFalse = env.copy();
            Guards.refine(c.getCondition(), whenTrue, whenFalse, this);
            return eval(c.getThenExpr(), whenTrue).join(eval(c.getElseExpr(), whenFalse));
        }
        if (e instanceof MethodCallExpr call) return withProducedChannel(call, call(call, env));
        if (e instanceof ObjectCreationExpr o) return creation(o, env);
        if (e instanceof FieldAccessExpr f) return fieldAccess(f, env);
        if (e instanceof ArrayAccessExpr a) {
            Value array = eval(a.getName(), env);
            eval(a.getIndex(), env);
            Optional<String> checked = checkedElement(a, env);
            if (checked.isPresent() && env.has(checked.get())) return env.get(checked.get());
            return elementOf(array, a);
        }
        if (e instanceof ArrayCreationExpr a) {
            for (ArrayCreationLevel level : a.getLevels()) level.getDimension().ifPresent(d -> eval(d, env));
            if (a.getInitializer().isPresent()) return eval(a.getInitializer().get(), env);
            return a.getLevels().size() == 1 ? a.getLevels().get(0).getDimension().map(d -> emptyArray(constantIndex(d)))
                    .orElse(Value.CLEAN) : Value.CLEAN;
        }
        if (e instanceof ArrayInitializerExpr a) {
            // {"ls", name}: each position keeps its own value, so cmd[0] is the constant
            Value v = a.getValues().size() <= MAX_TRACKED_ARRAY ? Value.emptyList() : Value.CLEAN;
            for (Expression x : a.getValues()) v = v.tracksElements() ? v.add(eval(x, env)) : v.join(eval(x, env).flat());
            return v;
        }
        if (e instanceof SwitchExpr s) return switchExpression(s, env);
        if (e instanceof LambdaExpr l) {
            lambda(l, List.of(), env);
            return Value.CLEAN;
        }
        if (e instanceof InstanceOfExpr i) {
            Value tested = eval(i.getExpression(), env);
            i.getPattern().ifPresent(p -> bindPattern(p, tested, env));
            return Value.CLEAN;
        }
        if (e instanceof ThisExpr) return receiverValue();
        return Value.CLEAN;
    }

    private Value receiverValue() {
        return isStatic ? Value.CLEAN : Value.of(Taint.of(Origin.receiver()));
    }

    private Value name(NameExpr n, Env env) {
        String name = n.getNameAsString();
        if (env.has(name)) {
            return env.get(name);
        }
        if (env.has("#" + name)) {
            return env.get("#" + name);
        }
        return field(n, name);
    }

    private Value fieldAccess(FieldAccessExpr f, Env env) {
        String name = f.getNameAsString();
        if (f.getScope() instanceof ThisExpr) {
            return env.has("#" + name) ? env.get("#" + name) : field(f, name);
        }
        if (f.getScope() instanceof NameExpr scope && !env.has(scope.getNameAsString())
                && Character.isUpperCase(scope.getNameAsString().charAt(0))) {
            return file.staticFieldValue(file.typeName(scope), name); // Holder.FIELD
        }
        Value object = eval(f.getScope(), env);
        return name.equals("length") ? Value.CLEAN : object.field(name);
    }

    /** A field of this class read in this method: what any method stored in it, or whatever the object holds. */
    private Value field(Node at, String name) {
        Optional<Declaration> declaration = at instanceof NameExpr n ? Declarations.of(n) : Declarations.of((Expression) at);
        if (declaration.isEmpty()) {
            return Value.CLEAN;
        }
        if (declaration.get().kind() != Declaration.Kind.FIELD) {
            return captured(declaration.get());
        }
        return field(declaration.get(), name, Constants.isConstant((Expression) at));
    }

    /**
     * A field this method has not assigned yet, or not on every way to here: what the other
     * methods store in it (this one's own writes come later), or whatever the object holds.
     */
    private Value field(Declaration d, String name, boolean constant) {
        if (Types.isNumericOrBoolean(d.type()) || holdsNoText(d.node(), d.type())) {
            return Value.CLEAN;
        }
        String fieldOwner = d.scope() instanceof TypeDeclaration<?> t ? file.qualifiedName(t) : owner;
        boolean isStaticField = d.node().getParentNode()
                .filter(p -> p instanceof com.github.javaparser.ast.body.FieldDeclaration)
                .map(p -> ((com.github.javaparser.ast.body.FieldDeclaration) p).isStatic()).orElse(false);
        if (isStaticField) {
            return file.staticFieldValue(fieldOwner, name);
        }
        Value stored = file.fieldValueBefore(fieldOwner, name, method);
        if (isStatic || constant) {
            return stored;
        }
        return stored.join(receiverValue().field(name));
    }

    /** What a field this method assigns may hold where it has not assigned it (see {@link Env#join}). */
    private Value fieldAtEntry(String name) {
        Optional<Declaration> d = assignedDeclarations.getOrDefault(name, Optional.empty());
        return d.isPresent() ? field(d.get(), name, false) : receiverValue().field(name);
    }

    /**
     * A local or parameter of the enclosing method, read by a method of a local or anonymous class:
     * the real sources it held where the class was declared (symbolic ones mean the enclosing
     * method's parameters, nothing here).
     */
    private Value captured(Declaration d) {
        return writtenHere(d.node()) ? Value.CLEAN : file.fieldValue(capturedOwner(d), d.name());
    }

    /** Records what the enclosing method's variables a local or anonymous class reads hold here, for its methods. */
    private void capture(List<? extends Node> members, Env env) {
        for (Node member : members) {
            for (NameExpr n : member.findAll(NameExpr.class)) {
                String name = n.getNameAsString();
                if (!env.has(name)) continue;
                Optional<Declaration> d = Declarations.of(n);
                if (d.isPresent() && d.get().kind() != Declaration.Kind.FIELD && writtenHere(d.get().node())) {
                    file.writeField(capturedOwner(d.get()), name, real(env.get(name)));
                }
            }
        }
    }

    /** Captured variables are kept with the fields, under their declaration's position. */
    private String capturedOwner(Declaration d) {
        return "captured@" + SourceRange.of(d.node());
    }

    /**
     * Whether a variable declared with {@code type} holds values that carry no text an attacker chose:
     * an enum of the workspace ({@code InitMilestone current = initLevel}), a UUID, a date
     * ({@link FileTaint#holdsNoText}), whatever object it was read from.
     */
    private boolean holdsNoText(Node declaredAt, com.github.javaparser.ast.type.Type type) {
        return type instanceof com.github.javaparser.ast.type.ClassOrInterfaceType
                && file.holdsNoText(file.typeRef(declaredAt, type));
    }

    private void declare(VariableDeclarator d, Env env) {
        Value v = d.getInitializer().map(i -> eval(i, env)).orElse(Value.CLEAN);
        if (d.getInitializer().map(MethodInterpreter::withoutCasts).filter(MethodCallExpr.class::isInstance).isPresent()) {
            lookupCandidates.put(d.getNameAsString(), d);
            lookupKeyOf.remove(d.getNameAsString());
        }
        if (Types.isNumericOrBoolean(d.getType()) || holdsNoText(d, d.getType())) {
            v = Value.CLEAN;
        } else if (v.isTainted() && d.getInitializer().isPresent()) {
            v = v.step(step(d, "`" + d.getNameAsString() + " = " + Code.quote(d.getInitializer().get()) + "`"));
        }
        env.put(d.getNameAsString(), v);
    }

    private Value assign(AssignExpr a, Env env) {
        Value value = eval(a.getValue(), env);
        Expression target = a.getTarget();
        if (a.getOperator() != AssignExpr.Operator.ASSIGN) {
            Value old = eval(target, env);
            value = a.getOperator() == AssignExpr.Operator.PLUS ? old.join(value.flat()) : Value.CLEAN;
        }
        if (value.isTainted()) {
            value = value.step(step(a, "`" + Code.quote(target) + (a.getOperator() == AssignExpr.Operator.PLUS ? " += " : " = ")
                    + Code.quote(a.getValue()) + "`"));
        }
        if (target instanceof NameExpr n) {
            String name = n.getNameAsString();
            Optional<Declaration> d = Declarations.of(n);
            if (d.isPresent() && Types.isNumericOrBoolean(d.get().type())) {
                value = Value.CLEAN;
            }
            if (env.has(name) && d.map(x -> x.kind() != Declaration.Kind.FIELD).orElse(true)) {
                env.put(name, value);
            } else {
                writeField(name, d, value, env);
            }
        } else if (target instanceof FieldAccessExpr f) {
            if (f.getScope() instanceof ThisExpr) {
                writeField(f.getNameAsString(), Declarations.of(f), value, env);
            } else if (f.getScope() instanceof NameExpr scope && !env.has(scope.getNameAsString())
                    && Character.isUpperCase(scope.getNameAsString().charAt(0))) {
                file.writeStaticField(owner, file.typeReference(scope), f.getNameAsString(), real(value));
            } else {
                Value stored = value;
                updateVariable(f, v -> stored, env); // obj.field = x: that field of obj, not its siblings
                putIntoParameter(f, stored);
            }
        } else if (target instanceof ArrayAccessExpr arr) {
            eval(arr.getIndex(), env);
            Value stored = value;
            Integer index = constantIndex(arr.getIndex());
            // a constant position of an array whose length the code shows replaces that element alone
            updateVariable(arr.getName(), v -> v.tracksElements() && index != null ? v.set(index, stored)
                    : v.join(stored.flat()), env);
            putIntoParameter(arr.getName(), stored);
        }
        return value;
    }

    private void writeField(String name, Optional<Declaration> declaration, Value value, Env env) {
        env.put("#" + name, value);
        assignedDeclarations.putIfAbsent(name, declaration);
        String fieldOwner = declaration.filter(d -> d.scope() instanceof TypeDeclaration<?>)
                .map(d -> file.qualifiedName((TypeDeclaration<?>) d.scope())).orElse(owner);
        boolean isStaticField = declaration.flatMap(d -> d.node().getParentNode())
                .filter(p -> p instanceof com.github.javaparser.ast.body.FieldDeclaration)
                .map(p -> ((com.github.javaparser.ast.body.FieldDeclaration) p).isStatic()).orElse(false);
        if (isStaticField) {
            file.writeStaticField(owner, fieldOwner, name, real(value));
        } else {
            file.writeField(fieldOwner, name, real(value), method);
            if (!isStatic) intoReceiver = intoReceiver.joinField(name, symbolic(value));
        }
    }

    /** The real sources in {@code v}, and its channels, field by field. */
    private static Value real(Value v) {
        Value out = Value.CLEAN;
        for (Channel c : v.channels()) out = out.join(Value.of(c));
        return out.join(only(v, true));
    }

    /** The taints standing for callers' data in {@code v}, field by field. */
    private static Value symbolic(Value v) {
        return only(v, false);
    }

    private static Value only(Value v, boolean real) {
        Value out = Value.CLEAN;
        for (Taint t : v.withoutFields().all().taints()) if (t.origin().isReal() == real) out = out.join(Value.of(t));
        for (Map.Entry<String, Value> field : v.fields().entrySet()) {
            out = out.joinField(field.getKey(), only(field.getValue(), real));
        }
        return out;
    }

    private Value binary(BinaryExpr b, Env env) {
        if (b.getOperator() == BinaryExpr.Operator.PLUS) {
            Value v = Value.CLEAN;
            StringBuilder prefix = new StringBuilder();
            boolean constantSoFar = true;
            boolean inQueryOrFragment = false;
            for (Expression operand : dev.seclens.rules.ast.Concatenation.operands(b)) {
                Value operandValue = asText(operand, eval(operand, env)).flat();
                // a character ('?') is text the concatenation writes as well
                Optional<String> text = Constants.value(operand)
                        .filter(c -> c instanceof String || c instanceof Character).map(String::valueOf);
                if (constantSoFar) {
                    constantSoFar = text.isPresent();
                    text.ifPresent(prefix::append);
                }
                if (!constantSoFar) {
                    operandValue = operandValue.clear(UrlStarts.fixedByStart(prefix));
                }
                if (inQueryOrFragment) {
                    // after a '?' or '#' a value can change neither the host nor the path: only the query
                    operandValue = operandValue.clear(Set.of("ssrf", "redirect"));
                }
                inQueryOrFragment |= text.filter(s -> s.indexOf('?') >= 0 || s.indexOf('#') >= 0).isPresent();
                v = v.join(operandValue);
            }
            return v;
        }
        if (b.getOperator() == BinaryExpr.Operator.AND || b.getOperator() == BinaryExpr.Operator.OR) {
            eval(b.getLeft(), env);
            Env right = env.copy();
            // the right operand runs only where the left one was true (&&) or false (||)
            if (b.getOperator() == BinaryExpr.Operator.AND) {
                Guards.refine(b.getLeft(), right, new Env(), this);
            } else {
                Guards.refine(b.getLeft(), new Env(), right, this);
            }
            eval(b.getRight(), right);
            return Value.CLEAN;
        }
        eval(b.getLeft(), env);
        eval(b.getRight(), env);
        return Value.CLEAN; // arithmetic and comparisons yield numbers and booleans
    }

    // ---------------------------------------------------------------- calls

    private Value call(MethodCallExpr call, Env env) {
        String name = call.getNameAsString();
        Expression scope = call.getScope().orElse(null);
        Value evaluated = scope == null ? (isStatic ? Value.CLEAN : receiverValue())
                : scope instanceof NameExpr n && !env.has(n.getNameAsString()) && !env.has("#" + n.getNameAsString())
                        && Character.isUpperCase(n.getNameAsString().charAt(0)) && Declarations.of(n).isEmpty()
                        ? Value.CLEAN : eval(scope, env);
        if (scope != null) lookupFound(scope, env); // f.getDirectory() would have thrown had nothing been found
        // base.resolve("https://api.example.com/" + id): the reference replaces the base whole
        Set<String> replaced = UrlStarts.fixedReceiver(call, file.matcher()::receiverType);
        Value receiver = replaced.isEmpty() ? evaluated : evaluated.clear(replaced);
        NodeList<Expression> arguments = call.getArguments();
        List<Value> args = new ArrayList<>();
        for (Expression a : arguments) {
            args.add(a instanceof LambdaExpr || a instanceof MethodReferenceExpr ? Value.CLEAN : eval(a, env));
        }
        List<Set<String>> fixed = UrlStarts.fixedArguments(call, file.matcher()::receiverType); // String.format("https://api/%s", id), sb.append(id)
        for (int i = 0; i < args.size(); i++) {
            if (!fixed.get(i).isEmpty()) args.set(i, args.get(i).clear(fixed.get(i)));
        }
        ApiMatcher matcher = file.matcher();
        FieldKeys.insertedInto(call).ifPresent(field -> file.insertKey(field, args.get(FieldKeys.keyArgument(call))));

        checkSinks(call, scope, name, arguments, args, receiver, env);

        if (scope != null) {
            Optional<Expression> function = Functionals.of(scope);
            if (function.isPresent() && Functionals.invokes(function.get(), name, arguments.size())) {
                return invoke(function.get(), name, args, env);
            }
            Optional<Value> reflected = reflectiveCall(call, args, env);
            if (reflected.isPresent()) {
                return reflected.get();
            }
            recordCallback(scope, name, args);
        }
        List<TaintSpecs.Source> sources = file.specs().sources.get(name);
        if (sources != null) {
            for (TaintSpecs.Source s : sources) {
                ApiMatcher.Match m = matcher.call(call, scope, name, arguments.size(), s.method());
                if (m == ApiMatcher.Match.TYPED || m == ApiMatcher.Match.NAME_ONLY && !s.method().parameters().isEmpty()
                        && !FileTaint.GENERIC_NAMES.contains(name)) {
                    file.specs().used(s.where());
                    return Value.of(Taint.of(file.origin(call, s, m), s));
                }
            }
        }
        for (TaintSpecs.Source s : file.specs().withheldSources.getOrDefault(name, List.of())) {
            if (matcher.call(call, scope, name, arguments.size(), s.method()) == ApiMatcher.Match.TYPED) {
                file.specs().used(s.where());
                return Value.CLEAN; // a value the database holds, not the query's parameters
            }
        }
        published(call, scope, name, args);
        Optional<Value> stored = globalStore(call, scope, name, args, env);
        if (stored.isPresent()) {
            return stored.get();
        }
        Optional<TaintSpecs.Sanitizer> sanitizer = file.specs().sanitizer(name, s -> true,
                s -> matcher.call(call, scope, name, arguments.size(), s.method()));
        if (sanitizer.isPresent()) {
            if (!sanitizer.get().validates().isEmpty()) {
                return Value.CLEAN; // a check: its boolean result carries nothing
            }
            Value input = receiver.join(args.stream().reduce(Value.CLEAN, (x, y) -> x.join(y.flat())));
            return input.clear(sanitizer.get().kinds());
        }
        Optional<Value> collection = collectionOperation(call, scope, name, args, receiver, env);
        if (collection.isPresent()) {
            return collection.get();
        }
        List<TaintSpecs.Propagator> propagators = file.specs().propagators.get(name);
        if (propagators != null) {
            for (TaintSpecs.Propagator p : propagators) {
                ApiMatcher.Match match = matcher.call(call, scope, name, arguments.size(), p.method());
                if (match != ApiMatcher.Match.NONE) {
                    file.specs().used(p.where());
                    Value carried = propagate(call, scope, p, receiver, args, env);
                    if (match == ApiMatcher.Match.NAME_ONLY) {
                        carried = carried.join(receiver.flat()); // it may be another method of that name
                    }
                    return name.startsWith("replace") && removesLineBreaks(call) ? carried.clear(LINE_BREAK_KINDS) : carried;
                }
            }
        }
        Optional<Value> user = userMethod(call, scope, name, args, receiver, env);
        if (user.isPresent()) {
            return user.get();
        }
        Optional<Value> filtered = filteredByValidator(call, scope, name, receiver, env);
        if (filtered.isPresent()) {
            return filtered.get();
        }
        Value result = Value.CLEAN;
        boolean mapped = false;
        for (int i = 0; i < arguments.size(); i++) {
            Optional<Expression> function = Functionals.of(arguments.get(i));
            if (function.isPresent() && !(function.get() instanceof ObjectCreationExpr)) {
                // a library runs the function on the receiver's elements: list.forEach(this::save), stream.map(s -> ...)
                Value element = element(receiver);
                int arity = function.get() instanceof LambdaExpr l ? l.getParameters().size() : 1;
                List<Value> passed = mapFunctionParameters(call, scope, name, args, receiver, arity)
                        .orElseGet(() -> java.util.Collections.nCopies(arity, element));
                Value r = invoke(function.get(), "", passed, env);
                if (LAMBDA_RESULT.contains(name)) result = result.join(r);
                mapped |= REPLACES_ELEMENTS.contains(name);
                storeFunctionResult(call, scope, name, args, receiver, r, env);
            }
        }
        Optional<Value> external = externalStaticCall(call, scope, name, arguments, args);
        if (external.isPresent()) {
            return result.join(external.get());
        }
        if (scope == null || NOT_TEXT.contains(name) || isPredicateName(name)) {
            return result;
        }
        if (mapped || LAMBDA_RESULT.contains(name) && result != Value.CLEAN) {
            return result;
        }
        // an unknown method of a tainted object, a getter of a request DTO say, hands back its data
        Value handedBack = result.join(receiver.flat());
        return PathSegments.keepsLastSegment(call) ? handedBack.clear(LAST_SEGMENT_KINDS) : handedBack;
    }

    /**
     * What a {@code Map}'s own functional methods pass a lambda of {@code arity} parameters, each
     * parameter apart: {@code forEach((key, value) -> ...)} and {@code replaceAll} a key (clean when
     * the map was filled under constant keys only) and a value, {@code compute(key, (k, v) -> ...)}
     * the key given and its entry, {@code merge(key, value, (old, given) -> ...)} the entry and the
     * value given, {@code computeIfAbsent(key, k -> ...)} the key. Empty for any other call.
     */
    private Optional<List<Value>> mapFunctionParameters(MethodCallExpr call, Expression scope, String name, List<Value> args,
                                                        Value receiver, int arity) {
        boolean map = receiver.tracksKeys() || scope != null && file.matcher().receiverType(scope)
                .filter(t -> t.endsWith("Map") && Types.denotes(call, t, "java.util." + SpecIndex.simple(t))).isPresent();
        if (!map) {
            return Optional.empty();
        }
        Object key = args.isEmpty() ? null : Constants.value(call.getArgument(0)).orElse(null);
        Value entry = receiver.tracksKeys() ? receiver.get(key) : element(receiver);
        List<Value> passed = switch (name) {
            case "forEach", "replaceAll" -> args.size() == 1 && arity == 2
                    ? List.of(receiver.tracksKeys() ? Value.CLEAN : element(receiver), element(receiver)) : null;
            case "compute", "computeIfPresent" -> args.size() == 2 && arity == 2 ? List.of(args.get(0), entry) : null;
            case "merge" -> args.size() == 3 && arity == 2 ? List.of(entry, args.get(1)) : null;
            case "computeIfAbsent" -> args.size() == 2 && arity == 1 ? List.of(args.get(0)) : null;
            default -> null;
        };
        return Optional.ofNullable(passed);
    }

    /**
     * What a collection keeps of the result of the function it ran: {@code list.replaceAll(f)} and
     * {@code map.replaceAll(f)} put it in place of every element, {@code compute}, {@code computeIfAbsent},
     * {@code computeIfPresent} and {@code merge} (which may also keep the value given) under their key.
     * Nothing for other calls, or a receiver that is not visibly a {@code List} or {@code Map}.
     */
    private void storeFunctionResult(MethodCallExpr call, Expression scope, String name, List<Value> args, Value receiver,
                                     Value result, Env env) {
        if (scope == null || !FUNCTION_STORES.contains(name)) {
            return;
        }
        String type = file.matcher().receiverType(scope).orElse("");
        boolean map = receiver.tracksKeys() || type.endsWith("Map") && Types.denotes(call, type, "java.util." + SpecIndex.simple(type));
        boolean list = receiver.tracksElements() || (type.endsWith("List") || type.equals("Vector"))
                && Types.denotes(call, type, "java.util." + SpecIndex.simple(type));
        if (name.equals("replaceAll") && (map || list) && result.isTainted()) {
            updateVariable(scope, v -> v.join(result.flat()), env);
        } else if (map && !name.equals("replaceAll") && !args.isEmpty()) {
            Object key = Constants.value(call.getArgument(0)).orElse(null);
            Value stored = name.equals("merge") && args.size() == 3 ? result.join(args.get(1)) : result;
            if (stored.isTainted()) updateVariable(scope, v -> v.put(key, v.get(key).join(stored)), env);
        }
    }

    /**
     * A static map used as a global store, a registry many classes put to and read from
     * ({@code REGISTRY.put("query", q)}, {@code Holder.REGISTRY.get("query")}): an entry connects
     * only writers and readers of the same constant key; one put or read under a key not known
     * here connects to every entry at low confidence ({@link FileTaint#storeValue}). Empty for any
     * other call.
     */
    private Optional<Value> globalStore(MethodCallExpr call, Expression scope, String name, List<Value> args, Env env) {
        boolean write = STORE_WRITES.contains(name) && args.size() == 2;
        boolean read = STORE_READS.contains(name) && (args.size() == 1 || name.equals("getOrDefault") && args.size() == 2);
        if (scope == null || !write && !read) {
            return Optional.empty();
        }
        String field;
        String readOwner;
        String writeOwner;
        if (scope instanceof NameExpr n && !env.has(n.getNameAsString()) && !env.has("#" + n.getNameAsString())) {
            Optional<Declaration> d = Declarations.of(n);
            if (d.isEmpty() || !isStaticMap(d.get()) || !(d.get().scope() instanceof TypeDeclaration<?> t)) {
                return Optional.empty();
            }
            field = n.getNameAsString();
            readOwner = file.qualifiedName(t);
            writeOwner = readOwner;
        } else if (scope instanceof FieldAccessExpr f && f.getScope() instanceof NameExpr type
                && !env.has(type.getNameAsString()) && Character.isUpperCase(type.getNameAsString().charAt(0))
                && Declarations.of(type).isEmpty()) {
            Optional<Declaration> d = Declarations.of(f);
            if (d.isPresent() ? !isStaticMap(d.get()) : !file.resolve(call, scope, owner).methods().isEmpty()) {
                return Optional.empty(); // a field declared elsewhere: a map, unless the project declares that method on it
            }
            field = f.getNameAsString();
            readOwner = file.typeName(type);
            writeOwner = file.typeReference(type);
        } else {
            return Optional.empty();
        }
        String key = file.storeKey(call.getArgument(0));
        Value previous = file.storeValue(readOwner, field, key);
        if (write) {
            file.writeStaticField(owner, writeOwner, FileTaint.storeEntry(field, key), real(args.get(1)));
            return Optional.of(previous);
        }
        return Optional.of(name.equals("getOrDefault") ? previous.join(args.get(1)) : previous);
    }

    /**
     * {@code eventBus.post(event)}, {@code publisher.publishEvent(event)}: the event is delivered to
     * the subscribers of its class ({@link FileTaint#subscribedEvent}), kept as a global store whose
     * key is the event's declared class; an event whose class is not known here is a key not known.
     */
    private void published(MethodCallExpr call, Expression scope, String name, List<Value> args) {
        if (scope == null || args.size() != 1 || !EventBuses.isPublish(scope, name)) {
            return;
        }
        Value event = real(args.get(0));
        if (event.isTainted()) {
            file.writeStaticField(owner, EventBuses.STORE_OWNER, FileTaint.storeEntry(EventBuses.STORE_FIELD,
                    file.eventKey(call.getArgument(0))), event);
        }
    }

    /** A static field declared as a map (or a cache keyed the same way). */
    private static boolean isStaticMap(Declaration d) {
        return d.kind() == Declaration.Kind.FIELD && d.node().getParentNode()
                .filter(p -> p instanceof com.github.javaparser.ast.body.FieldDeclaration fd && fd.isStatic()).isPresent()
                && (Types.simpleName(d.type()).endsWith("Map") || Types.simpleName(d.type()).endsWith("Cache"));
    }

    /**
     * A library filter handed a validator ({@link Guards#onTrue}): {@code stream.filter(Validators::isName)}
     * and {@code optional.filter(s -> ALLOWED.contains(s))} keep only checked elements, and
     * {@code list.removeIf(s -> !isName(s))} leaves only those. The function still runs, for the
     * sinks it may reach. Empty for any other call.
     */
    private Optional<Value> filteredByValidator(MethodCallExpr call, Expression scope, String name, Value receiver, Env env) {
        boolean keepsTrue = name.equals("filter");
        if (scope == null || !(keepsTrue || name.equals("removeIf")) || call.getArguments().size() != 1) {
            return Optional.empty();
        }
        int handedIn = functionalParameter(call.getArgument(0));
        if (handedIn >= 0 && keepsTrue) {
            return Optional.of(receiver.flat().clear(Set.of(checkedBy(handedIn))));
        }
        Optional<Expression> function = Functionals.of(call.getArgument(0));
        if (function.isEmpty() || function.get() instanceof ObjectCreationExpr) {
            return Optional.empty();
        }
        Set<String> kinds = (keepsTrue ? Guards.onTrue(function.get(), this) : Guards.onFalse(function.get(), this))
                .getOrDefault(0, Set.of());
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        invoke(function.get(), "", List.of(element(receiver)), env);
        if (keepsTrue) {
            return Optional.of(receiver.flat().clear(kinds));
        }
        updateVariable(scope, v -> v.clear(kinds), env);
        return Optional.of(Value.CLEAN);
    }

    /**
     * The default for a static method of a library outside the scanned tree (a class imported or
     * written with its package) that no specification names: its result is taken to be computed from its arguments ({@code Texts.abbreviate(name, 20)}),
     * so it carries their taint, one confidence level lower because nothing says so. Specifications'
     * {@code neutrals} (hashes, numbers, checks) and methods whose name says they test or count are
     * exempt.
     */
    private Optional<Value> externalStaticCall(MethodCallExpr call, Expression scope, String name,
                                               NodeList<Expression> arguments, List<Value> args) {
        if (!(scope instanceof NameExpr || scope instanceof FieldAccessExpr) || Declarations.of(scope).isPresent()
                || NOT_TEXT.contains(name) || isPredicateName(name)) {
            return Optional.empty();
        }
        String type = Code.of(scope);
        String simple = type.substring(type.lastIndexOf('.') + 1);
        if (simple.isEmpty() || !Character.isUpperCase(simple.charAt(0)) || file.isProjectType(scope, type)
                || !(scope instanceof FieldAccessExpr) && !imported(call, simple)) {
            return Optional.empty(); // a class of this package, known or not, is the tree's, not a library's
        }
        List<TaintSpecs.Neutral> neutrals = file.specs().neutrals.get(name);
        if (neutrals != null) {
            for (TaintSpecs.Neutral n : neutrals) {
                if (file.matcher().call(call, scope, name, arguments.size(), n.method()) != ApiMatcher.Match.NONE) {
                    file.specs().used(n.where());
                    return Optional.of(Value.CLEAN);
                }
            }
        }
        Value carried = Value.CLEAN;
        for (int i = 0; i < arguments.size(); i++) {
            if (!(arguments.get(i) instanceof LambdaExpr) && !(arguments.get(i) instanceof MethodReferenceExpr)) {
                carried = carried.join(args.get(i).flat());
            }
        }
        return carried.isTainted() ? Optional.of(carried.map(MethodInterpreter::lessCertain)) : Optional.empty();
    }

    /** Whether the file imports a class of that simple name by its own import (a library's). */
    private static boolean imported(Node site, String simpleName) {
        return site.findCompilationUnit().map(u -> u.getImports().stream().anyMatch(i -> !i.isStatic() && !i.isAsterisk()
                && i.getName().getIdentifier().equals(simpleName))).orElse(false);
    }

    /** {@code isEmpty}, {@code hasNext}: a method whose name says it answers yes or no. */
    private static boolean isPredicateName(String name) {
        return name.length() > 2 && name.startsWith("is") && Character.isUpperCase(name.charAt(2))
                || name.length() > 3 && name.startsWith("has") && Character.isUpperCase(name.charAt(3));
    }

    /** A real source's taint, one confidence level lower: HIGH becomes MEDIUM, MEDIUM becomes LOW. */
    private static Taint lessCertain(Taint t) {
        Origin o = t.origin();
        if (!o.isReal() || o.confidence() == dev.seclens.rules.Confidence.LOW) {
            return t;
        }
        dev.seclens.rules.Confidence lower = o.confidence() == dev.seclens.rules.Confidence.HIGH
                ? dev.seclens.rules.Confidence.MEDIUM : dev.seclens.rules.Confidence.LOW;
        return new Taint(o.withConfidence(lower), t.cleared(), t.steps());
    }

    /** {@code s.replace("\n", "_")}, {@code s.replaceAll("[\r\n]", "")}: no line left to forge a log entry or header with. */
    private static boolean removesLineBreaks(MethodCallExpr call) {
        if (call.getArguments().size() != 2) {
            return false;
        }
        Optional<String> pattern = Constants.value(call.getArgument(0)).map(String::valueOf);
        Optional<String> replacement = Constants.value(call.getArgument(1)).map(String::valueOf);
        return pattern.isPresent() && replacement.isPresent() && !replacement.get().contains("\n")
                && !replacement.get().contains("\r")
                && (pattern.get().contains("\n") || pattern.get().contains("\\n") || pattern.get().contains("\\R")
                        || pattern.get().contains("\\s") || pattern.get().contains("\\v"));
    }

    private void checkSinks(Node call, Expression scope, String name, NodeList<Expression> arguments, List<Value> args,
                            Value receiver, Env env) {
        List<TaintSpecs.Sink> sinks = file.specs().sinks.get(name);
        if (sinks == null) {
            return;
        }
        Set<String> sunk = new HashSet<>();
        // a writer known here makes the sinks that would wait for callers' writers moot
        Set<String> definiteKinds = new HashSet<>();
        for (TaintSpecs.Sink s : sinks) {
            if (s.receiverFrom() != null && channel(destinationValue(s, receiver, args), s.receiverFrom()) != null) {
                definiteKinds.add(s.kind());
            }
        }
        for (TaintSpecs.Sink s : sinks) {
            ApiMatcher.Match m = call instanceof ObjectCreationExpr o ? file.matcher().creation(o, s.method())
                    : file.matcher().call(call, scope, name, arguments.size(), s.method());
            if (m == ApiMatcher.Match.NONE) {
                continue;
            }
            Channel channel = null;
            List<MethodSummary.Writer> writers = List.of();
            if (s.receiverFrom() != null) {
                Expression destination = s.destinationArg() == SpecLoader.RECEIVER ? scope
                        : s.destinationArg() < arguments.size() ? arguments.get(s.destinationArg()) : null;
                if (destination == null) continue;
                Value written = destinationValue(s, receiver, args);
                channel = channel(written, s.receiverFrom());
                if (channel != null && !ResponseBodies.mayRender(s.kind(), channel)) {
                    continue;
                }
                if (channel == null && !cameFrom(destination, s.receiverFrom())) {
                    writers = definiteKinds.contains(s.kind()) ? List.of() : callersWriters(written, s.receiverFrom());
                    if (writers.isEmpty()) continue;
                } else if (channel != null && channel.range().equals(SourceRange.of(destination))) {
                    channel = null; // response.getWriter().write(x) says where it writes to
                }
                m = ApiMatcher.Match.TYPED;
            } else if (m == ApiMatcher.Match.NAME_ONLY && FileTaint.GENERIC_NAMES.contains(name)) {
                continue;
            }
            if (file.matcher().argumentsContradict(s.method(), arguments) || !argumentsAre(s.whenArgEquals(), arguments)
                    || !argumentsStartWith(s.whenArgStartsWith(), arguments)
                    || !s.whenArgType().isEmpty() && !file.matcher().argumentsAreOfTypes(s.whenArgType(), arguments)
                    || file.matcher().argumentsAreOfTypes(s.unlessArgType(), arguments)
                    || file.specs().writesBelowMinimumLevel(s, arguments)) {
                continue;
            }
            file.specs().used(s.where());
            boolean nameOnly = m == ApiMatcher.Match.NAME_ONLY;
            for (int index : s.args()) {
                if (index == SpecLoader.RECEIVER) {
                    if (scope != null && sunk.add(index + s.kind())) sink(scope, receiver, s, nameOnly, channel, writers);
                    continue;
                }
                boolean varargs = !s.method().anyParameters() && !s.method().parameters().isEmpty()
                        && index == s.method().parameters().size() - 1
                        && s.method().parameters().get(index).endsWith("...");
                int last = varargs ? arguments.size() - 1 : index;
                for (int i = index; i <= last && i < arguments.size(); i++) {
                    // a PrintWriter's write is also a Writer's: one sink per argument and kind
                    if (sunk.add(i + s.kind())) sink(arguments.get(i), written(s, arguments.get(i), args.get(i)), s,
                            nameOnly, channel, writers);
                }
            }
        }
    }

    /** What a sink with {@code receiverFrom} writes to: its receiver, or the argument its {@code destinationArg} names. */
    private static Value destinationValue(TaintSpecs.Sink s, Value receiver, List<Value> args) {
        if (s.destinationArg() == SpecLoader.RECEIVER) {
            return receiver;
        }
        return s.destinationArg() < args.size() ? args.get(s.destinationArg()) : Value.CLEAN;
    }

    /** Whether each listed argument starts with one of its constants: {@code "redirect:" + url}. */
    private static boolean argumentsStartWith(java.util.Map<Integer, List<String>> prefixes, NodeList<Expression> arguments) {
        for (java.util.Map.Entry<Integer, List<String>> e : prefixes.entrySet()) {
            String prefix = e.getKey() < arguments.size() ? ResponseBodies.constantPrefix(arguments.get(e.getKey())) : "";
            if (e.getValue().stream().noneMatch(prefix::startsWith)) {
                return false;
            }
        }
        return true;
    }

    /** Whether each listed argument folds to one of its constants, ignoring case (header names). */
    private static boolean argumentsAre(java.util.Map<Integer, List<String>> constants, NodeList<Expression> arguments) {
        for (java.util.Map.Entry<Integer, List<String>> e : constants.entrySet()) {
            Optional<String> value = e.getKey() < arguments.size() ? Constants.string(arguments.get(e.getKey()))
                    : Optional.empty();
            if (value.isEmpty() || e.getValue().stream().noneMatch(value.get()::equalsIgnoreCase)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code scope} is, or is a variable set to, a call matching {@code producer}; a call
     * that is itself a sink on such a receiver returns that receiver when it can be chained:
     * {@code response.getWriter().append(a).append(b)}.
     */
    private boolean cameFrom(Expression scope, Signature producer) {
        Expression e = scope;
        for (int hops = 0; hops < 6; hops++) {
            if (e instanceof MethodCallExpr c) {
                if (file.matcher().call(c, c.getScope().orElse(null), c.getNameAsString(), c.getArguments().size(),
                        producer) != ApiMatcher.Match.NONE) {
                    return true;
                }
                boolean chained = c.getScope().isPresent() && file.specs().sinks.getOrDefault(c.getNameAsString(), List.of())
                        .stream().anyMatch(s -> producer.equals(s.receiverFrom()));
                if (!chained) {
                    return false;
                }
                e = c.getScope().get();
                continue;
            }
            if (e instanceof EnclosedExpr p) {
                e = p.getInner();
                continue;
            }
            Optional<Declaration> d = Declarations.of(e);
            if (d.isEmpty() || d.get().initializer().isEmpty()) {
                return false;
            }
            e = d.get().initializer().get();
        }
        return false;
    }

    /**
     * {@code channel}: the writer the sink writes to, named in messages; {@code writers}: when not
     * empty, the sink is one only where callers pass such a writer, so every taint becomes a
     * conditional reach of the summary.
     */
    /**
     * What a sink writes of an argument: a logging call writes an object, or each object of an
     * {@code Object[]} of parameters, as its {@code toString} (see {@link #asText}).
     */
    private Value written(TaintSpecs.Sink sink, Expression argument, Value value) {
        if (!sink.kind().equals("log") || !value.isTainted()) {
            return value;
        }
        if (argument instanceof ArrayCreationExpr array && array.getInitializer().isPresent() && value.tracksElements()) {
            // the array's value keeps what each position holds ({@link #eval} of its initializer)
            List<Expression> elements = array.getInitializer().get().getValues();
            Value text = Value.CLEAN;
            for (int k = 0; k < elements.size(); k++) {
                text = text.join(asText(elements.get(k), value.elementAt(k)));
            }
            return text;
        }
        return asText(argument, value);
    }

    /**
     * The text of an object, concatenated or logged: nothing of what it holds when its class has only
     * {@code Object}'s or an enum's {@code toString} ({@code "found " + node}, {@code log("{0}", this)}).
     */
    private Value asText(Expression e, Value value) {
        if (!value.isTainted()) {
            return value;
        }
        return file.receiverClass(e).filter(file::printsIdentityOnly).isPresent() ? Value.CLEAN : value;
    }

    private void sink(Expression argument, Value value, TaintSpecs.Sink sink, boolean nameOnly, Channel channel,
                      List<MethodSummary.Writer> writers) {
        String name = sink.label() != null ? sink.label() : sink.method().displayName();
        SinkHit hit = new SinkHit(sink.kind(), name, file.path(), SourceRange.of(argument), "", "",
                FreeMarkerConfigurations.caveat(argument, sink, file.freeMarker));
        for (Taint t : value.all().taints()) {
            if (!t.reaches(sink.kind())) {
                continue;
            }
            if (!writers.isEmpty()) {
                for (MethodSummary.Writer w : writers) addReach(new MethodSummary.Reach(t, hit, w));
            } else if (t.origin().isReal()) {
                file.flow(new Flow(argument, t, channel == null ? hit : hit.withWriter(channel.describe(file.path())),
                        nameOnly));
            } else {
                // a caller reports it: it names this file
                addReach(new MethodSummary.Reach(t, channel == null ? hit : hit.withWriter(channel.describe(""))));
            }
        }
    }

    private void sink(Expression argument, Value value, String kind, String name, boolean nameOnly) {
        SinkHit hit = new SinkHit(kind, name, file.path(), SourceRange.of(argument), "");
        for (Taint t : value.all().taints()) {
            if (!t.reaches(kind)) {
                continue;
            }
            if (t.origin().isReal()) {
                file.flow(new Flow(argument, t, hit, nameOnly));
            } else {
                addReach(new MethodSummary.Reach(t, hit));
            }
        }
    }

    /** The channel of {@code producer} the value is or wraps, or null. */
    private static Channel channel(Value value, Signature producer) {
        for (Channel c : value.channels()) {
            if (c.producer().equals(producer)) return c;
        }
        return null;
    }

    /** The parameters (or the receiver) of this method that {@code value} may be: a writer callers hand in. */
    private static List<MethodSummary.Writer> callersWriters(Value value, Signature producer) {
        List<MethodSummary.Writer> out = new ArrayList<>();
        for (Taint t : value.all().taints()) {
            MethodSummary.Writer w = new MethodSummary.Writer(t.origin().parameter(), producer);
            if (!t.origin().isReal() && !out.contains(w)) out.add(w);
        }
        return out;
    }

    /** What a producer call returns is a channel: a write to {@code response.getWriter()}, wherever it went, is a sink. */
    private Value withProducedChannel(MethodCallExpr call, Value value) {
        List<Signature> producers = file.specs().producers.get(call.getNameAsString());
        if (producers == null) {
            return value;
        }
        Expression scope = call.getScope().orElse(null);
        for (Signature p : producers) {
            if (file.matcher().call(call, scope, call.getNameAsString(), call.getArguments().size(), p)
                    == ApiMatcher.Match.TYPED) {
                return value.join(Value.of(new Channel(p, "`" + Code.quote(call) + "`", file.path(), SourceRange.of(call),
                        ResponseBodies.declaredContentType(call).orElse(""))));
            }
        }
        return value;
    }

    private void addReach(MethodSummary.Reach found) {
        MethodSummary.Reach reach = found;
        if (!assumed.isEmpty()) {
            Map<Integer, Boolean> when = new HashMap<>(found.when());
            when.putAll(assumed);
            reach = found.when(when);
        }
        if (!dispatching.isEmpty()) {
            Map<Integer, Set<String>> dispatch = both(found.dispatch(), dispatching);
            if (dispatch.values().stream().anyMatch(Set::isEmpty)) {
                return; // a parameter would have to be of two unrelated implementations at once
            }
            reach = reach.dispatch(dispatch);
        }
        for (int k = 0; k < reaches.size(); k++) {
            MethodSummary.Reach r = reaches.get(k);
            if (r.taint().sameFact(reach.taint()) && r.sink().equals(reach.sink())) {
                if (!r.when().equals(reach.when())) {
                    // reached under two sets of conditions: only what both need still holds
                    Map<Integer, Boolean> both = new HashMap<>(r.when());
                    both.entrySet().retainAll(reach.when().entrySet());
                    r = r.when(both);
                    reaches.set(k, r);
                }
                if (!r.dispatch().equals(reach.dispatch())) {
                    reaches.set(k, r.dispatch(either(r.dispatch(), reach.dispatch())));
                }
                return;
            }
        }
        if (reaches.size() < MAX_REACHES) {
            reaches.add(reach);
        } else if (!reachesCapped) { // said once per run of the method, however many more sinks it reaches
            reachesCapped = true;
            file.limit("`" + method.getNameAsString() + "` (line " + method.getBegin().map(b -> b.line).orElse(0)
                    + ") reaches more than " + MAX_REACHES + " sinks; calls of it from other methods follow the first "
                    + MAX_REACHES);
        }
    }

    /** Dispatch conditions that must both hold: per parameter, the classes allowed by each. */
    private static Map<Integer, Set<String>> both(Map<Integer, Set<String>> a, Map<Integer, Set<String>> b) {
        if (a.isEmpty()) return b;
        Map<Integer, Set<String>> out = new HashMap<>(a);
        b.forEach((p, classes) -> out.merge(p, classes, (x, y) -> {
            Set<String> common = new java.util.TreeSet<>(x);
            common.retainAll(y);
            return common;
        }));
        return out;
    }

    /** Dispatch conditions of which either holds: a parameter only one of them limits is not limited. */
    private static Map<Integer, Set<String>> either(Map<Integer, Set<String>> a, Map<Integer, Set<String>> b) {
        Map<Integer, Set<String>> out = new HashMap<>();
        a.forEach((p, classes) -> {
            if (b.containsKey(p)) {
                Set<String> any = new java.util.TreeSet<>(classes);
                any.addAll(b.get(p));
                out.put(p, any);
            }
        });
        return out;
    }

    /**
     * The position of the parameter of this method {@code e} names, not reassigned in it; -1 for
     * anything else: a local, a lambda's parameter, or a parameter given another object here.
     */
    private int ownParameter(Expression e) {
        if (!(e instanceof NameExpr n)) {
            return -1;
        }
        Optional<Declaration> d = Declarations.of(n);
        if (d.isEmpty() || d.get().kind() != Declaration.Kind.PARAMETER || !(d.get().node() instanceof Parameter p)
                || p.getParentNode().orElse(null) != method || Declarations.isReassigned(d.get())) {
            return -1;
        }
        return method.getParameters().indexOf(p);
    }

    /**
     * What of a reach's {@linkplain MethodSummary.Reach#dispatch dispatch conditions} this call leaves:
     * null when an argument is an object of a known class none of the implementations it needs is
     * ({@code act(new Exists())} for a sink in {@code Archive.invoke}); else the conditions on this
     * method's own parameters that the call passes on.
     */
    private Map<Integer, Set<String>> dispatchLeft(MethodSummary.Reach reach, Node call, int firstArgument) {
        if (reach.dispatch().isEmpty()) {
            return Map.of();
        }
        Map<Integer, Set<String>> left = new HashMap<>();
        for (Map.Entry<Integer, Set<String>> d : reach.dispatch().entrySet()) {
            int i = d.getKey() + firstArgument;
            if (d.getKey() < 0 || i >= argumentCount(call)) continue;
            Expression a = argument(call, i);
            Optional<FileTaint.Receiver> known = file.receiverClass(a).filter(FileTaint.Receiver::exact);
            if (known.isPresent()) {
                if (d.getValue().stream().allMatch(c -> file.isSubtype(known.get().type(), c) == SummaryTable.Tri.NO)) {
                    return null;
                }
                continue;
            }
            int own = ownParameter(a);
            if (own >= 0) left.put(own, d.getValue());
        }
        return left;
    }

    /** Whether the call passes a constant for a flag the reach needs set otherwise: {@code get(id, false)}. */
    private boolean contradicts(Map<Integer, Boolean> when, Node call, int firstArgument) {
        for (Map.Entry<Integer, Boolean> w : when.entrySet()) {
            int i = w.getKey() + firstArgument;
            if (i < argumentCount(call) && file.constant(argument(call, i)).filter(v -> v instanceof Boolean b
                    && b != w.getValue()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private Value propagate(MethodCallExpr call, Expression scope, TaintSpecs.Propagator p, Value receiver,
                            List<Value> args, Env env) {
        Value in = Value.CLEAN;
        for (String from : p.from()) {
            if (from.equals("receiver")) {
                in = in.join(receiver.flat());
            } else if (from.equals("args")) {
                for (Value a : args) in = in.join(a.flat());
            } else {
                int i = Integer.parseInt(from.substring(3));
                if (i < args.size()) in = in.join(args.get(i).flat());
            }
        }
        Value result = Value.CLEAN;
        for (String to : p.to()) {
            if (to.equals("return")) {
                result = in;
            } else if (to.equals("receiver") && scope != null) {
                Value carried = in;
                updateVariable(scope, v -> v.join(carried), env);
                putIntoParameter(scope, carried);
            } else if (to.startsWith("arg")) {
                int i = Integer.parseInt(to.substring(3));
                if (i < call.getArguments().size()) {
                    Value carried = in;
                    updateVariable(call.getArgument(i), v -> v.join(carried), env);
                    putIntoParameter(call.getArgument(i), carried);
                }
            }
        }
        if (p.to().contains("receiver") && !p.to().contains("return") && scope != null) {
            // builders return themselves: sb.append(a).append(b)
            result = receiver.flat().join(in);
        }
        return result;
    }

    /**
     * Keeps for this method's summary what a write put into the object one of its parameters holds
     * ({@code target} is, or is reached from, that parameter: {@code parts}, {@code parts[0]},
     * {@code form.column}, {@code form.getTags()}, an iterator over {@code parts}), without the
     * parameter's own data, which its caller has already. A write reached through fields and
     * getters ({@code form.column = v}, {@code form.setColumn(v)}, {@code form.tags.add(v)}) keeps
     * to that field, so the caller's other fields stay as they were; one reached through an element
     * or another call joins what lies there whole.
     */
    private void putIntoParameter(Expression target, Value added) {
        Expression e = target;
        Value put = added;
        while (true) {
            if (e instanceof EnclosedExpr p) {
                e = p.getInner();
            } else if (e instanceof FieldAccessExpr f && !(f.getScope() instanceof ThisExpr)) {
                put = Value.CLEAN.withField(f.getNameAsString(), put);
                e = f.getScope();
            } else if (e instanceof ArrayAccessExpr a) {
                put = put.flat();
                e = a.getName();
            } else if (e instanceof MethodCallExpr c && c.getScope().isPresent()) {
                // a getter takes no argument: sb.append(x).append(y) needs no lookup
                Optional<List<String>> path = c.getArguments().isEmpty() ? getterPath(c) : Optional.empty();
                Value below = put;
                put = path.isPresent() ? alongPath(path.get(), v -> v.join(below)).apply(Value.CLEAN) : put.flat();
                e = c.getScope().get();
            } else if (e instanceof NameExpr n && iteratedCollection(n).isPresent()) {
                put = put.flat();
                e = iteratedCollection(n).get();
            } else {
                break;
            }
        }
        int index = ownParameter(e);
        if (index < 0) {
            return;
        }
        Value kept = withoutParameter(put, index);
        if (kept.isTainted()) {
            intoParameters.merge(index, kept, Value::join);
        }
    }

    /** {@code v} without the data of parameter {@code index}, field by field; its channels left out. */
    private static Value withoutParameter(Value v, int index) {
        Value out = Value.CLEAN;
        for (Taint t : v.withoutFields().all().taints()) {
            if (t.origin().parameter() != index) out = out.join(Value.of(t));
        }
        for (Map.Entry<String, Value> field : v.fields().entrySet()) {
            out = out.joinField(field.getKey(), withoutParameter(field.getValue(), index));
        }
        return out;
    }

    /** Applies {@code update} to the variable (or the root variable of a call chain) {@code target} names. */
    private void updateVariable(Expression target, java.util.function.UnaryOperator<Value> update, Env env) {
        Expression e = target;
        while (e instanceof EnclosedExpr p) e = p.getInner();
        if (e instanceof MethodCallExpr getter && getter.getScope().isPresent()) {
            Optional<List<String>> path = getterPath(getter);
            if (path.isPresent()) {
                // account.getAddress().setCity(x): the field the getter hands back changes
                updateVariable(getter.getScope().get(), alongPath(path.get(), update), env);
                return;
            }
        }
        if (e instanceof MethodCallExpr) {
            while (e instanceof MethodCallExpr c && c.getScope().isPresent()) {
                e = c.getScope().get(); // sb.append(x).append(y): the builder is sb
            }
            // which part of the root the chain's calls lead to is not known: the update joins the root whole
            Value added = update.apply(Value.CLEAN).flat();
            update = v -> v.join(added);
        }
        if (e instanceof EnclosedExpr p) e = p.getInner();
        if (e instanceof NameExpr n) {
            String name = n.getNameAsString();
            Optional<Expression> viewed = iteratedCollection(n);
            if (viewed.isPresent()) {
                // it.set(x), it.add(x): the list the iterator came from holds x too, at a position not known
                Value added = update.apply(Value.CLEAN).flat();
                updateVariable(viewed.get(), v -> v.join(added).flat(), env);
            }
            if (env.has(name)) {
                env.put(name, update.apply(env.get(name)));
            } else {
                Optional<Declaration> d = Declarations.of(n);
                if (d.isPresent() && d.get().kind() == Declaration.Kind.FIELD) {
                    writeField(name, d, update.apply(name(n, env)), env);
                }
            }
        } else if (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
            writeField(f.getNameAsString(), Declarations.of(f), update.apply(fieldAccess(f, env)), env);
        } else if (e instanceof FieldAccessExpr f && !isTypeName(f.getScope(), env)) {
            // order.customer.name = x: the object's field changes, its other fields keep what they held
            updateVariable(f.getScope(), alongPath(List.of(f.getNameAsString()), update), env);
        }
    }

    /**
     * The collection a local iterator is a view of: {@code list} for {@code ListIterator<String> it =
     * list.listIterator()} (or {@code iterator()}), when the local is never assigned another.
     * Writes through the iterator ({@code ListIterator.set}, {@code add}) change that collection.
     */
    private static Optional<Expression> iteratedCollection(NameExpr iterator) {
        Optional<Declaration> d = Declarations.of(iterator);
        if (d.isEmpty() || d.get().kind() != Declaration.Kind.LOCAL || Declarations.isReassigned(d.get())) {
            return Optional.empty();
        }
        return d.get().initializer()
                .filter(i -> i instanceof MethodCallExpr c && ITERATOR_FACTORIES.contains(c.getNameAsString())
                        && c.getScope().isPresent())
                .flatMap(i -> ((MethodCallExpr) i).getScope());
    }

    /**
     * The field of its receiver a project method hands back, when that is all it returns:
     * {@code getAddress()} returning {@code this.address} is {@code ["address"]}.
     */
    private Optional<List<String>> getterPath(MethodCallExpr call) {
        List<MethodSummary> methods = file.resolve(call, call.getScope().orElse(null), owner).methods();
        List<String> path = null;
        for (MethodSummary m : methods) {
            if (m.isStatic() || !m.returns().fields().isEmpty() || !m.returns().channels().isEmpty()) return Optional.empty();
            for (Taint t : m.returns().all().taints()) {
                if (t.origin().parameter() != Origin.RECEIVER || t.origin().path().isEmpty()
                        || path != null && !path.equals(t.origin().path())) {
                    return Optional.empty();
                }
                path = t.origin().path();
            }
        }
        return Optional.ofNullable(path);
    }

    /** {@code update} applied to the field {@code path} leads to inside an object, the object's other fields kept. */
    private static java.util.function.UnaryOperator<Value> alongPath(List<String> path,
                                                                     java.util.function.UnaryOperator<Value> update) {
        java.util.function.UnaryOperator<Value> inner = update;
        for (int i = path.size() - 1; i >= 0; i--) {
            String name = path.get(i);
            java.util.function.UnaryOperator<Value> below = inner;
            inner = object -> object.withField(name, below.apply(object.field(name)));
        }
        return inner;
    }

    /** Whether {@code scope} names a class ({@code Holder} in {@code Holder.FIELD}), not a variable. */
    private static boolean isTypeName(Expression scope, Env env) {
        return scope instanceof NameExpr n && !env.has(n.getNameAsString()) && !env.has("#" + n.getNameAsString())
                && Character.isUpperCase(n.getNameAsString().charAt(0));
    }

    // ---------------------------------------------------------------- collections

    private Optional<Value> collectionOperation(MethodCallExpr call, Expression scope, String name, List<Value> args,
                                                Value receiver, Env env) {
        if (scope == null) {
            return Optional.empty();
        }
        if (Types.isTypeName(scope, "java.util.Map") && name.equals("of")) {
            Value map = Value.emptyMap();
            for (int i = 0; i + 1 < args.size(); i += 2) {
                map = map.put(Constants.value(call.getArgument(i)).orElse(null), args.get(i + 1));
            }
            return Optional.of(map);
        }
        if ((Types.isTypeName(scope, "java.util.List") && name.equals("of"))
                || (Types.isTypeName(scope, "java.util.Arrays") && name.equals("asList"))) {
            if (args.size() == 1 && !isSingleElement(call.getArgument(0))) {
                // Arrays.asList(csv.split(",")): a lone array is the varargs array itself, so the list
                // holds its elements, at the positions the array tracks, else as many as it has
                return Optional.of(args.get(0).tracksElements() && isArray(call.getArgument(0)) ? args.get(0)
                        : args.get(0).flat());
            }
            Value list = Value.emptyList();
            for (Value a : args) list = list.add(a);
            return Optional.of(list);
        }
        boolean map = receiver.tracksKeys();
        boolean list = receiver.tracksElements();
        if (!map && !list) {
            return entryOfCallersMap(call, scope, name, receiver);
        }
        Object key = call.getArguments().isEmpty() ? null : Constants.value(call.getArgument(0)).orElse(null);
        Integer index = key instanceof Long l && l >= 0 && l < Integer.MAX_VALUE ? (Integer) l.intValue() : null;
        Value updated = null;
        Value result = Value.CLEAN;
        if (map) {
            switch (name) {
                case "put", "putIfAbsent" -> {
                    if (args.size() == 2) {
                        result = receiver.get(key);
                        updated = receiver.put(key, args.get(1));
                    }
                }
                case "get", "remove" -> result = receiver.get(key);
                case "getOrDefault" -> result = args.size() == 2 ? receiver.get(key).join(args.get(1)) : receiver.all();
                case "containsKey", "containsValue", "isEmpty", "size" -> result = Value.CLEAN;
                case "clear" -> updated = Value.emptyMap();
                default -> {
                    return Optional.empty();
                }
            }
        } else {
            switch (name) {
                case "add", "addLast", "offer", "offerLast" -> {
                    if (args.size() == 1) {
                        updated = receiver.add(args.get(0));
                    } else if (args.size() == 2) {
                        updated = receiver.insert(index, args.get(1));
                    }
                }
                case "addFirst", "push", "offerFirst" -> updated = receiver.insert(0, args.get(0));
                case "set" -> {
                    if (args.size() == 2) {
                        result = receiver.elementAt(index);
                        updated = receiver.set(index, args.get(1));
                    }
                }
                case "get" -> result = receiver.elementAt(index);
                case "getFirst", "peek", "peekFirst", "element" -> result = receiver.elementAt(0);
                case "remove" -> {
                    if (args.isEmpty()) {
                        result = receiver.elementAt(0);
                        updated = receiver.removeAt(0);
                    } else if (index != null && !(call.getArgument(0) instanceof StringLiteralExpr)) {
                        result = receiver.elementAt(index);
                        updated = receiver.removeAt(index);
                    } else {
                        updated = receiver.untracked();
                    }
                }
                case "poll", "pollFirst", "pop", "removeFirst" -> {
                    result = receiver.elementAt(0);
                    updated = receiver.removeAt(0);
                }
                case "isEmpty", "size", "contains", "indexOf" -> result = Value.CLEAN;
                case "clear" -> updated = Value.emptyList();
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (updated != null) {
            Value newValue = updated;
            updateVariable(scope, v -> newValue, env);
        }
        return Optional.of(result);
    }

    /**
     * {@code map.get("key")} on a map this method was handed (or holds in a field), whose entries
     * only the caller knows: the caller's entry under that key, so that data put under another
     * key of the same map does not reach what this method reads.
     */
    private Optional<Value> entryOfCallersMap(MethodCallExpr call, Expression scope, String name, Value receiver) {
        if (!name.equals("get") || call.getArguments().size() != 1
                || !(Constants.value(call.getArgument(0)).orElse(null) instanceof String key)
                || file.matcher().call(call, scope, name, 1, MAP_GET) != ApiMatcher.Match.TYPED) {
            return Optional.empty();
        }
        return Optional.of(receiver.entryOfCallersMap(key));
    }

    /**
     * Whether {@code e}, the lone argument of a varargs method, is visibly one element rather than
     * the array of all of them: a constant, a concatenation, an object created, or an expression of
     * a class or interface type the file shows.
     */
    private boolean isSingleElement(Expression e) {
        return Constants.value(e).isPresent() || e instanceof BinaryExpr
                || e instanceof ObjectCreationExpr || file.matcher().receiverType(e).isPresent();
    }

    /** Whether {@code e} is visibly an array: created here, or a variable or field declared as one. */
    private static boolean isArray(Expression e) {
        if (e instanceof ArrayCreationExpr || e instanceof ArrayInitializerExpr) return true;
        return (e instanceof NameExpr || e instanceof FieldAccessExpr) && Declarations.of(e)
                .map(d -> d.type().isArrayType() || d.node() instanceof Parameter p && p.isVarArgs()).orElse(false);
    }

    private static Value elementOf(Value array, ArrayAccessExpr a) {
        return array.tracksElements() ? array.elementAt(constantIndex(a.getIndex())) : element(array);
    }

    /** The name {@code parts[0]} has among the variables once checked: a local array's element at a constant index. */
    private static Optional<String> checkedElement(ArrayAccessExpr a, Env env) {
        Integer index = constantIndex(a.getIndex());
        return a.getName() instanceof NameExpr n && index != null && env.has(n.getNameAsString())
                ? Optional.of(Env.element(n.getNameAsString(), index)) : Optional.empty();
    }

    /**
     * Where {@code used} is a local holding what a lookup found, used here as an object (a call on
     * it): its key is one the store holds, no longer the caller's text.
     */
    private void lookupFound(Expression used, Env env) {
        if (used instanceof NameExpr n) {
            lookupKeyHeldFor(n.getNameAsString()).ifPresent(key -> validate(new NameExpr(key), Set.of(TaintSpecs.ALL_KINDS), env));
        }
    }

    /**
     * Where {@code compared} was shown not to be null: a local holding what a lookup found, or the
     * lookup itself ({@code return em.find(User.class, id) != null;}): its key is a stored one.
     */
    void lookupNotNull(Expression compared, Env env) {
        Expression e = withoutCasts(compared);
        Optional<String> key = e instanceof NameExpr n ? lookupKeyHeldFor(n.getNameAsString()) : lookupKeyVariable(e);
        key.ifPresent(k -> validate(new NameExpr(k), Set.of(TaintSpecs.ALL_KINDS), env));
    }

    /** The variable holding the key of the lookup whose result the local {@code result} holds, if it holds one. */
    private Optional<String> lookupKeyHeldFor(String result) {
        VariableDeclarator d = lookupCandidates.get(result);
        if (d == null) {
            return Optional.empty();
        }
        return lookupKeyOf.computeIfAbsent(result, r -> lookupKeyVariable(d.getInitializer().orElseThrow())
                .filter(key -> Declarations.find(d, r).filter(x -> !Declarations.isReassigned(x)).isPresent()));
    }

    /**
     * The variable holding the key of the lookup {@code e} is ({@code em.find(User.class, id)}, or a
     * project method whose summary returns such a lookup by one of its parameters), when it is a
     * local or parameter never reassigned.
     */
    private Optional<String> lookupKeyVariable(Expression e) {
        if (!(withoutCasts(e) instanceof MethodCallExpr call) || call.getArguments().stream().noneMatch(a -> a instanceof NameExpr)) {
            return Optional.empty();
        }
        Integer position = lookupKeyPosition(call);
        if (position == null || position >= call.getArguments().size() || !(call.getArgument(position) instanceof NameExpr key)) {
            return Optional.empty();
        }
        Optional<Declaration> d = Declarations.of(key);
        return d.filter(k -> k.kind() != Declaration.Kind.FIELD && !Declarations.isReassigned(k)).map(k -> key.getNameAsString());
    }

    /** {@code (MediaFile) (store.load(..))} is the call. */
    private static Expression withoutCasts(Expression e) {
        Expression x = e;
        while (x instanceof EnclosedExpr || x instanceof CastExpr) {
            x = x instanceof EnclosedExpr p ? p.getInner() : ((CastExpr) x).getExpression();
        }
        return x;
    }

    private Integer lookupKeyPosition(MethodCallExpr call) {
        String name = call.getNameAsString();
        Expression scope = call.getScope().orElse(null);
        int arity = call.getArguments().size();
        List<TaintSpecs.Source> specified = new ArrayList<>(file.specs().sources.getOrDefault(name, List.of()));
        specified.addAll(file.specs().withheldSources.getOrDefault(name, List.of()));
        for (TaintSpecs.Source s : specified) {
            if (s.lookupKey() != null && file.matcher().call(call, scope, name, arity, s.method()) == ApiMatcher.Match.TYPED) {
                return s.lookupKey();
            }
        }
        List<MethodSummary> targets = file.resolve(call, scope, owner).methods();
        Integer position = null;
        for (MethodSummary m : targets) {
            if (m.lookupKey() == null || position != null && !position.equals(m.lookupKey())) return null;
            position = m.lookupKey();
        }
        return position;
    }

    /** Keeps, for the summary, whether every value this method returns is a lookup by the same parameter. */
    private void returnedLookup(Expression returned) {
        if (returned instanceof NullLiteralExpr || Integer.valueOf(-1).equals(returnedLookupKey)) {
            return; // null is what a lookup returns where nothing was found
        }
        if (!(method instanceof MethodDeclaration m) || m.getType().isPrimitiveType()
                || Types.simpleName(m.getType()).equals("String")) {
            returnedLookupKey = -1; // a record is an object
            return;
        }
        Optional<String> key = returned instanceof NameExpr n ? lookupKeyHeldFor(n.getNameAsString()) : lookupKeyVariable(returned);
        int parameter = key.map(k -> method.getParameters().stream().map(p -> p.getNameAsString()).toList().indexOf(k))
                .orElse(-1);
        returnedLookupKey = returnedLookupKey == null || returnedLookupKey == parameter ? Integer.valueOf(parameter) : Integer.valueOf(-1);
    }

    /** A constant, non-negative {@code int} index or length, or null. */
    private static Integer constantIndex(Expression index) {
        Object constant = Constants.value(index).orElse(null);
        return constant instanceof Long l && l >= 0 && l < Integer.MAX_VALUE ? (Integer) l.intValue() : null;
    }

    /** {@code new String[2]}: that many clean positions, each followed apart; of unknown or large length, no positions. */
    private static Value emptyArray(Integer length) {
        if (length == null || length > MAX_TRACKED_ARRAY) return Value.CLEAN;
        Value array = Value.emptyList();
        for (int i = 0; i < length; i++) array = array.add(Value.CLEAN);
        return array;
    }

    /** Whether {@code e} is visibly a number: a constant one, or a variable of a primitive type. */
    private static boolean isNumber(Expression e) {
        if (Constants.value(e).orElse(null) instanceof Number) return true;
        return e instanceof NameExpr && Declarations.of(e).map(d -> d.type().isPrimitiveType()).orElse(false);
    }

    /** What iterating over a value yields. */
    private static Value element(Value container) {
        return container.all().flat();
    }

    // ---------------------------------------------------------------- user methods

    private Optional<Value> userMethod(MethodCallExpr call, Expression scope, String name, List<Value> args,
                                       Value receiver, Env env) {
        if (calledAsLibraryMethod(scope) && !receiver.storedFieldsOnly().isTainted()) {
            // no field of the object says it is a workspace override's (see apply): the library's call
            return Optional.empty();
        }
        FileTaint.Resolution resolution = file.resolve(call, scope, owner);
        if (resolution.methods().isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> runWithData = new HashSet<>();
        resolution.methods().forEach(m -> runWithData.addAll(m.callbacks().keySet()));
        List<Value> withResults = new ArrayList<>(args);
        for (int i = 0; i < call.getArguments().size(); i++) {
            if (!runWithData.contains(i)) {
                Optional<Value> captured = runCapturing(call.getArgument(i), env);
                if (captured.isPresent()) withResults.set(i, captured.get());
            }
        }
        Value result = Value.CLEAN;
        int dispatchedOn = ownParameter(scope);
        for (MethodSummary m : resolution.methods()) {
            List<Value> actual = runCallbacks(call, m, withResults, receiver, env);
            Map<Integer, Set<String>> outer = dispatching;
            if (dispatchedOn >= 0 && !m.isStatic()) {
                dispatching = both(outer, Map.of(dispatchedOn, Set.of(m.owner())));
            }
            try {
                result = result.join(apply(call, m, actual, receiver, scope, env, resolution.uncertain()));
            } finally {
                dispatching = outer;
            }
        }
        if (ThisObjectCalls.onThisObject(call, method)) {
            updateAssignedFields(call, resolution, withResults, env);
        }
        checkedByCompletion(call, resolution, env);
        return Optional.of(result);
    }

    /**
     * After a call on this method's own object: a plain setter of this class assigns its field as
     * {@code this.date = x} would, for the rest of this method; after any other call, a field it
     * may change holds what this method assigned or what it may hold where this method has not.
     */
    private void updateAssignedFields(MethodCallExpr call, FileTaint.Resolution resolution, List<Value> args, Env env) {
        List<MethodSummary> methods = resolution.methods();
        Optional<MethodDeclaration> only = methods.size() == 1 && !resolution.uncertain()
                ? ThisObjectCalls.sameClass(method, methods.get(0), file.path()) : Optional.empty();
        Optional<ThisObjectCalls.PlainSetter> setter = only.flatMap(ThisObjectCalls::plainSetter);
        if (setter.isPresent() && setter.get().parameter() < args.size()) {
            ThisObjectCalls.PlainSetter s = setter.get();
            Value value = args.get(s.parameter());
            if (value.isTainted()) {
                value = value.step(step(call, "`" + s.field() + "` set by `" + Code.quote(call) + "`"));
            }
            writeField(s.field(), s.declaration(), value, env);
            return;
        }
        for (MethodSummary m : methods) {
            Optional<java.util.Set<String>> changed = ThisObjectCalls.sameClass(method, m, file.path())
                    .flatMap(ThisObjectCalls::changedFields);
            if (changed.isEmpty()) {
                env.weakenFields();
                return;
            }
            env.weakenFields(changed.get());
        }
    }

    /** Whether the receiver's declared class is a library's ({@code InputStream in}), not one of the workspace. */
    private boolean calledAsLibraryMethod(Expression scope) {
        return scope != null && !(scope instanceof ThisExpr) && !(scope instanceof SuperExpr)
                && file.receiverClass(scope).map(r -> !file.isWorkspaceClass(r.type())).orElse(false);
    }

    /**
     * A call of the project's own check ({@code requireInside(dir, file)}, which throws unless
     * the file stays under the directory): past the call, each argument every method it may run
     * proved safe on returning normally is safe for those kinds.
     */
    private void checkedByCompletion(MethodCallExpr call, FileTaint.Resolution resolution, Env env) {
        if (resolution.uncertain() || resolution.methods().stream()
                .anyMatch(m -> m.returnsBoolean() || m.isConstructor() || m.validates().isEmpty())) {
            return;
        }
        for (int p = 0; p < call.getArguments().size(); p++) {
            Set<String> kinds = null;
            for (MethodSummary m : resolution.methods()) {
                Set<String> proven = m.validates().getOrDefault(p, Set.of());
                kinds = kinds == null ? proven : TaintSpecs.bothKinds(kinds, proven);
            }
            if (kinds != null && !kinds.isEmpty()) {
                validate(call.getArgument(p), kinds, env);
            }
        }
    }

    /**
     * The functions among a call's arguments that {@code m} runs ({@link MethodSummary#callbacks()}),
     * run on what {@code m} passes them; the arguments with each such function replaced by its
     * result, which is what {@code m} returns when it returns the function's result.
     */
    private List<Value> runCallbacks(MethodCallExpr call, MethodSummary m, List<Value> args, Value receiver, Env env) {
        if (m.callbacks().isEmpty()) {
            return args;
        }
        List<Value> actual = new ArrayList<>(args);
        for (Map.Entry<Integer, Value> callback : m.callbacks().entrySet()) {
            int i = callback.getKey();
            Optional<Expression> function = i < call.getArguments().size() ? Functionals.of(call.getArgument(i))
                    : Optional.empty();
            if (function.isEmpty() || function.get() instanceof ObjectCreationExpr) continue;
            Step through = step(call.getArgument(i), "passed to the function given to `" + m.displayName() + "`");
            int arity = function.get() instanceof LambdaExpr l ? l.getParameters().size() : 1;
            List<Value> passed = new ArrayList<>();
            for (int k = 0; k < arity; k++) {
                // (column, value) -> ...: each parameter gets what the method passes at its position
                Value atPosition = function.get() instanceof LambdaExpr && callback.getValue().tracksElements()
                        ? callback.getValue().elementAt(k) : callback.getValue().all().flat();
                passed.add(substitute(atPosition, m.arity(), args, receiver, through));
            }
            actual.set(i, invoke(function.get(), "", passed, env));
        }
        return actual;
    }

    /**
     * In a method, {@code action.accept(value)} on a parameter holding a function: what it passes is
     * kept in the summary, for callers that hand in a lambda.
     */
    private void recordCallback(Expression scope, String name, List<Value> args) {
        if (!(scope instanceof NameExpr n) || Functionals.NOT_INVOCATIONS.contains(name)) {
            return;
        }
        NodeList<Parameter> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.getNameAsString().equals(n.getNameAsString())
                    && Declarations.of(n).map(d -> d.node() == p).orElse(false) && file.isFunctionalType(p)) {
                Value passed = Value.emptyList(); // by position, for a lambda taking several parameters
                for (Value a : args) passed = passed.add(a.flat());
                if (passed.isTainted()) callbacks.merge(i, passed, Value::join);
                return;
            }
        }
    }

    /**
     * {@code method.invoke(target, args...)} of a method looked up by a constant name on a class of
     * the workspace ({@link Reflection}): that method runs on {@code target} with the other arguments.
     */
    private Optional<Value> reflectiveCall(MethodCallExpr call, List<Value> args, Env env) {
        Optional<Reflection.Target> target = Reflection.invoked(call, file);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        List<MethodSummary> methods = file.reflectedMethods(target.get().type(), target.get().name(), target.get().arity());
        if (methods.isEmpty()) {
            return Optional.empty();
        }
        Value result = Value.CLEAN;
        for (MethodSummary m : methods) {
            result = result.join(apply(call, m, args.subList(1, args.size()), args.get(0), null, env, methods.size() > 1, 1));
        }
        return Optional.of(result);
    }

    private Value apply(Node call, MethodSummary m, List<Value> args, Value receiver, Expression scope, Env env,
                        boolean uncertain) {
        return apply(call, m, args, receiver, scope, env, uncertain, 0);
    }

    /**
     * {@code uncertain}: the call may run another method instead (overloads the argument types do
     * not tell apart, a capped virtual call), so what flows through it is trusted less.
     * {@code firstArgument}: where the method's parameters start among the call's arguments (1 for
     * a reflective {@code invoke(target, args...)}), so a flow is reported at the argument that carries it.
     */
    private Value apply(Node call, MethodSummary m, List<Value> args, Value receiver, Expression scope, Env env,
                        boolean uncertain, int firstArgument) {
        // `settings.get(name)` on a Map: any of the library's maps may be there, a workspace map being
        // one of them. What that override does with the arguments, and the real sources it returns or
        // reaches, hold only if the object is that class, which nothing here shows; what the
        // object's own fields carry (a caller's `new NamedResource(name)`) is the object's, and counts.
        boolean throughLibraryType = !m.isStatic() && calledAsLibraryMethod(scope);
        if (throughLibraryType) {
            args = java.util.Collections.nCopies(args.size(), Value.CLEAN);
        }
        if (uncertain) {
            args = args.stream().map(MethodInterpreter::lessCertain).toList();
            receiver = lessCertain(receiver);
        }
        Step through = new Step(file.path(), SourceRange.of(call), "passes through `" + m.displayName() + "`"
                + (m.file().equals(file.path()) ? "" : " (" + FileTaint.fileName(m.file()) + ":" + m.line() + ")"));
        // a method of this object reads the fields this method has assigned as they are now
        Map<String, Value> assigned = call instanceof MethodCallExpr c && ThisObjectCalls.onThisObject(c, method)
                ? env.assignedFields() : Map.of();
        Value returns = throughLibraryType ? m.returns().symbolicOnly() : m.returns();
        Value result = file.holdsNoText(m.returnType()) ? Value.CLEAN
                : checkedByArguments(call, substitute(returns, m.arity(), args, receiver, assigned, through));
        if (!m.isStatic() && scope != null && m.intoReceiver().isTainted()) {
            Value into = substitute(throughLibraryType ? m.intoReceiver().symbolicOnly() : m.intoReceiver(), m.arity(),
                    args, receiver, through);
            updateVariable(scope, v -> v.join(into), env);
            putIntoParameter(scope, into); // form.setColumn(v) on a parameter: the caller's form holds v there
            if (m.returns().taints().stream().anyMatch(t -> t.origin().parameter() == Origin.RECEIVER
                    && t.origin().path().isEmpty())) {
                result = result.join(into); // a builder returning itself: new Query().where(x).run()
            }
        } else if (!m.isStatic() && !isStatic && call instanceof MethodCallExpr c
                && c.getScope().map(s -> s instanceof ThisExpr).orElse(true) && m.intoReceiver().isTainted()) {
            // init(sql, param) from a constructor: what the helper stores in this object, this method stores
            intoReceiver = intoReceiver.join(symbolic(substitute(m.intoReceiver(), m.arity(), args, receiver, through)));
        }
        // fill(parts, value) whose body does parts.set(1, value): the caller's list holds the value now
        List<Expression> written = call instanceof MethodCallExpr c ? c.getArguments()
                : call instanceof ObjectCreationExpr o ? o.getArguments() : List.of();
        for (Map.Entry<Integer, Value> into : m.intoParameters().entrySet()) {
            int at = firstArgument + into.getKey();
            if (at >= written.size() || into.getKey() >= m.arity()) continue;
            Value stored = throughLibraryType ? into.getValue().symbolicOnly() : into.getValue();
            Value put = substitute(stored, m.arity(), args, receiver, through).keepingFields();
            if (put.isTainted()) {
                updateVariable(written.get(at), v -> v.join(put), env);
                putIntoParameter(written.get(at), put);
            }
        }
        // `in.read(buf)`, `closeable.close()` on a library type running a workspace override: the
        // untrusted data the object holds as a whole (the socket's bytes) is not what the
        // override's own fields, or the override's object, hold; those keep only what was stored
        // in the fields one by one
        Value receiverFields = throughLibraryType ? receiver.storedFieldsOnly() : receiver;
        for (MethodSummary.Reach reach : m.reaches()) {
            Map<Integer, Set<String>> dispatch = dispatchLeft(reach, call, firstArgument);
            if (contradicts(reach.when(), call, firstArgument) || dispatch == null
                    || throughLibraryType && reach.taint().origin().isReal()) {
                continue;
            }
            Taint symbolic = reach.taint();
            int p = symbolic.origin().parameter();
            Value actual = symbolic.origin().isReal() ? Value.of(symbolic)
                    : passed(symbolic.origin(), m.arity(), args, receiverFields, assigned);
            Node at = p >= 0 && p + firstArgument < argumentCount(call) ? argument(call, p + firstArgument) : call;
            SinkHit hit = reach.sink().via().isEmpty() ? reach.sink().via(m.displayName()) : reach.sink();
            List<MethodSummary.Writer> writers = List.of();
            SinkHit hitFromCallers = hit;
            if (reach.writer() != null) {
                MethodSummary.Writer w = reach.writer();
                Value writer = w.parameter() == Origin.RECEIVER ? receiver
                        : w.parameter() >= 0 && w.parameter() < args.size() ? args.get(w.parameter()) : Value.CLEAN;
                Channel channel = channel(writer, w.producer());
                if (channel != null && !ResponseBodies.mayRender(hit.kind(), channel)) {
                    continue;
                }
                if (channel == null) {
                    writers = callersWriters(writer, w.producer());
                    if (writers.isEmpty()) continue; // not handed a writer the sink needs: no sink here
                } else {
                    hitFromCallers = hit.withWriter(channel.describe(""));
                    hit = hit.withWriter(channel.describe(file.path()));
                }
            }
            Value arriving = symbolic.origin().isReal() ? actual : checkedByArguments(call, actual.clear(symbolic.cleared()));
            for (Taint t : arriving.all().taints()) {
                if (!t.reaches(hit.kind())) continue;
                Taint carried = t.step(through);
                if (!symbolic.origin().isReal()) {
                    for (Step s : symbolic.steps()) carried = carried.step(s);
                }
                if (!writers.isEmpty()) {
                    for (MethodSummary.Writer w : writers) addReach(new MethodSummary.Reach(carried, hit, w).dispatch(dispatch));
                } else if (t.origin().isReal()) {
                    file.flow(new Flow(at, carried, hit, false));
                } else {
                    addReach(new MethodSummary.Reach(carried, hitFromCallers).dispatch(dispatch));
                }
            }
        }
        if (!m.thrown().isEmpty()) {
            if (calledAsLibraryMethod(scope)) {
                // `in.read(buf)` on an InputStream: the caller runs the library's method, whose
                // exceptions hold the library's own text; a workspace override the call may also
                // reach says nothing of what the stream it actually holds carries
                List<Value> clean = java.util.Collections.nCopies(m.arity(), Value.CLEAN);
                exceptions.raise(m.thrown(), v -> substitute(v, m.arity(), clean, Value.CLEAN, through));
            } else {
                List<Value> given = args;
                Value on = receiver;
                exceptions.raise(m.thrown(), v -> substitute(v, m.arity(), given, on, through));
            }
        }
        return result;
    }

    /** The value with each real source's confidence capped at medium. */
    static Value lessCertain(Value v) {
        return v.map(t -> !t.origin().isReal() || t.origin().confidence() != Confidence.HIGH ? t
                : new Taint(t.origin().withConfidence(Confidence.MEDIUM), t.cleared(), t.steps()));
    }

    private static int argumentCount(Node call) {
        return call instanceof MethodCallExpr c ? c.getArguments().size()
                : call instanceof ObjectCreationExpr o ? o.getArguments().size() : 0;
    }

    private static Expression argument(Node call, int i) {
        return call instanceof MethodCallExpr c ? c.getArgument(i) : ((ObjectCreationExpr) call).getArgument(i);
    }

    /**
     * A summary's symbolic taints replaced by what this call passes; real ones kept. A varargs
     * parameter (the last of {@code arity}) stands for every argument from its position on.
     */
    private static Value substitute(Value summary, int arity, List<Value> args, Value receiver, Step through) {
        return substitute(summary, arity, args, receiver, Map.of(), through);
    }

    /** {@code assigned}: fields of the receiver that hold exactly these values (see {@link #passed}). */
    private static Value substitute(Value summary, int arity, List<Value> args, Value receiver,
                                    Map<String, Value> assigned, Step through) {
        Value out = Value.CLEAN;
        for (Channel c : summary.channels()) out = out.join(Value.of(c));
        for (Taint t : summary.withoutFields().all().taints()) {
            Value actual = t.origin().isReal() ? Value.of(t)
                    : passed(t.origin(), arity, args, receiver, assigned).clear(t.cleared());
            out = out.join(actual.step(through));
        }
        // what the method stored in or returned from each field keeps to that field
        for (Map.Entry<String, Value> field : summary.fields().entrySet()) {
            out = out.joinField(field.getKey(), substitute(field.getValue(), arity, args, receiver, assigned, through));
        }
        return out;
    }

    /**
     * What this call passes for a symbolic origin: the argument or receiver, or the field of it the
     * origin's path names ({@code parameter 0.customer.name}), fields kept and entries folded in. A
     * varargs parameter (the last of {@code arity}) stands for every argument from its position on.
     * {@code assigned}: fields of the receiver known to hold exactly these values (a method's own
     * object, whose fields it assigned): a field of the receiver named there is that value, not
     * the receiver's field as the caller passed it.
     */
    private static Value passed(Origin symbolic, int arity, List<Value> args, Value receiver,
                                Map<String, Value> assigned) {
        int p = symbolic.parameter();
        Value actual;
        if (p == Origin.RECEIVER && !symbolic.path().isEmpty() && assigned.containsKey(symbolic.path().get(0))) {
            return assigned.get(symbolic.path().get(0)).at(symbolic.path().subList(1, symbolic.path().size()))
                    .keepingFields();
        }
        if (p == Origin.RECEIVER) {
            actual = receiver;
        } else if (p >= 0 && p < args.size()) {
            actual = args.get(p);
            for (int i = p + 1; i < args.size() && p == arity - 1 && symbolic.path().isEmpty(); i++) {
                actual = actual.join(args.get(i));
            }
        } else {
            return Value.CLEAN;
        }
        return actual.at(symbolic.path()).keepingFields();
    }

    private Value creation(ObjectCreationExpr o, Env env) {
        List<Value> args = new ArrayList<>();
        for (Expression a : o.getArguments()) args.add(eval(a, env));
        List<Set<String>> fixed = UrlStarts.fixedConstructorArguments(o, file.matcher()::receiverType); // new URL(base, "pages/" + id)
        for (int i = 0; i < args.size(); i++) {
            if (!fixed.get(i).isEmpty()) args.set(i, args.get(i).clear(fixed.get(i)));
        }
        if (o.getAnonymousClassBody().isPresent()) {
            capture(o.getAnonymousClassBody().get(), env);
        }
        checkSinks(o, null, "<init>", o.getArguments(), args, Value.CLEAN, env);
        String type = o.getType().getNameAsString();
        if (o.getArguments().isEmpty() && MAP_TYPES.contains(type)) return Value.emptyMap();
        if (o.getArguments().isEmpty() && LIST_TYPES.contains(type)) return Value.emptyList();
        if (o.getArguments().size() == 1 && LIST_TYPES.contains(type)) {
            // new ArrayList<>(List.of("a", "b")) holds the same elements; new ArrayList<>(16) none yet
            if (args.get(0).tracksElements()) return args.get(0);
            if (isNumber(o.getArgument(0))) return Value.emptyList();
        }
        List<TaintSpecs.Sanitizer> sanitizers = file.specs().sanitizers.get("<init>");
        if (sanitizers != null) {
            for (TaintSpecs.Sanitizer s : sanitizers) {
                if (file.matcher().creation(o, s.method()) != ApiMatcher.Match.NONE) {
                    file.specs().used(s.where());
                    return args.stream().reduce(Value.CLEAN, (x, y) -> x.join(y.flat())).clear(s.kinds());
                }
            }
        }
        List<MethodSummary> constructors = file.constructors(o);
        if (!constructors.isEmpty()) {
            Value object = Value.CLEAN;
            for (MethodSummary c : constructors) {
                object = object.join(apply(o, c, args, Value.CLEAN, null, env, false));
                object = object.join(substitute(c.intoReceiver(), c.arity(), args, Value.CLEAN,
                        new Step(file.path(), SourceRange.of(o), "stored in a new `" + type + "`")));
            }
            return object;
        }
        if (Types.isNumericOrBoolean(o.getType()) || file.isUserClass(o)) {
            return Value.CLEAN;
        }
        // library objects wrapping data: new String(chars), new File(name), new URL(spec), new StringBuilder(s)
        Value wrapped = Value.CLEAN;
        for (Value a : args) wrapped = wrapped.join(a.flat());
        return wrapped;
    }

    // ---------------------------------------------------------------- lambdas, method references, anonymous classes

    /** Runs a lambda body with its parameters bound to {@code params} (clean when unknown); its result. */
    private Value lambda(LambdaExpr l, List<Value> params, Env env) {
        Optional<Expression> expression = l.getExpressionBody();
        if (expression.isPresent()) {
            Env inner = env.copy();
            bind(l.getParameters(), params, inner);
            return eval(expression.get(), inner);
        }
        return body(l.getParameters(), l.getBody(), params, env);
    }

    /** Runs a function's block body (a lambda's, an anonymous class method's) as part of this method; its result. */
    private Value body(NodeList<Parameter> parameters, Statement block, List<Value> params, Env env) {
        Env inner = env.copy();
        bind(parameters, params, inner);
        Value saved = returns;
        returns = Value.CLEAN;
        Frame lambdaFrame = new Frame(null, false, true); // a break inside the function cannot leave it
        lambdaFrame.isLambda = true;
        frames.push(lambdaFrame);
        try {
            exec(block, inner);
            return returns;
        } finally {
            frames.pop();
            returns = saved;
        }
    }

    private static void bind(NodeList<Parameter> parameters, List<Value> params, Env env) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            env.put(p.getNameAsString(), i < params.size() && !Types.isNumericOrBoolean(p.getType()) ? params.get(i)
                    : Value.CLEAN);
        }
    }

    /**
     * Runs the function {@code function} (a lambda, method reference or anonymous class, see
     * {@link Functionals}) on {@code params}: {@code name} is the method called on it. A function
     * written in this method sees this method's variables (it captured them); one written
     * elsewhere (a field's initializer) sees only fields. A function already running (one that
     * calls itself through a field) adds nothing more.
     */
    private Value invoke(Expression function, String name, List<Value> params, Env env) {
        if (running.size() >= MAX_NESTED_FUNCTIONS || !running.add(function)) {
            return Value.CLEAN;
        }
        try {
            Env base = writtenHere(function) ? env : new Env();
            if (function instanceof LambdaExpr l) {
                return lambda(l, params, base);
            }
            if (function instanceof MethodReferenceExpr ref) {
                return methodReference(ref, params, base);
            }
            ObjectCreationExpr anonymous = (ObjectCreationExpr) function;
            Optional<MethodDeclaration> m = Functionals.method(anonymous, name, params.size());
            return m.map(d -> body(d.getParameters(), d.getBody().orElseThrow(), params, base)).orElse(Value.CLEAN);
        } finally {
            running.remove(function);
        }
    }

    /**
     * The class of what a {@code throw} throws, resolved: the class of {@code new X(..)}, or the
     * declared class of a variable (its value may be of a subclass); empty when not known.
     */
    private Optional<String> thrownType(Expression thrown) {
        if (thrown instanceof ObjectCreationExpr o) {
            return Optional.of(file.resolvedType(o, o.getType())).filter(t -> !dev.seclens.rules.model.TypeRef.isUnknown(t));
        }
        if (thrown instanceof NameExpr n) {
            return Declarations.of(n).filter(d -> d.type() instanceof com.github.javaparser.ast.type.ClassOrInterfaceType)
                    .map(d -> file.resolvedType(d.node(), d.type())).filter(t -> !dev.seclens.rules.model.TypeRef.isUnknown(t));
        }
        if (thrown instanceof CastExpr c) {
            return Optional.of(file.resolvedType(c, c.getType())).filter(t -> !dev.seclens.rules.model.TypeRef.isUnknown(t));
        }
        if (thrown instanceof EnclosedExpr p) {
            return thrownType(p.getInner());
        }
        if (thrown instanceof MethodCallExpr call) {
            // throw KeeperException.create(code, path): the declared return type of a project factory, resolved
            return file.matcher().receiverType(call).filter(t -> t.contains(".") && !dev.seclens.rules.model.TypeRef.isUnknown(t));
        }
        return Optional.empty();
    }

    /** Whether {@code node} is part of this method's own code (not of a field initializer or another method). */
    private boolean writtenHere(Node node) {
        for (Node n = node.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof CallableDeclaration<?> || n instanceof TypeDeclaration<?>) {
                return n == method;
            }
        }
        return false;
    }

    /**
     * A project method handed a lambda or method reference it is not known to run with data may
     * still run it: its body runs here with the data it captured (parameters unknown, so clean), so
     * a callback that puts captured request data into a query is seen
     * ({@code inTransaction(() -> st.execute(sql))}); its result, for a method returning it. Empty
     * when the argument is no function.
     */
    private Optional<Value> runCapturing(Expression argument, Env env) {
        Optional<Expression> function = Functionals.of(argument);
        if (function.isEmpty() || function.get() instanceof ObjectCreationExpr) {
            return Optional.empty();
        }
        int arity = function.get() instanceof LambdaExpr l ? l.getParameters().size() : 0;
        return Optional.of(invoke(function.get(), "", java.util.Collections.nCopies(arity, Value.CLEAN), env));
    }

    /**
     * A method reference run on {@code params}: {@code Encode::forHtml} sanitises, {@code this::wrap},
     * {@code Type::helper}, {@code other::wrap} and {@code Type::new} run the project's method or
     * constructor, {@code String::trim} (an instance method named through its type) runs on its
     * first argument, a library method carries its arguments, and {@code st::execute} may be a sink.
     */
    private Value methodReference(MethodReferenceExpr ref, List<Value> params, Env env) {
        String name = ref.getIdentifier();
        Expression scope = ref.getScope();
        Value input = params.stream().reduce(Value.CLEAN, (x, y) -> x.join(y.flat()));
        boolean typeScope = scope instanceof TypeExpr || scope instanceof NameExpr n && !env.has(n.getNameAsString())
                && Declarations.of(n).isEmpty() && Character.isUpperCase(n.getNameAsString().charAt(0));
        Expression matchScope = scope instanceof TypeExpr t ? new NameExpr(t.getType().asString()) : scope;
        Optional<TaintSpecs.Sanitizer> sanitizer = file.specs().sanitizer(name, s -> s.validates().isEmpty(),
                s -> file.matcher().call(ref, matchScope, name, 1, s.method()));
        if (sanitizer.isPresent()) {
            return input.clear(sanitizer.get().kinds());
        }
        if (name.equals("new")) {
            return referencedConstructor(ref, params, input, env);
        }
        Value receiver = typeScope ? Value.CLEAN : scope instanceof ThisExpr || scope instanceof SuperExpr
                ? receiverValue() : eval(scope, env);
        List<MethodSummary> bound = file.resolveReference(ref, params.size(), owner);
        Value result = Value.CLEAN;
        boolean found = false;
        for (MethodSummary m : bound) {
            if (typeScope && !m.isStatic()) continue;
            result = result.join(apply(ref, m, params, receiver, null, env, bound.size() > 1));
            found = true;
        }
        if (typeScope && !params.isEmpty()) {
            List<MethodSummary> unbound = file.resolveReference(ref, params.size() - 1, owner);
            for (MethodSummary m : unbound) {
                if (m.isStatic()) continue;
                result = result.join(apply(ref, m, params.subList(1, params.size()), params.get(0), null, env,
                        unbound.size() > 1));
                found = true;
            }
        }
        if (found) {
            return result;
        }
        referenceSinks(ref, matchScope, name, params);
        if (NOT_TEXT.contains(name) || isPredicateName(name)) {
            return Value.CLEAN;
        }
        return input.join(typeScope ? Value.CLEAN : receiver.flat());
    }

    /** {@code Type::new}: the project's constructor, or a library object wrapping its arguments. */
    private Value referencedConstructor(MethodReferenceExpr ref, List<Value> params, Value input, Env env) {
        if (!(ref.getScope() instanceof TypeExpr t) || !(t.getType() instanceof ClassOrInterfaceType)
                || Types.isNumericOrBoolean(t.getType())) {
            return Value.CLEAN; // int[]::new takes a length
        }
        List<MethodSummary> constructors = file.constructors(ref, t.getType(), params.size());
        if (constructors.isEmpty()) {
            return file.isProjectType(ref, t.getType().asString()) ? Value.CLEAN : input;
        }
        Value object = Value.CLEAN;
        for (MethodSummary c : constructors) {
            object = object.join(apply(ref, c, params, Value.CLEAN, null, env, false));
            object = object.join(substitute(c.intoReceiver(), c.arity(), params, Value.CLEAN,
                    new Step(file.path(), SourceRange.of(ref), "stored in a new `" + t.getType().asString() + "`")));
        }
        return object;
    }

    /** A library sink named by a method reference ({@code queries.forEach(statement::execute)}), reported at the reference. */
    private void referenceSinks(MethodReferenceExpr ref, Expression scope, String name, List<Value> params) {
        List<TaintSpecs.Sink> sinks = file.specs().sinks.get(name);
        if (sinks == null) {
            return;
        }
        for (TaintSpecs.Sink s : sinks) {
            ApiMatcher.Match m = file.matcher().call(ref, scope, name, params.size(), s.method());
            if (m == ApiMatcher.Match.NONE || s.receiverFrom() != null || !s.whenArgEquals().isEmpty()
                    || !s.whenArgStartsWith().isEmpty() || !s.whenArgType().isEmpty() || !s.unlessArgType().isEmpty()
                    || m == ApiMatcher.Match.NAME_ONLY && FileTaint.GENERIC_NAMES.contains(name)) {
                continue; // conditions on the arguments cannot be checked without the arguments
            }
            file.specs().used(s.where());
            for (int index : s.args()) {
                if (index >= 0 && index < params.size()) {
                    sink(ref, params.get(index), s, m == ApiMatcher.Match.NAME_ONLY, null, List.of());
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers for Guards

    private boolean returnsVoid() {
        return method instanceof MethodDeclaration m && m.getType().isVoidType();
    }

    private boolean returnsBoolean() {
        return method instanceof MethodDeclaration m
                && (m.getType().asString().equals("boolean") || m.getType().asString().equals("Boolean"));
    }

    /**
     * At {@code return returned}: which parameters are proven safe, and for what, when it returns
     * true (a constant {@code false} proves nothing and costs nothing).
     */
    private void validatedOnTrue(Expression returned, Env in) {
        Optional<Object> constant = Constants.value(returned);
        if (constant.isPresent() && Boolean.FALSE.equals(constant.get())) {
            return;
        }
        Env whenTrue = in.copy();
        if (constant.isEmpty()) {
            Guards.refine(returned, whenTrue, new Env(), this);
        }
        validatedAt(whenTrue);
    }

    /**
     * Keeps, per parameter, the kinds it is proven safe for at this exit and at every one recorded
     * before: where a boolean method returns true, or where a void method returns normally (its
     * other ways out threw, {@code if (!inside) throw ...}, so a caller going on past the call has
     * had the argument checked).
     */
    private void validatedAt(Env whenTrue) {
        Map<Integer, Set<String>> here = new HashMap<>();
        NodeList<Parameter> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).getNameAsString();
            Parameter parameter = parameters.get(i);
            if (!whenTrue.has(name) || Types.isNumericOrBoolean(parameter.getType()) || reassignedParameters().contains(name)) {
                continue; // a number, or reassigned: nothing to prove about what the caller passed
            }
            Set<String> cleared = null;
            for (Taint t : whenTrue.get(name).all().taints()) {
                if (t.origin().parameter() != i) continue;
                cleared = cleared == null ? new HashSet<>(t.cleared()) : cleared;
                cleared.retainAll(t.cleared());
            }
            if (cleared == null) {
                here.put(i, Set.of(TaintSpecs.ALL_KINDS)); // the check cleared it for every use
            } else if (!cleared.isEmpty()) {
                here.put(i, cleared);
            }
        }
        if (validates == null) {
            validates = here;
            return;
        }
        validates.keySet().retainAll(here.keySet());
        validates.replaceAll((i, kinds) -> TaintSpecs.bothKinds(kinds, here.get(i)));
        validates.values().removeIf(Set::isEmpty);
    }

    /** The parameters the method assigns to, found once: a check of them proves nothing about the caller's values. */
    private Set<String> reassignedParameters() {
        if (reassigned == null) {
            reassigned = method.findAll(AssignExpr.class).stream().map(AssignExpr::getTarget)
                    .filter(t -> t instanceof NameExpr).map(t -> ((NameExpr) t).getNameAsString())
                    .collect(java.util.stream.Collectors.toSet());
        }
        return reassigned;
    }

    String owner() {
        return owner;
    }

    /** Whether {@code predicate} is not already being read as a validator (false: it tests itself). */
    boolean startProving(Expression predicate) {
        return proving.add(predicate);
    }

    void doneProving(Expression predicate) {
        proving.remove(predicate);
    }

    /**
     * The position of the parameter of this method {@code e} names when that parameter holds a
     * function the caller hands in ({@code Predicate<String> accept}), or -1.
     */
    int functionalParameter(Expression e) {
        if (!(e instanceof NameExpr n)) {
            return -1;
        }
        NodeList<Parameter> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.getNameAsString().equals(n.getNameAsString())
                    && Declarations.of(n).map(d -> d.node() == p).orElse(false) && file.isFunctionalType(p)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The kind of use a value is safe for once the predicate in parameter {@code parameter} said
     * true of it: a placeholder in the summary, which each call replaces by what the function it
     * hands in proves ({@link #checkedByArguments}).
     */
    static String checkedBy(int parameter) {
        return CHECKED_BY + parameter;
    }

    /**
     * {@code value} with each {@link #checkedBy} placeholder of a summary replaced by what the
     * function the call hands in at that position proves where it returns true (a lambda, a
     * reference to a validator), or by the caller's own placeholder when it passes on a predicate
     * it was handed; nothing where the argument is no known check.
     */
    private Value checkedByArguments(Node call, Value value) {
        if (!(call instanceof MethodCallExpr c) || value.all().taints().stream()
                .noneMatch(t -> t.cleared().stream().anyMatch(k -> k.startsWith(CHECKED_BY)))) {
            return value;
        }
        Map<String, Set<String>> proven = new HashMap<>();
        for (int i = 0; i < c.getArguments().size(); i++) {
            Expression argument = c.getArgument(i);
            int own = functionalParameter(argument);
            Set<String> kinds = own >= 0 ? Set.of(checkedBy(own))
                    : Functionals.of(argument).map(f -> Guards.onTrue(f, this).getOrDefault(0, Set.of())).orElse(Set.of());
            proven.put(checkedBy(i), kinds);
        }
        Value out = Value.CLEAN;
        for (Channel channel : value.channels()) out = out.join(Value.of(channel));
        for (Taint t : value.all().taints()) {
            Set<String> kept = new HashSet<>();
            Set<String> proof = new HashSet<>();
            for (String k : t.cleared()) {
                if (k.startsWith(CHECKED_BY)) proof.addAll(proven.getOrDefault(k, Set.of()));
                else kept.add(k);
            }
            out = out.join(Value.of(new Taint(t.origin(), kept, t.steps())).clear(proof));
        }
        return out;
    }

    /** Marks {@code variable} safe for {@code kinds} in {@code env} (an allow-list or validation check held). */
    void validate(Expression variable, Set<String> kinds, Env env) {
        Expression e = variable;
        while (e instanceof EnclosedExpr p) e = p.getInner();
        if (e instanceof MethodCallExpr getter) {
            sameGetterHeldBy(getter).ifPresent(local -> validate(local, kinds, env));
            return;
        }
        if (e instanceof NameExpr n && env.has(n.getNameAsString())) {
            env.put(n.getNameAsString(), env.get(n.getNameAsString()).clear(kinds));
        } else if (e instanceof ArrayAccessExpr a && checkedElement(a, env).isPresent()) {
            // if (isAlphanumeric(parts[0])): that element, not the array's others
            String element = checkedElement(a, env).get();
            Value held = env.has(element) ? env.get(element) : elementOf(env.get(((NameExpr) a.getName()).getNameAsString()), a);
            env.put(element, held.clear(kinds));
        } else if (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr && env.has("#" + f.getNameAsString())) {
            env.put("#" + f.getNameAsString(), env.get("#" + f.getNameAsString()).clear(kinds));
        }
    }

    /**
     * The local that holds what a getter call checked here returns: {@code String name = entry.getName();}
     * then {@code validate(entry.getName(), dir)} checks {@code name}, where the declaration is an earlier
     * statement of the same block and neither {@code entry} nor {@code name} is assigned in between.
     */
    private static Optional<NameExpr> sameGetterHeldBy(MethodCallExpr getter) {
        if (!getter.getArguments().isEmpty() || !(getter.getScope().orElse(null) instanceof NameExpr receiver)
                || !getter.getNameAsString().startsWith("get")) {
            return Optional.empty();
        }
        Statement at = getter.findAncestor(Statement.class, s -> s.getParentNode().filter(BlockStmt.class::isInstance)
                .isPresent()).orElse(null);
        if (at == null) {
            return Optional.empty();
        }
        NodeList<Statement> block = ((BlockStmt) at.getParentNode().orElseThrow()).getStatements();
        int here = block.indexOf(at);
        for (int i = here - 1; i >= 0; i--) {
            Statement before = block.get(i);
            if (before instanceof ExpressionStmt x && x.getExpression() instanceof VariableDeclarationExpr d
                    && d.getVariables().size() == 1
                    && d.getVariable(0).getInitializer().filter(init -> init.equals(getter)).isPresent()) {
                String local = d.getVariable(0).getNameAsString();
                boolean reassigned = block.subList(i + 1, here).stream().flatMap(s -> s.findAll(AssignExpr.class).stream())
                        .anyMatch(a -> a.getTarget() instanceof NameExpr t && (t.getNameAsString().equals(local)
                                || t.getNameAsString().equals(receiver.getNameAsString())));
                return reassigned ? Optional.empty() : Optional.of(new NameExpr(local));
            }
        }
        return Optional.empty();
    }

    FileTaint file() {
        return file;
    }

    private Step step(Node node, String message) {
        return new Step(file.path(), SourceRange.of(node), message);
    }
}
