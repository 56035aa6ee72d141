package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Fix;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextEdit;
import dev.seclens.rules.TextLines;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Instances;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An XML parser factory (JAXP, StAX, dom4j, JDOM) created in this file and used to parse without
 * DTDs or external entities turned off on that very instance. The factory is followed through the
 * local or private field that holds it to the parser it builds and the call that parses; the
 * hardening calls count only when they run before the parser is built, on every path. A factory
 * from elsewhere, or handed to a helper that may configure it, is not judged.
 */
@RuleInfo(
        id = "java/xxe",
        title = "XML parser open to external entities (XXE)",
        cwe = {611},
        owasp = Owasp.A05,
        concern = Concern.CONFIGURATION,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "An XML parser parses with DTDs and external entities enabled, so a document can read local"
                + " files or reach internal hosts.")
public final class XxeRule implements Rule {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String EXTERNAL_GENERAL = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER = "http://xml.org/sax/features/external-parameter-entities";
    private static final String ACCESS_EXTERNAL_DTD = "http://javax.xml.XMLConstants/property/accessExternalDTD";
    private static final String SECURE_PROCESSING = "http://javax.xml.XMLConstants/feature/secure-processing";
    private static final String SUPPORT_DTD = "javax.xml.stream.supportDTD";
    private static final String EXTERNAL_ENTITIES = "javax.xml.stream.isSupportingExternalEntities";
    /** The JDK's names for the strings above, which constant folding cannot see into. */
    private static final Map<String, String> JDK_CONSTANTS = Map.of(
            "ACCESS_EXTERNAL_DTD", ACCESS_EXTERNAL_DTD,
            "FEATURE_SECURE_PROCESSING", SECURE_PROCESSING,
            "SUPPORT_DTD", SUPPORT_DTD,
            "IS_SUPPORTING_EXTERNAL_ENTITIES", EXTERNAL_ENTITIES);
    private static final Set<String> CONFIGURATION = Set.of("setFeature", "setProperty", "setAttribute");
    private static final Set<String> STYLESHEET_PARSES = Set.of("newTransformer", "newTemplates");
    private static final Set<String> STREAMED_SOURCES = Set.of("StreamSource", "SAXSource");
    /** What an Unmarshaller parses itself, as opposed to a tree or reader another parser produced. */
    private static final Set<String> RAW_XML = Set.of("InputStream", "File", "URL", "Reader", "StringReader",
            "StreamSource", "InputSource", "ByteArrayInputStream", "FileInputStream", "BufferedInputStream");

    /** What is called on an object to parse, and what it builds that parses in turn. */
    private record Api(Set<String> parses, Map<String, Api> products) {
        static Api parsing(String... names) {
            return new Api(Set.of(names), Map.of());
        }
    }

    private static final Set<String> PARSER_CONFIGURATION = Set.of("ParserConfigurationException", "Exception",
            "Throwable");
    private static final Set<String> SAX_NOT_RECOGNIZED = Set.of("SAXNotRecognizedException", "SAXException",
            "Exception", "Throwable");
    private static final Set<String> SAX_NOT_SUPPORTED = Set.of("SAXNotSupportedException", "SAXException",
            "Exception", "Throwable");

    /** One kind of parser factory: how it is created, how it parses, how it is hardened, and the fix. */
    private enum Kind {
        DOM("javax.xml.parsers.DocumentBuilderFactory", Set.of("newInstance", "newDefaultInstance", "newNSInstance",
                "newDefaultNSInstance"), new Api(Set.of(), Map.of("newDocumentBuilder", Api.parsing("parse"))),
                List.of(PARSER_CONFIGURATION)),
        SAX("javax.xml.parsers.SAXParserFactory", Set.of("newInstance", "newDefaultInstance", "newNSInstance",
                "newDefaultNSInstance"), new Api(Set.of(), Map.of("newSAXParser",
                new Api(Set.of("parse"), Map.of("getXMLReader", Api.parsing("parse"))))),
                List.of(PARSER_CONFIGURATION, SAX_NOT_RECOGNIZED, SAX_NOT_SUPPORTED)),
        STAX("javax.xml.stream.XMLInputFactory", Set.of("newInstance", "newFactory", "newDefaultFactory"),
                Api.parsing("createXMLStreamReader", "createXMLEventReader"), List.of()),
        TRANSFORMER("javax.xml.transform.TransformerFactory", Set.of("newInstance", "newDefaultInstance"),
                new Api(Set.of("newTransformer", "newTemplates"), Map.of("newTransformer", Api.parsing("transform"))),
                null),
        SCHEMA("javax.xml.validation.SchemaFactory", Set.of("newInstance", "newDefaultInstance"),
                new Api(Set.of(), Map.of("newSchema", new Api(Set.of(), Map.of("newValidator", Api.parsing("validate"))))),
                null),
        XML_READER("org.xml.sax.helpers.XMLReaderFactory", Set.of("createXMLReader"), Api.parsing("parse"), null),
        DOM4J("org.dom4j.io.SAXReader", Set.of(), Api.parsing("read"), null),
        JDOM("org.jdom2.input.SAXBuilder", Set.of(), Api.parsing("build"), null),
        JDOM1("org.jdom.input.SAXBuilder", Set.of(), Api.parsing("build"), null);

        final String type;
        final Set<String> factoryMethods;
        final Api api;
        /**
         * For the fix: the checked exceptions the inserted call throws, each as the names that catch or
         * declare it (itself and its supertypes); null when no fix is offered.
         */
        final List<Set<String>> fixNeedsHandled;

        Kind(String type, Set<String> factoryMethods, Api api, List<Set<String>> fixNeedsHandled) {
            this.type = type;
            this.factoryMethods = factoryMethods;
            this.api = api;
            this.fixNeedsHandled = fixNeedsHandled;
        }

        String simpleName() {
            return this == XML_READER ? "XMLReader" : type.substring(type.lastIndexOf('.') + 1);
        }

        /** The one statement that hardens this kind, as the fix inserts it and messages suggest it. */
        String hardening(String variable) {
            return switch (this) {
                case STAX -> variable + ".setProperty(XMLInputFactory.SUPPORT_DTD, false)";
                case TRANSFORMER -> variable + ".setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, \"\")";
                case SCHEMA -> variable + ".setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, \"\")";
                default -> variable + ".setFeature(\"" + DISALLOW_DOCTYPE + "\", true)";
            };
        }
    }

    /** Where a parser built from the factory parses, or leaves the method with no parse in view. */
    private record Parse(Node at, boolean seen, Confidence confidence) {
    }

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getNameAsString().equals("unmarshal") && call.getArguments().size() == 1) {
                checkUnmarshal(context, call);
            }
            for (Kind kind : Kind.values()) {
                if (kind.factoryMethods.contains(call.getNameAsString()) && call.getScope().isPresent()
                        && Types.isTypeName(call.getScope().get(), kind.type)) {
                    checkFactory(context, call, kind);
                }
            }
        }
        for (ObjectCreationExpr creation : context.index().creations()) {
            for (Kind kind : List.of(Kind.DOM4J, Kind.JDOM, Kind.JDOM1)) {
                if (Types.denotes(creation.getType(), kind.type) && creation.getAnonymousClassBody().isEmpty()) {
                    checkFactory(context, creation, kind);
                    break; // without an import, SAXBuilder could be JDOM 1 or 2: one finding
                }
            }
        }
    }

    /**
     * A JAXB Unmarshaller given raw XML parses it with a parser the JAXB implementation picks: the
     * JDK's own JAXB hardens it, EclipseLink MOXy or an old Xerces on the class path does not. Low
     * confidence; a DOM tree, a StAX reader or a SAXSource was parsed by a parser this rule judges.
     */
    private static void checkUnmarshal(RuleContext context, MethodCallExpr call) {
        Expression source = call.getArgument(0);
        boolean unmarshaller = call.getScope().map(s -> s instanceof MethodCallExpr m
                        && m.getNameAsString().equals("createUnmarshaller")
                        || Types.declaredType(s).map(t -> Types.simpleName(t).equals("Unmarshaller")).orElse(false)
                        || Declarations.of(s).flatMap(Declaration::initializer)
                        .filter(i -> i instanceof MethodCallExpr m && m.getNameAsString().equals("createUnmarshaller"))
                        .isPresent())
                .orElse(false);
        Optional<String> raw = source instanceof ObjectCreationExpr creation
                ? Optional.of(creation.getType().getNameAsString())
                : Types.declaredType(source).map(Types::simpleName);
        if (unmarshaller && raw.filter(RAW_XML::contains).isPresent()) {
            context.report(call, "`" + Code.quote(call) + "` unmarshals raw XML (" + raw.get() + ") with the parser the"
                            + " JAXB implementation picks, which resolves external entities unless it is the JDK's own"
                            + "; parse it with a DocumentBuilderFactory or XMLInputFactory that disallows DTDs and"
                            + " unmarshal the result.", Confidence.LOW, List.of(), null);
        }
    }

    private static void checkFactory(RuleContext context, Expression created, Kind kind) {
        List<MethodCallExpr> configuration = new ArrayList<>();
        List<MethodCallExpr> uses = new ArrayList<>();
        Optional<Declaration> holder = Instances.holder(created);
        if (holder.isPresent()) {
            Declaration h = holder.get();
            if (Instances.isVisibleField(h) || !Instances.onlyHolds(h, created) || Instances.escapes(h)) {
                return;
            }
            for (MethodCallExpr call : Instances.callsOn(h)) {
                (CONFIGURATION.contains(call.getNameAsString()) ? configuration : uses).add(call);
            }
        } else if (created.getParentNode().orElse(null) instanceof MethodCallExpr chained
                && chained.getScope().orElse(null) == created) {
            uses.add(chained);
        } else {
            return;
        }
        boolean isField = holder.map(h -> h.kind() == Declaration.Kind.FIELD).orElse(false);
        for (MethodCallExpr use : uses) {
            List<MethodCallExpr> parserConfiguration = new ArrayList<>();
            Optional<Parse> parse = parse(use, kind.api, parserConfiguration, 0);
            if (parse.isEmpty()) {
                continue;
            }
            List<MethodCallExpr> effective = new ArrayList<>();
            for (MethodCallExpr c : configuration) {
                if (isField || Instances.runsBefore(c, use)) effective.add(c);
            }
            for (MethodCallExpr c : parserConfiguration) {
                if (Instances.runsBefore(c, parse.get().at())) effective.add(c);
            }
            Hardening hardening = hardening(kind, effective);
            if (hardening != Hardening.NONE && hardening != Hardening.SECURE_PROCESSING_ONLY) {
                continue;
            }
            report(context, created, kind, holder, use, parse.get(), hardening);
            return;
        }
    }

    /**
     * The call that parses with what {@code producer} made, following the parser it builds. A
     * stylesheet given to newTransformer is usually the application's own file, so that parse is
     * less certain than a transform of a streamed document.
     */
    private static Optional<Parse> parse(MethodCallExpr producer, Api api, List<MethodCallExpr> configuration, int depth) {
        String name = producer.getNameAsString();
        Optional<Parse> direct = api.parses().contains(name) && !producer.getArguments().isEmpty()
                && (!name.equals("transform") || isStreamedSource(producer.getArgument(0)))
                ? Optional.of(new Parse(producer, true, STYLESHEET_PARSES.contains(name) ? Confidence.MEDIUM : Confidence.HIGH))
                : Optional.empty();
        Api product = api.products().get(name);
        if (product == null || depth > 3) {
            return direct;
        }
        Optional<Parse> later = productParse(producer, product, configuration, depth);
        return later.filter(p -> p.seen() && p.confidence() == Confidence.HIGH).or(() -> direct).or(() -> later);
    }

    private static Optional<Parse> productParse(MethodCallExpr producer, Api product, List<MethodCallExpr> configuration,
                                                int depth) {
        Node parent = producer.getParentNode().orElse(null);
        if (parent instanceof MethodCallExpr chained && chained.getScope().orElse(null) == producer) {
            return parse(chained, product, configuration, depth + 1);
        }
        Parse leaves = new Parse(producer, false, Confidence.MEDIUM);
        if (parent instanceof ReturnStmt) {
            return Optional.of(leaves);
        }
        Optional<Declaration> holder = Instances.holder(producer);
        if (holder.isEmpty()) {
            return parent instanceof ExpressionStmt ? Optional.empty() : Optional.of(leaves);
        }
        if (holder.get().kind() == Declaration.Kind.FIELD || Instances.escapes(holder.get())) {
            return Optional.of(leaves);
        }
        Optional<Parse> found = Optional.empty();
        for (MethodCallExpr call : Instances.callsOn(holder.get())) {
            if (CONFIGURATION.contains(call.getNameAsString())) {
                configuration.add(call);
            } else if (found.isEmpty()) {
                found = parse(call, product, configuration, depth + 1);
            }
        }
        return found;
    }

    /** A transform parses its input only when the input is a stream or a SAX source, not a DOM tree. */
    private static boolean isStreamedSource(Expression source) {
        Expression value = source instanceof NameExpr n
                ? Declarations.of(n).flatMap(Declaration::initializer).orElse(source) : source;
        return value instanceof ObjectCreationExpr creation
                && STREAMED_SOURCES.contains(creation.getType().getNameAsString());
    }

    private enum Hardening { NONE, SECURE_PROCESSING_ONLY, HARDENED }

    private static Hardening hardening(Kind kind, List<MethodCallExpr> calls) {
        boolean general = false;
        boolean parameter = false;
        boolean secureProcessing = false;
        for (MethodCallExpr call : calls) {
            if (call.getArguments().size() != 2) {
                continue;
            }
            Optional<String> name = settingName(call.getArgument(0));
            Optional<Object> value = settingValue(call.getArgument(1));
            if (name.isEmpty() || value.isEmpty()) {
                continue;
            }
            Object v = value.get();
            switch (name.get()) {
                case DISALLOW_DOCTYPE -> {
                    if (Boolean.TRUE.equals(v) && kind != Kind.STAX) return Hardening.HARDENED;
                }
                case ACCESS_EXTERNAL_DTD -> {
                    if ("".equals(v)) return Hardening.HARDENED;
                }
                case SUPPORT_DTD, EXTERNAL_ENTITIES -> {
                    if (Boolean.FALSE.equals(v) && kind == Kind.STAX) return Hardening.HARDENED;
                }
                case EXTERNAL_GENERAL -> general = Boolean.FALSE.equals(v);
                case EXTERNAL_PARAMETER -> parameter = Boolean.FALSE.equals(v);
                case SECURE_PROCESSING -> secureProcessing = Boolean.TRUE.equals(v);
                default -> {
                }
            }
        }
        if (general && parameter) {
            return Hardening.HARDENED;
        }
        return secureProcessing ? Hardening.SECURE_PROCESSING_ONLY : Hardening.NONE;
    }

    /** A feature or property name: a constant of this file, a literal, or one of the JDK's named constants. */
    private static Optional<String> settingName(Expression name) {
        Optional<String> folded = Constants.string(name);
        if (folded.isPresent()) {
            return folded;
        }
        String simple = name instanceof FieldAccessExpr f ? f.getNameAsString()
                : name instanceof NameExpr n ? n.getNameAsString() : "";
        return Optional.ofNullable(JDK_CONSTANTS.get(simple));
    }

    private static Optional<Object> settingValue(Expression value) {
        if (value instanceof FieldAccessExpr f && Types.isTypeName(f.getScope(), "java.lang.Boolean")) {
            return switch (f.getNameAsString()) {
                case "TRUE" -> Optional.of(Boolean.TRUE);
                case "FALSE" -> Optional.of(Boolean.FALSE);
                default -> Optional.empty();
            };
        }
        return Constants.value(value);
    }

    private static void report(RuleContext context, Expression created, Kind kind, Optional<Declaration> holder,
                               MethodCallExpr use, Parse parse, Hardening hardening) {
        String variable = holder.map(Declaration::name).orElse(null);
        String subject = variable == null ? Code.quote(created) : "`" + variable + "` (" + Code.quote(created) + ")";
        String where = parse.seen() ? "parses at `" + Code.quote(parse.at()) + "` (line " + line(parse.at()) + ")"
                : "builds a parser at `" + Code.quote(parse.at()) + "` (line " + line(parse.at())
                + ") that leaves this method";
        String why = hardening == Hardening.SECURE_PROCESSING_ONLY
                ? " with only FEATURE_SECURE_PROCESSING set, which restricts external DTDs in the JDK's built-in"
                + " parser but not in every implementation"
                : " with DTDs and external entities enabled";
        String fixText = kind.hardening(variable == null ? "factory" : variable);
        String advice = variable == null ? "; keep the " + kind.simpleName() + " in a variable and call "
                + fixText + " before using it." : "; call " + fixText + " before " + (use == parse.at()
                ? "parsing." : "`" + Code.quote(use) + "`.");
        Confidence confidence = hardening == Hardening.SECURE_PROCESSING_ONLY ? Confidence.LOW : parse.confidence();
        List<RelatedLocation> related = List.of(new RelatedLocation(SourceRange.of(parse.at()),
                parse.seen() ? "XML is parsed here" : "the parser leaves the method here"));
        Fix fix = hardening == Hardening.NONE && holder.isPresent() ? insertHardening(context, kind, holder.get())
                : null;
        context.report(created, kind.simpleName() + " " + subject + " " + where + why + advice, confidence,
                related, fix);
    }

    private static int line(Node node) {
        return node.getBegin().map(p -> p.line).orElse(0);
    }

    /**
     * Inserts the hardening call on the line after the local's declaration, when that statement sits
     * in a block and the inserted call compiles there (its checked exceptions are caught or declared).
     */
    private static Fix insertHardening(RuleContext context, Kind kind, Declaration holder) {
        if (holder.kind() != Declaration.Kind.LOCAL || kind.fixNeedsHandled == null
                || !(holder.node() instanceof VariableDeclarator declarator)) {
            return null;
        }
        Optional<Node> statement = declarator.getParentNode().flatMap(Node::getParentNode)
                .filter(s -> s instanceof ExpressionStmt && s.getParentNode().orElse(null) instanceof BlockStmt);
        if (statement.isEmpty() || statement.get().getEnd().isEmpty()
                || !kind.fixNeedsHandled.stream().allMatch(names -> Instances.isHandled(statement.get(), names))) {
            return null;
        }
        int line = statement.get().getBegin().orElseThrow().line;
        int after = statement.get().getEnd().get().line + 1;
        String indent = TextLines.of(context.file().text()).indentation(line);
        List<String> imports = kind == Kind.STAX ? List.of(kind.type) : List.of();
        return new Fix("Disallow DTDs on `" + holder.name() + "`",
                List.of(new TextEdit(SourceRange.point(after, 1), indent + kind.hardening(holder.name()) + ";\n")),
                imports);
    }
}
