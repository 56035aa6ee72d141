package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.Instances;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The local form of unsafe deserialization: a deserializer that can instantiate any class on the
 * class path (ObjectInputStream without a filter, XMLDecoder, Jackson default typing, XStream
 * without an allow-list, SnakeYAML's default constructor, Kryo without registration, fastjson auto-type,
 * Hessian without a restricted serializer factory). Where the
 * bytes come from is seen only locally: a stream visibly built from request or socket input raises
 * the confidence; everything else is the taint engine's question.
 */
@RuleInfo(
        id = "java/unsafe-deserialization",
        title = "Deserialization that can instantiate any class",
        cwe = {502},
        owasp = Owasp.A08,
        concern = Concern.INJECTION,
        severity = Severity.HIGH,
        confidence = Confidence.MEDIUM,
        summary = "Data is deserialized with a mechanism that lets the data choose which classes to instantiate"
                + " (ObjectInputStream without a filter, XMLDecoder, Jackson default typing, XStream, SnakeYAML, Kryo,"
                + " fastjson auto-type, Hessian).")
public final class UnsafeDeserializationRule implements Rule {
    private static final Set<String> OIS_READS = Set.of("readObject", "readUnshared");
    private static final Set<String> YAML_LOADS = Set.of("load", "loadAll", "loadAs");
    private static final Set<String> XSTREAM_ALLOW_LISTS = Set.of("allowTypes", "allowTypesByWildcard",
            "allowTypesByRegExp", "allowTypeHierarchy", "addPermission");
    private static final Set<String> JACKSON_LEGACY_TYPING = Set.of("enableDefaultTyping",
            "enableDefaultTypingAsProperty");
    private static final Set<String> JACKSON_TYPING = Set.of("activateDefaultTyping", "activateDefaultTypingAsProperty");
    private static final List<String> SERIALIZATION_UTILS = List.of("org.apache.commons.lang3.SerializationUtils",
            "org.apache.commons.lang.SerializationUtils", "org.springframework.util.SerializationUtils");
    private static final Set<String> KRYO_READS = Set.of("readClassAndObject", "readObject", "readObjectOrNull");
    /**
     * Kryo 5 requires registration by default; a project that registers its classes is taken to run
     * it (or to require registration already), so only an instance with neither is judged.
     */
    private static final Set<String> KRYO_REGISTRATION = Set.of("setRegistrationRequired", "register");
    private static final Set<String> OPEN_TYPES = Set.of("Object", "Serializable");
    /** Request or socket methods whose result the client chose. */
    private static final Set<String> REQUEST_INPUT = Set.of("getInputStream", "getReader", "getParameter",
            "getHeader", "getQueryString", "getRequestBody", "getPart");
    private static final Set<String> REQUEST_TYPES = Set.of("HttpServletRequest", "ServletRequest", "Socket",
            "SSLSocket", "HttpExchange", "MultipartFile", "Part");
    private static final Set<String> REQUEST_NAMES = Set.of("request", "req", "socket", "exchange", "httpRequest");
    private static final Set<String> REQUEST_ANNOTATIONS = Set.of("RequestBody", "RequestParam", "RequestPart",
            "RequestHeader", "PathVariable", "FormParam", "QueryParam", "HeaderParam", "CookieValue");
    private static final int MAX_DEPTH = 8;
    private static final List<String> HESSIAN_INPUTS = List.of("com.caucho.hessian.io.HessianInput",
            "com.caucho.hessian.io.Hessian2Input");
    /** Wildcards and regular expressions that match every class name. */
    private static final Set<String> ANY_TYPE_PATTERNS = Set.of("**", "*", ".*", ".+", "^.*$");
    private static final List<String> FASTJSON_PARSERS = List.of("com.alibaba.fastjson.JSON", "com.alibaba.fastjson2.JSON");

    @Override
    public void check(RuleContext context) {
        boolean jvmWideFilter = context.index().calls().stream().anyMatch(c -> c.getNameAsString().equals("setSerialFilter"));
        for (ObjectCreationExpr creation : context.index().creations()) {
            if (!jvmWideFilter && isUnfilteredObjectStream(creation)) {
                checkStream(context, creation);
            } else if (Types.denotes(creation.getType(), "java.beans.XMLDecoder")) {
                checkReads(context, creation, Set.of("readObject"), Set.of(), "XMLDecoder", Confidence.MEDIUM,
                        "; XMLDecoder runs whatever method calls the XML describes and cannot be restricted: use a data"
                                + " format such as JSON bound to a fixed class.");
            } else if (Types.denotes(creation.getType(), "com.thoughtworks.xstream.XStream")) {
                checkReads(context, creation, Set.of("fromXML"), XSTREAM_ALLOW_LISTS, "XStream", Confidence.LOW,
                        " with no allowTypes or addPermission on this instance; XStream before 1.4.18 then instantiates"
                                + " any class: call allowTypes(...) or allowTypesByWildcard(...) with your own packages.");
            } else if (HESSIAN_INPUTS.stream().anyMatch(t -> Types.denotes(creation.getType(), t))) {
                checkReads(context, creation, Set.of("readObject"), Set.of("setSerializerFactory"), "Hessian",
                        Confidence.MEDIUM, " with the default SerializerFactory, which instantiates any class the data names:"
                                + " call setSerializerFactory(...) with a factory whose ClassFactory allows only your own"
                                + " packages (getClassFactory().allow(\"com.example.dto.*\")).");
            } else if (Types.denotes(creation.getType(), "com.esotericsoftware.kryo.Kryo")) {
                checkReads(context, creation, KRYO_READS, KRYO_REGISTRATION, "Kryo", Confidence.LOW,
                        " with neither setRegistrationRequired(true) nor register(...) on this instance; before Kryo 5.0"
                                + " registration is optional and the data names any class to instantiate: call"
                                + " setRegistrationRequired(true) and register the classes you expect.");
            } else if (Types.denotes(creation.getType(), "org.yaml.snakeyaml.Yaml") && creation.getArguments().isEmpty()) {
                checkReads(context, creation, YAML_LOADS, Set.of(), "SnakeYAML", Confidence.MEDIUM,
                        " with the default constructor; before SnakeYAML 2.0 a global tag such as !!javax.script.ScriptEngineManager"
                                + " instantiates any class: use new Yaml(new SafeConstructor(new LoaderOptions())).");
            }
        }
        for (MethodCallExpr call : context.index().calls()) {
            checkConfigurationCall(context, call);
            if (!jvmWideFilter && call.getNameAsString().equals("deserialize") && call.getArguments().size() == 1
                    && call.getScope().map(s -> SERIALIZATION_UTILS.stream().anyMatch(t -> Types.isTypeName(s, t))).orElse(false)) {
                Optional<Expression> request = requestInput(call.getArgument(0), 0);
                context.report(call, "`" + Code.quote(call) + "` deserializes with a plain ObjectInputStream"
                                + request.map(r -> ", reading `" + Code.quote(r) + "` (line " + line(r) + ")").orElse("")
                                + ", which instantiates any serializable class on the class path; read the data with an"
                                + " ObjectInputStream that has an ObjectInputFilter listing the classes you expect.",
                        request.isPresent() ? Confidence.HIGH : Confidence.MEDIUM, List.of(), null);
            }
        }
        for (VariableDeclarator variable : context.index().variables()) {
            checkTypeInfo(context, variable);
        }
    }

    /** {@code new ObjectInputStream(...)}, or a subclass declared here, without a resolveClass allow-list. */
    private static boolean isUnfilteredObjectStream(ObjectCreationExpr creation) {
        if (creation.getAnonymousClassBody().map(UnsafeDeserializationRule::overridesResolveClass).orElse(false)) {
            return false;
        }
        if (Types.denotes(creation.getType(), "java.io.ObjectInputStream")) {
            return true;
        }
        Optional<TypeDeclaration<?>> declared = FileIndex.of(creation).flatMap(i -> i.type(creation.getType().getNameAsString()));
        return declared.filter(t -> t instanceof ClassOrInterfaceDeclaration c && c.getExtendedTypes().stream()
                        .anyMatch(e -> Types.denotes(e, "java.io.ObjectInputStream")))
                .filter(t -> !overridesResolveClass(t.getMembers()))
                .isPresent();
    }

    private static boolean overridesResolveClass(List<BodyDeclaration<?>> members) {
        return members.stream().anyMatch(m -> m instanceof MethodDeclaration method
                && method.getNameAsString().equals("resolveClass"));
    }

    private static void checkStream(RuleContext context, ObjectCreationExpr creation) {
        checkReads(context, creation, OIS_READS, Set.of("setObjectInputFilter"), "ObjectInputStream", Confidence.MEDIUM,
                " with no ObjectInputFilter; the stream instantiates any serializable class on the class path: call "
                        + "setObjectInputFilter(ObjectInputFilter.Config.createFilter(\"com.example.dto.*;!*\")) with"
                        + " the classes you expect before reading.");
    }

    /**
     * Reports the first read ({@code reads}) from the deserializer created at {@code created}, unless a
     * {@code safeguards} call on the same instance ran before it. An instance that leaves the method
     * (argument, return, other variable) may be restricted elsewhere and is not judged.
     */
    private static void checkReads(RuleContext context, ObjectCreationExpr created, Set<String> reads,
                                   Set<String> safeguards, String api, Confidence base, String problem) {
        Optional<Declaration> holder = Instances.holder(created);
        List<MethodCallExpr> calls = new ArrayList<>();
        if (holder.isPresent()) {
            Declaration h = holder.get();
            if (Instances.isVisibleField(h) || !Instances.onlyHolds(h, created) || Instances.escapes(h)) {
                return;
            }
            calls.addAll(Instances.callsOn(h));
        } else if (created.getParentNode().orElse(null) instanceof MethodCallExpr chained
                && chained.getScope().orElse(null) == created) {
            calls.add(chained);
        }
        boolean isField = holder.map(h -> h.kind() == Declaration.Kind.FIELD).orElse(false);
        for (MethodCallExpr read : calls) {
            if (!reads.contains(read.getNameAsString())) {
                continue;
            }
            boolean guarded = calls.stream().anyMatch(c -> safeguards.contains(c.getNameAsString())
                    && !admitsEveryType(c) && (isField || Instances.runsBefore(c, read)));
            if (guarded) {
                return;
            }
            Expression data = api.equals("SnakeYAML") || api.equals("XStream") || api.equals("Kryo")
                    ? read.getArguments().isEmpty() ? created : read.getArgument(0)
                    : created.getArguments().isEmpty() ? created : created.getArgument(0);
            Optional<Expression> request = requestInput(data, 0);
            List<RelatedLocation> related = new ArrayList<>();
            related.add(new RelatedLocation(SourceRange.of(created), api + " created here"));
            request.ifPresent(r -> related.add(new RelatedLocation(SourceRange.of(r), "the data comes from the request here")));
            String origin = request.map(r -> ", reading `" + Code.quote(r) + "` (line " + line(r) + ")").orElse("");
            String instance = holder.map(h -> "`" + h.name() + "` (" + Code.quote(created) + ", line " + line(created) + ")")
                    .orElse(Code.quote(created));
            context.report(read, "`" + Code.quote(read) + "` deserializes with " + api + " " + instance + origin
                    + problem, request.isPresent() ? raise(base) : base, related, null);
            return;
        }
    }

    /**
     * An XStream permission that admits every type is no allow-list: {@code addPermission(AnyTypePermission.ANY)},
     * {@code allowTypesByWildcard(new String[] {"**"})}, {@code allowTypesByRegExp(new String[] {".*"})}.
     */
    private static boolean admitsEveryType(MethodCallExpr safeguard) {
        for (Expression argument : safeguard.getArguments()) {
            if (Code.of(argument).contains("AnyTypePermission")) {
                return true;
            }
            for (Expression e : argument.findAll(Expression.class)) {
                if (Constants.string(e).filter(ANY_TYPE_PATTERNS::contains).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Confidence raise(Confidence base) {
        return base == Confidence.LOW ? Confidence.MEDIUM : Confidence.HIGH;
    }

    /** Jackson default typing with a permissive validator, and Kryo without class registration. */
    private static void checkConfigurationCall(RuleContext context, MethodCallExpr call) {
        String name = call.getNameAsString();
        if (JACKSON_LEGACY_TYPING.contains(name)) {
            context.report(call, "`" + Code.quote(call) + "` lets the JSON name any class to instantiate (a known gadget"
                    + " chain on the class path turns this into code execution); remove it, or use activateDefaultTyping"
                    + " with a BasicPolymorphicTypeValidator that allows only your own base types.");
        } else if (JACKSON_TYPING.contains(name) && !call.getArguments().isEmpty() && isPermissive(call.getArgument(0), 0)) {
            context.report(call, "`" + Code.quote(call) + "` enables default typing with a validator that accepts every"
                    + " class; build a BasicPolymorphicTypeValidator that allows only your own base types.");
        } else if (name.equals("setAutoTypeSupport") && call.getArguments().size() == 1
                && Constants.value(call.getArgument(0)).filter(Boolean.TRUE::equals).isPresent()) {
            context.report(call, "`" + Code.quote(call) + "` lets fastjson instantiate any class an \"@type\" key in"
                    + " the JSON names; leave auto-type off and parse into your own classes (JSON.parseObject(text,"
                    + " Order.class)), or enable safeMode.");
        } else if ((name.equals("parse") || name.equals("parseObject") || name.equals("parseArray"))
                && call.getScope().map(s -> FASTJSON_PARSERS.stream().anyMatch(t -> Types.isTypeName(s, t))).orElse(false)
                && call.getArguments().stream().anyMatch(a -> Code.of(a).endsWith("SupportAutoType"))) {
            context.report(call, "`" + Code.quote(call) + "` parses with Feature.SupportAutoType, so an \"@type\" key in"
                    + " the JSON chooses the class to instantiate; drop the feature and parse into your own classes.");
        } else if (name.equals("setRegistrationRequired") && call.getArguments().size() == 1
                && Constants.value(call.getArgument(0)).filter(Boolean.FALSE::equals).isPresent()) {
            context.report(call, "`" + Code.quote(call) + "` lets Kryo instantiate any class the data names; keep"
                    + " registration required and register the classes you expect.");
        }
    }

    /** LaissezFaireSubTypeValidator, or a BasicPolymorphicTypeValidator that allows Object itself. */
    private static boolean isPermissive(Expression validator, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (validator instanceof NameExpr n) {
            return Declarations.of(n).flatMap(Declaration::initializer).map(i -> isPermissive(i, depth + 1)).orElse(false);
        }
        String text = Code.of(validator);
        if (text.contains("LaissezFaireSubTypeValidator")) {
            return true;
        }
        return validator.findAll(MethodCallExpr.class).stream().anyMatch(m ->
                (m.getNameAsString().equals("allowIfBaseType") || m.getNameAsString().equals("allowIfSubType"))
                        && m.getArguments().size() == 1 && m.getArgument(0) instanceof ClassExpr c
                        && c.getType().asString().equals("Object"));
    }

    /** {@code @JsonTypeInfo(use = Id.CLASS or MINIMAL_CLASS)} on a field typed Object or Serializable. */
    private static void checkTypeInfo(RuleContext context, VariableDeclarator variable) {
        if (!(variable.getParentNode().orElse(null) instanceof FieldDeclaration field) || !isOpenType(variable.getType())) {
            return;
        }
        for (AnnotationExpr annotation : field.getAnnotations()) {
            if (!annotation.getNameAsString().endsWith("JsonTypeInfo") || !(annotation instanceof NormalAnnotationExpr normal)) {
                continue;
            }
            for (MemberValuePair pair : normal.getPairs()) {
                String use = pair.getValue() instanceof FieldAccessExpr f ? f.getNameAsString() : pair.getValue().toString();
                if (pair.getNameAsString().equals("use") && (use.equals("CLASS") || use.equals("MINIMAL_CLASS"))) {
                    context.report(annotation, "`" + Code.quote(annotation) + "` on `" + variable.getNameAsString()
                            + "`, typed " + variable.getType().asString() + ", lets the JSON name any class to"
                            + " instantiate; use Id.NAME with @JsonSubTypes listing the allowed classes, or a narrower field type.");
                }
            }
        }
    }

    private static boolean isOpenType(Type type) {
        if (OPEN_TYPES.contains(Types.simpleName(type))) {
            return true;
        }
        return type instanceof ClassOrInterfaceType c && c.getTypeArguments()
                .map(args -> args.stream().anyMatch(a -> OPEN_TYPES.contains(Types.simpleName(a)))).orElse(false);
    }

    /**
     * The expression showing that {@code data} was read from the request or a socket: a request
     * method, a parameter bound from the request body, a local holding either.
     */
    private static Optional<Expression> requestInput(Expression data, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        for (MethodCallExpr call : data.findAll(MethodCallExpr.class)) {
            if (REQUEST_INPUT.contains(call.getNameAsString()) && call.getScope().map(UnsafeDeserializationRule::isRequest).orElse(false)) {
                return Optional.of(call);
            }
        }
        for (NameExpr name : data.findAll(NameExpr.class)) {
            Optional<Declaration> decl = Declarations.of(name);
            if (decl.isEmpty()) {
                continue;
            }
            if (decl.get().kind() == Declaration.Kind.PARAMETER && decl.get().node() instanceof Parameter p
                    && p.getAnnotations().stream().anyMatch(a -> REQUEST_ANNOTATIONS.contains(a.getNameAsString()))) {
                return Optional.of(name);
            }
            if (decl.get().kind() == Declaration.Kind.LOCAL && decl.get().initializer().isPresent()) {
                Optional<Expression> found = requestInput(decl.get().initializer().get(), depth + 1);
                if (found.isPresent()) return found;
            }
        }
        return Optional.empty();
    }

    private static boolean isRequest(Expression scope) {
        return Types.isKind(scope, REQUEST_TYPES::contains, REQUEST_NAMES::contains);
    }

    private static int line(Node node) {
        return node.getBegin().map(p -> p.line).orElse(0);
    }
}
