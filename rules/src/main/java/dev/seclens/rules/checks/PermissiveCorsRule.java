package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.IfStmt;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CORS that lets any site read credentialed responses: a wildcard or reflected origin together with
 * credentials, on the same response, the same Spring registration chain, the same CorsConfiguration
 * or the same {@code @CrossOrigin}. A wildcard without credentials is a public API and stays quiet.
 */
@RuleInfo(
        id = "java/permissive-cors",
        title = "CORS allows any origin with credentials",
        cwe = {942},
        owasp = Owasp.A05,
        concern = Concern.CONFIGURATION,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "Access-Control-Allow-Origin is * or the caller's own Origin while credentials are allowed,"
                + " so any website can read a logged-in user's responses.")
public final class PermissiveCorsRule implements Rule {
    private static final String ALLOW_ORIGIN = "access-control-allow-origin";
    private static final String ALLOW_CREDENTIALS = "access-control-allow-credentials";
    private static final Set<String> HEADER_SETTERS = Set.of("setHeader", "addHeader", "header", "set", "add");
    private static final Set<String> ORIGIN_SETTERS = Set.of("allowedOrigins", "allowedOriginPatterns",
            "setAllowedOrigins", "setAllowedOriginPatterns", "addAllowedOrigin", "addAllowedOriginPattern");
    private static final Set<String> CROSS_ORIGIN_ORIGINS = Set.of("origins", "value", "originPatterns");

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            if (isHeader(call, ALLOW_ORIGIN)) {
                checkResponseHeader(context, call);
            } else if (ORIGIN_SETTERS.contains(call.getNameAsString()) && allowsAnyOrigin(call)) {
                checkSpringConfiguration(context, call);
            }
        }
        List<NodeWithAnnotations<?>> annotated = new ArrayList<>(context.index().types());
        annotated.addAll(context.index().methods());
        for (NodeWithAnnotations<?> declaration : annotated) {
            for (AnnotationExpr annotation : declaration.getAnnotations()) {
                if (annotation.getNameAsString().equals("CrossOrigin")
                        || annotation.getNameAsString().endsWith(".CrossOrigin")) {
                    checkCrossOrigin(context, annotation);
                }
            }
        }
    }

    /** {@code response.setHeader("Access-Control-Allow-Origin", value)} with credentials on the same response. */
    private static void checkResponseHeader(RuleContext context, MethodCallExpr origin) {
        Expression value = origin.getArgument(1);
        Optional<String> constant = Constants.string(value);
        Optional<MethodCallExpr> reflected = constant.isPresent() ? Optional.empty() : requestOrigin(value);
        if (!constant.filter(v -> v.trim().equals("*")).isPresent() && reflected.isEmpty()) {
            return;
        }
        if (reflected.isPresent() && isChecked(origin, value)) {
            return; // an allow-list decides which origins are echoed
        }
        List<MethodCallExpr> sameResponse = new ArrayList<>(sameReceiver(origin));
        sameResponse.addAll(chain(origin));
        Optional<MethodCallExpr> credentials = sameResponse.stream()
                .filter(c -> isHeader(c, ALLOW_CREDENTIALS)
                        && Constants.value(c.getArgument(1)).map(v -> v.toString().trim().equalsIgnoreCase("true"))
                        .orElse(false))
                .findFirst();
        if (credentials.isEmpty()) {
            return;
        }
        String what = reflected.isPresent()
                ? "echoes the request's Origin header (" + Code.quote(reflected.get()) + ")"
                : "allows every origin (\"*\")";
        context.report(narrowest(origin), Code.quoteCall(origin) + " " + what + " while " + Code.quoteCall(credentials.get())
                        + " allows credentials, so any website can read this user's responses; answer only origins"
                        + " from an allow-list.",
                Confidence.HIGH, related(credentials.get(), "credentials are allowed here"), null);
    }

    /**
     * {@code allowedOrigins("*")} and {@code allowCredentials(true)} on one registration chain, or
     * {@code setAllowedOrigins(List.of("*"))} and {@code setAllowCredentials(true)} on one CorsConfiguration.
     */
    private static void checkSpringConfiguration(RuleContext context, MethodCallExpr origins) {
        Optional<MethodCallExpr> credentials = chain(origins).stream()
                .filter(c -> (c.getNameAsString().equals("allowCredentials")
                        || c.getNameAsString().equals("setAllowCredentials")) && isTrue(c))
                .findFirst();
        if (credentials.isEmpty()) {
            credentials = sameReceiver(origins).stream()
                    .filter(c -> c.getNameAsString().equals("setAllowCredentials") && isTrue(c)).findFirst();
        }
        credentials.ifPresent(c -> context.report(narrowest(origins), Code.quoteCall(origins) + " allows"
                        + " every origin while " + Code.quoteCall(c) + " allows credentials, so any website"
                        + " can read this user's responses; list the trusted origins instead of \"*\".",
                Confidence.HIGH, related(c, "credentials are allowed here"), null));
    }

    private static void checkCrossOrigin(RuleContext context, AnnotationExpr annotation) {
        if (!(annotation instanceof NormalAnnotationExpr normal)) {
            return; // @CrossOrigin or @CrossOrigin("...") cannot allow credentials
        }
        Optional<MemberValuePair> credentials = member(normal, "allowCredentials")
                .filter(p -> Constants.string(p.getValue()).map(v -> v.trim().equalsIgnoreCase("true")).orElse(false));
        if (credentials.isEmpty()) {
            return;
        }
        List<MemberValuePair> origins = normal.getPairs().stream()
                .filter(p -> CROSS_ORIGIN_ORIGINS.contains(p.getNameAsString())).toList();
        boolean any = origins.isEmpty() || origins.stream().anyMatch(p -> values(p.getValue()).stream()
                .anyMatch(v -> Constants.string(v).filter(s -> s.trim().equals("*")).isPresent()));
        if (any) {
            context.report(annotation, Code.quote(annotation) + (origins.isEmpty()
                            ? " allows every origin (the default) " : " allows every origin ")
                            + "with allowCredentials = \"true\", so any website can read this user's responses;"
                            + " list the trusted origins.");
        }
    }

    /** A call in a fluent chain is reported at its name: the chain's range starts lines earlier. */
    private static Node narrowest(MethodCallExpr call) {
        return call.getScope().filter(s -> s instanceof MethodCallExpr).isPresent() ? call.getName() : call;
    }

    private static boolean isHeader(MethodCallExpr call, String header) {
        return HEADER_SETTERS.contains(call.getNameAsString()) && call.getArguments().size() == 2
                && headerName(call.getArgument(0)).filter(header::equals).isPresent();
    }

    /** The header a name expression denotes, lower case: a folded string, or Spring's HttpHeaders constants. */
    private static Optional<String> headerName(Expression name) {
        Optional<String> constant = Constants.string(name).map(s -> s.trim().toLowerCase(Locale.ROOT));
        if (constant.isPresent()) {
            return constant;
        }
        String field = name instanceof FieldAccessExpr f ? f.getNameAsString()
                : name instanceof NameExpr n ? n.getNameAsString() : "";
        return field.startsWith("ACCESS_CONTROL_")
                ? Optional.of(field.toLowerCase(Locale.ROOT).replace('_', '-')) : Optional.empty();
    }

    /** {@code request.getHeader("Origin")}, directly or through a local. */
    private static Optional<MethodCallExpr> requestOrigin(Expression value) {
        Expression v = value;
        Optional<Declaration> local = Declarations.of(v).filter(d -> d.kind() == Declaration.Kind.LOCAL);
        if (local.isPresent() && local.get().initializer().isPresent() && !Declarations.isReassigned(local.get())) {
            v = local.get().initializer().get();
        }
        if (v instanceof MethodCallExpr call && (call.getNameAsString().equals("getHeader")
                || call.getNameAsString().equals("getFirst")) && call.getArguments().size() == 1
                && Constants.string(call.getArgument(0)).filter(h -> h.equalsIgnoreCase("origin")).isPresent()) {
            return Optional.of(call);
        }
        return Optional.empty();
    }

    /** Whether the echoed origin is tested in an if that encloses the header call. */
    private static boolean isChecked(MethodCallExpr header, Expression value) {
        String text = Code.of(value);
        for (Node n = header.getParentNode().orElse(null); n != null && !(n instanceof CallableDeclaration<?>);
             n = n.getParentNode().orElse(null)) {
            if (n instanceof IfStmt ifStmt && header.isDescendantOf(ifStmt.getThenStmt())
                    && ifStmt.getCondition().findFirst(Node.class, c -> c != ifStmt.getCondition()
                    && c instanceof Expression e && Code.of(e).equals(text)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Calls on the same receiver variable in the same method (the response or the CorsConfiguration). */
    private static List<MethodCallExpr> sameReceiver(MethodCallExpr call) {
        Optional<Declaration> receiver = call.getScope().flatMap(Declarations::of);
        Optional<CallableDeclaration> method = call.findAncestor(CallableDeclaration.class);
        if (receiver.isEmpty() || method.isEmpty()) {
            return List.of();
        }
        return method.get().findAll(MethodCallExpr.class, c -> c.getScope()
                .filter(s -> Declarations.refersTo(s, receiver.get())).isPresent());
    }

    /** Every call of the fluent chain {@code call} belongs to, before and after it. */
    private static List<MethodCallExpr> chain(MethodCallExpr call) {
        MethodCallExpr top = call;
        while (top.getParentNode().orElse(null) instanceof MethodCallExpr parent
                && parent.getScope().orElse(null) == top) {
            top = parent;
        }
        List<MethodCallExpr> calls = new ArrayList<>();
        Expression e = top;
        while (e instanceof MethodCallExpr m) {
            calls.add(m);
            e = m.getScope().orElse(null);
        }
        return calls;
    }

    private static boolean allowsAnyOrigin(MethodCallExpr call) {
        return call.getArguments().stream().flatMap(a -> values(a).stream())
                .anyMatch(v -> Constants.string(v).filter(s -> s.trim().equals("*")).isPresent());
    }

    /** The elements of an array initializer or of {@code List.of}/{@code Arrays.asList}/{@code singletonList}. */
    private static List<Expression> values(Expression e) {
        if (e instanceof ArrayInitializerExpr array) {
            return array.getValues();
        }
        if (e instanceof MethodCallExpr m && Set.of("of", "asList", "singletonList").contains(m.getNameAsString())) {
            return m.getArguments();
        }
        return List.of(e);
    }

    private static boolean isTrue(MethodCallExpr call) {
        return call.getArguments().size() == 1 && Constants.value(call.getArgument(0)).filter(Boolean.TRUE::equals)
                .isPresent();
    }

    private static Optional<MemberValuePair> member(NormalAnnotationExpr annotation, String name) {
        return annotation.getPairs().stream().filter(p -> p.getNameAsString().equals(name)).findFirst();
    }

    private static List<RelatedLocation> related(Node node, String message) {
        return node.getRange().isPresent() ? List.of(new RelatedLocation(SourceRange.of(node), message)) : List.of();
    }
}
