package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.Statement;
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
import dev.seclens.rules.ast.Identifiers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A state-changing web handler without an authorization check in a controller whose other
 * handlers have one: the inconsistency is what makes it likely to be an oversight. In a
 * controller with no checks at all, only handlers named for administration or deletion are
 * reported, at low confidence, since URL rules elsewhere may protect the whole controller.
 */
@RuleInfo(
        id = "java/missing-authorization",
        title = "State-changing endpoint without an authorization check",
        cwe = {862},
        owasp = Owasp.A01,
        concern = Concern.ACCESS_CONTROL,
        severity = Severity.HIGH,
        confidence = Confidence.MEDIUM,
        summary = "A POST, PUT, PATCH or DELETE handler has no @PreAuthorize, @Secured, @RolesAllowed,"
                + " @RequiresPermissions or programmatic check while other handlers of the same controller do.")
public final class MissingAuthorizationRule implements Rule {
    /** Spring Security, Jakarta (JSR 250) and Apache Shiro authorization annotations. */
    private static final Set<String> CHECK_ANNOTATIONS = Set.of("PreAuthorize", "PostAuthorize", "Secured",
            "RolesAllowed", "DenyAll", "RequiresPermissions", "RequiresRoles");
    private static final Set<String> PUBLIC_ANNOTATIONS = Set.of("PermitAll");
    private static final Set<String> CONTROLLERS = Set.of("RestController", "Controller");
    private static final Set<String> SPRING_WRITES = Set.of("PostMapping", "PutMapping", "PatchMapping",
            "DeleteMapping");
    private static final Set<String> JAX_RS_WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> SPRING_HANDLERS = Set.of("GetMapping", "PostMapping", "PutMapping",
            "PatchMapping", "DeleteMapping", "RequestMapping");
    private static final Set<String> JAX_RS_HANDLERS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
            "OPTIONS");
    private static final int TOP_STATEMENTS = 3;

    @Override
    public void check(RuleContext context) {
        for (TypeDeclaration<?> type : context.index().types()) {
            if (type instanceof ClassOrInterfaceDeclaration c && isController(c)) {
                checkController(context, c);
            }
        }
    }

    private static boolean isController(ClassOrInterfaceDeclaration type) {
        return type.getAnnotations().stream().anyMatch(a -> CONTROLLERS.contains(simpleName(a))
                || simpleName(a).equals("Path"));
    }

    private static void checkController(RuleContext context, ClassOrInterfaceDeclaration controller) {
        if (firstAnnotation(controller, CHECK_ANNOTATIONS).isPresent()
                || firstAnnotation(controller, PUBLIC_ANNOTATIONS).isPresent()) {
            return; // a class-level check (or an explicit public class) covers every handler
        }
        List<MethodDeclaration> handlers = controller.getMethods().stream().filter(MissingAuthorizationRule::isHandler)
                .toList();
        // a sibling guarded by an annotation, or else by a check in its code (hasRole, checkPermission, ...)
        Optional<MethodDeclaration> protectedSibling = handlers.stream()
                .filter(m -> firstAnnotation(m, CHECK_ANNOTATIONS).isPresent()).findFirst()
                .or(() -> handlers.stream().filter(m -> codeCheck(m).isPresent()).findFirst());
        for (MethodDeclaration handler : handlers) {
            Optional<String> verb = stateChangingVerb(handler);
            if (firstAnnotation(handler, CHECK_ANNOTATIONS).isPresent()
                    || firstAnnotation(handler, PUBLIC_ANNOTATIONS).isPresent() || checksInCode(handler)) {
                continue;
            }
            if (protectedSibling.isPresent() && verb.isPresent()) {
                Node check = firstAnnotation(protectedSibling.get(), CHECK_ANNOTATIONS).map(a -> (Node) a)
                        .orElseGet(() -> codeCheck(protectedSibling.get()).orElseThrow());
                context.report(handler.getName(), "`" + handler.getNameAsString() + "` handles " + verb.get()
                                + " requests without an authorization check, while `"
                                + protectedSibling.get().getNameAsString() + "` in the same controller is guarded by "
                                + Code.quote(check) + "; add the check that fits (or @PermitAll if it is public on"
                                + " purpose).",
                        Confidence.MEDIUM, List.of(new RelatedLocation(SourceRange.of(check),
                                "a sibling handler's check")), null);
            } else if (protectedSibling.isEmpty() && isSensitiveName(handler.getNameAsString())) {
                context.report(handler.getName(), "`" + handler.getNameAsString() + "` is named like an administrative"
                                + " or destructive operation but has no authorization check, and nothing in this"
                                + " controller checks the caller; unless URL rules elsewhere restrict it, add"
                                + " @PreAuthorize, @Secured or @RolesAllowed.",
                        Confidence.LOW, List.of(), null);
            }
        }
    }

    private static boolean isHandler(MethodDeclaration method) {
        return method.getAnnotations().stream().anyMatch(a -> SPRING_HANDLERS.contains(simpleName(a))
                || JAX_RS_HANDLERS.contains(simpleName(a)));
    }

    /** The HTTP method of a state-changing handler ("POST", ...), or empty for reads and unknowns. */
    private static Optional<String> stateChangingVerb(MethodDeclaration handler) {
        for (AnnotationExpr a : handler.getAnnotations()) {
            String name = simpleName(a);
            if (SPRING_WRITES.contains(name)) {
                return Optional.of(name.substring(0, name.length() - "Mapping".length()).toUpperCase(Locale.ROOT));
            }
            if (JAX_RS_WRITES.contains(name)) {
                return Optional.of(name);
            }
            if (name.equals("RequestMapping") && a instanceof NormalAnnotationExpr normal) {
                Optional<String> written = normal.getPairs().stream().filter(p -> p.getNameAsString().equals("method"))
                        .flatMap(p -> elements(p.getValue()).stream())
                        .map(MissingAuthorizationRule::lastName)
                        .filter(JAX_RS_WRITES::contains).findFirst();
                if (written.isPresent()) {
                    return written;
                }
            }
        }
        return Optional.empty();
    }

    /** A check among the first statements of the handler: SecurityContextHolder, isUserInRole, checkPermission... */
    private static boolean checksInCode(MethodDeclaration handler) {
        return codeCheck(handler).isPresent();
    }

    private static Optional<MethodCallExpr> codeCheck(MethodDeclaration handler) {
        if (handler.getBody().isEmpty()) {
            return Optional.empty();
        }
        List<Statement> top = handler.getBody().get().getStatements().stream().limit(TOP_STATEMENTS).toList();
        for (Statement statement : top) {
            for (MethodCallExpr call : statement.findAll(MethodCallExpr.class)) {
                if (isCheck(call)) {
                    return Optional.of(call);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isCheck(MethodCallExpr call) {
        if (call.getScope().filter(s -> s instanceof NameExpr n
                && n.getNameAsString().equals("SecurityContextHolder")).isPresent()) {
            return true;
        }
        return AccessChecks.isCheckName(call.getNameAsString());
    }

    private static boolean isSensitiveName(String method) {
        List<String> words = Identifiers.words(method);
        return !words.isEmpty() && (words.get(0).equals("admin") || words.get(0).equals("delete")
                || words.get(0).equals("purge"));
    }

    private static Optional<AnnotationExpr> firstAnnotation(NodeWithAnnotations<?> node, Set<String> names) {
        return node.getAnnotations().stream().filter(a -> names.contains(simpleName(a))).findFirst();
    }

    private static String simpleName(AnnotationExpr annotation) {
        return annotation.getName().getIdentifier();
    }

    private static List<Expression> elements(Expression value) {
        return value instanceof ArrayInitializerExpr array ? array.getValues() : List.of(value);
    }

    private static String lastName(Expression e) {
        return e instanceof FieldAccessExpr f ? f.getNameAsString()
                : e instanceof NameExpr n ? n.getNameAsString() : "";
    }
}
