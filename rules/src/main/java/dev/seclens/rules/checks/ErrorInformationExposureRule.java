package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.CatchClause;
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
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Instances;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An exception's message, stack trace or SQL error details sent to the client: written to the
 * servlet response, put in a response body or a view model, or returned from a web endpoint, inside
 * the catch block (or {@code @ExceptionHandler}) that holds the exception. Separately and less
 * gravely, {@code printStackTrace()} to standard error in code that serves web requests, where the
 * container's console or error page can show it; elsewhere (libraries, servers of other protocols,
 * command-line tools) standard error reaches no remote party, and it is a logging habit, not a leak.
 */
@RuleInfo(
        id = "java/error-information-exposure",
        title = "Exception details exposed to the client",
        cwe = {209, 497},
        owasp = Owasp.A04,
        concern = Concern.ERROR_HANDLING,
        severity = Severity.MEDIUM,
        confidence = Confidence.HIGH,
        summary = "An exception's message, stack trace or SQL error details are written to the HTTP response,"
                + " returned from a web endpoint or put into a view model; printStackTrace() is used in code that"
                + " serves web requests.")
public final class ErrorInformationExposureRule implements Rule {
    /** Methods of an exception whose result describes the failure's internals. */
    private static final Set<String> DETAIL_METHODS = Set.of("getMessage", "getLocalizedMessage", "toString",
            "getStackTrace", "getSQLState", "getErrorCode", "getCause", "getRootCause", "getMostSpecificCause",
            "getNextException", "getSuppressed");
    /** Library helpers that render an exception passed to them: ExceptionUtils, Throwables, String.valueOf. */
    private static final Set<String> RENDERING_HELPERS = Set.of("getStackTrace", "getStackTraceAsString",
            "getRootCauseMessage", "getRootCauseStackTrace", "getMessage", "valueOf", "toString", "getStackFrames");
    private static final Set<String> WRITES = Set.of("print", "println", "write", "printf", "format", "append");
    private static final Set<String> RESPONSE_TYPES = Set.of("HttpServletResponse", "ServletResponse",
            "HttpServletResponseWrapper");
    private static final Set<String> RESPONSE_NAMES = Set.of("response", "resp", "res", "httpResponse",
            "servletResponse", "httpServletResponse");
    private static final Set<String> MODEL_TYPES = Set.of("Model", "ModelMap", "ModelAndView", "ExtendedModelMap",
            "RedirectAttributes", "ConcurrentModel");
    private static final Set<String> MODEL_NAMES = Set.of("model", "modelMap", "mav", "modelAndView",
            "redirectAttributes");
    private static final Set<String> MODEL_WRITES = Set.of("addAttribute", "addObject", "addFlashAttribute",
            "addAllAttributes");
    private static final Set<String> ENDPOINT_ANNOTATIONS = Set.of("RequestMapping", "GetMapping", "PostMapping",
            "PutMapping", "DeleteMapping", "PatchMapping", "ExceptionHandler", "GET", "POST", "PUT", "DELETE",
            "PATCH", "HEAD", "OPTIONS");
    private static final Set<String> JAX_RS_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    /** Exceptions whose message is written by a library or the JVM, never meant for users. */
    private static final Set<String> SYSTEM_EXCEPTIONS = Set.of("Exception", "Throwable", "RuntimeException",
            "Error", "SQLException", "IOException", "DataAccessException", "NullPointerException",
            "ClassCastException", "SQLSyntaxErrorException", "PersistenceException", "HibernateException",
            "JDBCException", "UncheckedIOException", "FileNotFoundException", "NamingException");
    private static final int MAX_DEPTH = 4;

    @Override
    public void check(RuleContext context) {
        for (CatchClause clause : context.index().catches()) {
            Parameter p = clause.getParameter();
            Declaration exception = new Declaration(Declaration.Kind.PARAMETER, p.getNameAsString(), p, p.getType(),
                    Optional.empty(), p.isFinal(), clause);
            examine(context, clause.getBody(), exception,
                    Instances.caughtTypes(clause).stream().map(Types::simpleName).toList());
        }
        for (MethodDeclaration method : context.index().methods()) {
            if (method.getAnnotationByName("ExceptionHandler").isEmpty() || method.getBody().isEmpty()) {
                continue;
            }
            for (Parameter p : method.getParameters()) {
                String type = Types.simpleName(p.getType());
                if (type.endsWith("Exception") || type.equals("Throwable") || type.endsWith("Error")) {
                    Declaration exception = new Declaration(Declaration.Kind.PARAMETER, p.getNameAsString(), p,
                            p.getType(), Optional.empty(), p.isFinal(), method);
                    examine(context, method.getBody().get(), exception, List.of(type));
                }
            }
        }
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getNameAsString().equals("printStackTrace") && call.getArguments().isEmpty()
                    && call.getScope().isPresent() && !inMainMethod(call) && servesWebRequests(call)) {
                reportPrintStackTrace(context, call);
            }
        }
    }

    /** Reports what the block sends to the client; the caught types decide how sure it is that the message is internal. */
    private static void examine(RuleContext context, Node body, Declaration exception, List<String> caught) {
        Confidence confidence = caught.stream().anyMatch(SYSTEM_EXCEPTIONS::contains) ? Confidence.HIGH : Confidence.MEDIUM;
        List<Node> reported = new ArrayList<>();
        for (MethodCallExpr call : body.findAll(MethodCallExpr.class)) {
            Optional<String> sink = sink(call, exception);
            if (sink.isEmpty()) {
                continue;
            }
            Optional<Expression> detail = call.getNameAsString().equals("printStackTrace")
                    ? call.getScope() : firstDetail(call.getArguments(), exception);
            detail.ifPresent(d -> {
                report(context, call, d, sink.get(), exception, confidence);
                reported.add(call);
            });
        }
        for (ObjectCreationExpr creation : body.findAll(ObjectCreationExpr.class)) {
            String type = creation.getType().getNameAsString();
            if (type.equals("ResponseEntity") || type.equals("ModelAndView")) {
                firstDetail(creation.getArguments(), exception).ifPresent(d -> {
                    report(context, creation, d, type.equals("ResponseEntity") ? "the response body" : "the view model",
                            exception, confidence);
                    reported.add(creation);
                });
            }
        }
        Optional<CallableDeclaration> method = body.findAncestor(CallableDeclaration.class);
        if (method.isEmpty() || !isEndpoint(method.get())) {
            return;
        }
        for (ReturnStmt ret : body.findAll(ReturnStmt.class)) {
            boolean returnsFromEndpoint = ret.findAncestor(LambdaExpr.class).filter(l -> l.isDescendantOf(method.get())).isEmpty()
                    && ret.findAncestor(CallableDeclaration.class).filter(c -> c == method.get()).isPresent();
            if (!returnsFromEndpoint || ret.getExpression().isEmpty() || reported.stream().anyMatch(r -> r.isDescendantOf(ret))) {
                continue;
            }
            firstDetail(List.of(ret.getExpression().get()), exception).ifPresent(d ->
                    report(context, ret.getExpression().get(), d, "the response of web endpoint `"
                            + method.get().getNameAsString() + "`", exception, confidence));
        }
    }

    /** Where a call sends its arguments, if that is the client: "the HTTP response", "the view model", ... */
    private static Optional<String> sink(MethodCallExpr call, Declaration exception) {
        String name = call.getNameAsString();
        Optional<Expression> scope = call.getScope();
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        Expression s = scope.get();
        if (WRITES.contains(name) && isResponseOutput(s, 0)) {
            return Optional.of("the HTTP response");
        }
        if ((name.equals("sendError") || name.equals("setHeader") || name.equals("addHeader")) && isResponse(s)) {
            return Optional.of("the HTTP response");
        }
        if (name.equals("printStackTrace") && Declarations.refersTo(s, exception) && call.getArguments().size() == 1
                && isResponseOutput(call.getArgument(0), 0)) {
            return Optional.of("the HTTP response");
        }
        if (MODEL_WRITES.contains(name) && Types.isKind(s, MODEL_TYPES::contains, MODEL_NAMES::contains)) {
            return Optional.of("the view model");
        }
        if (name.equals("setAttribute") && isRequest(s)) {
            return Optional.of("a request attribute the view renders");
        }
        if ((name.equals("body") || name.equals("ok") || name.equals("entity")) && rootsAtResponseBuilder(call)) {
            return Optional.of("the response body");
        }
        return Optional.empty();
    }

    /** {@code ResponseEntity.status(500).body(...)}, {@code ResponseEntity.ok(...)}, {@code Response.serverError().entity(...)}. */
    private static boolean rootsAtResponseBuilder(MethodCallExpr call) {
        Expression e = call;
        while (e instanceof MethodCallExpr m && m.getScope().isPresent()) {
            e = m.getScope().get();
        }
        return Types.isTypeName(e, "org.springframework.http.ResponseEntity")
                || Types.isTypeName(e, "javax.ws.rs.core.Response") || Types.isTypeName(e, "jakarta.ws.rs.core.Response");
    }

    private static boolean isResponse(Expression e) {
        return Types.isKind(e, RESPONSE_TYPES::contains, RESPONSE_NAMES::contains);
    }

    private static boolean isRequest(Expression e) {
        return Types.isKind(e, t -> t.endsWith("ServletRequest"), n -> n.equals("request") || n.equals("req"));
    }

    /** {@code response.getWriter()}, {@code response.getOutputStream()}, or a local holding one. */
    private static boolean isResponseOutput(Expression e, int depth) {
        if (e instanceof MethodCallExpr m && (m.getNameAsString().equals("getWriter")
                || m.getNameAsString().equals("getOutputStream")) && m.getScope().map(ErrorInformationExposureRule::isResponse).orElse(false)) {
            return true;
        }
        if (e instanceof ObjectCreationExpr creation && !creation.getArguments().isEmpty() && depth < MAX_DEPTH) {
            return isResponseOutput(creation.getArgument(0), depth + 1); // new PrintWriter(response.getOutputStream())
        }
        if (e instanceof NameExpr n && depth < MAX_DEPTH) {
            return Declarations.of(n).filter(d -> d.kind() == Declaration.Kind.LOCAL).flatMap(Declaration::initializer)
                    .map(i -> isResponseOutput(i, depth + 1)).orElse(false);
        }
        return false;
    }

    private static Optional<Expression> firstDetail(List<Expression> values, Declaration exception) {
        for (Expression value : values) {
            Optional<Expression> d = detail(value, exception, 0);
            if (d.isPresent()) return d;
        }
        return Optional.empty();
    }

    /** The part of {@code value} that carries the exception's details, following locals. */
    private static Optional<Expression> detail(Expression value, Declaration exception, int depth) {
        for (Expression e : value.findAll(Expression.class)) {
            if (e instanceof MethodCallExpr m && DETAIL_METHODS.contains(m.getNameAsString())
                    && m.getScope().map(s -> isException(s, exception)).orElse(false)) {
                return Optional.of(m);
            }
            if (e instanceof MethodCallExpr m && RENDERING_HELPERS.contains(m.getNameAsString()) && m.getScope().isPresent()
                    && m.getArguments().stream().anyMatch(a -> Declarations.refersTo(a, exception))) {
                return Optional.of(m);
            }
            if (e instanceof NameExpr n && Declarations.refersTo(n, exception) && isPrinted(n, value)) {
                return Optional.of(n);
            }
            if (e instanceof NameExpr n && depth < MAX_DEPTH) {
                Optional<Declaration> local = Declarations.of(n).filter(d -> d.kind() == Declaration.Kind.LOCAL);
                if (local.isPresent()) {
                    Optional<Expression> held = local.get().initializer().flatMap(i -> detail(i, exception, depth + 1));
                    if (held.isPresent()) return Optional.of(n);
                    if (receivesStackTrace(local.get(), exception)) return Optional.of(n);
                }
            }
        }
        return Optional.empty();
    }

    /** The exception object itself, or its cause: {@code e}, {@code e.getCause()}. */
    private static boolean isException(Expression e, Declaration exception) {
        if (Declarations.refersTo(e, exception)) {
            return true;
        }
        return e instanceof MethodCallExpr m && (m.getNameAsString().equals("getCause")
                || m.getNameAsString().equals("getRootCause")) && m.getScope().map(s -> isException(s, exception)).orElse(false);
    }

    /** {@code e} used as a value (printed through toString), not as the receiver of another call. */
    private static boolean isPrinted(NameExpr name, Expression value) {
        if (name == value) {
            return true;
        }
        Node parent = name.getParentNode().orElse(null);
        return parent instanceof BinaryExpr || parent instanceof ConditionalExpr || parent instanceof EnclosedExpr;
    }

    /** A StringWriter or PrintWriter that {@code e.printStackTrace(...)} writes into. */
    private static boolean receivesStackTrace(Declaration local, Declaration exception) {
        for (NameExpr use : Declarations.uses(local)) {
            for (Node n = use.getParentNode().orElse(null); n instanceof Expression; n = n.getParentNode().orElse(null)) {
                if (n instanceof MethodCallExpr m && m.getNameAsString().equals("printStackTrace")
                        && m.getScope().map(s -> Declarations.refersTo(s, exception)).orElse(false)) {
                    return true;
                }
            }
            Node holder = use.getParentNode().orElse(null);
            while (holder instanceof Expression) {
                holder = holder.getParentNode().orElse(null);
            }
            if (holder instanceof com.github.javaparser.ast.body.VariableDeclarator v && v != local.node()) {
                Optional<Declaration> wrapper = Declarations.find(v.getName(), v.getNameAsString());
                if (wrapper.filter(w -> w.node() == v && usedByPrintStackTrace(w, exception)).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean usedByPrintStackTrace(Declaration writer, Declaration exception) {
        return Declarations.uses(writer).stream().anyMatch(u -> u.getParentNode()
                .filter(p -> p instanceof MethodCallExpr m && m.getNameAsString().equals("printStackTrace")
                        && m.getScope().map(s -> Declarations.refersTo(s, exception)).orElse(false)).isPresent());
    }

    private static boolean isEndpoint(CallableDeclaration<?> method) {
        if (method.getAnnotations().stream().noneMatch(a -> ENDPOINT_ANNOTATIONS.contains(a.getNameAsString()))) {
            return false;
        }
        boolean jaxRs = method.getAnnotations().stream().anyMatch(a -> JAX_RS_METHODS.contains(a.getNameAsString()));
        Optional<TypeDeclaration> type = method.findAncestor(TypeDeclaration.class);
        boolean restController = type.map(t -> hasAnnotation(t, "RestController") || hasAnnotation(t, "RestControllerAdvice"))
                .orElse(false);
        return jaxRs || restController || method.getAnnotationByName("ResponseBody").isPresent();
    }

    private static boolean hasAnnotation(NodeWithAnnotations<?> node, String name) {
        return node.getAnnotationByName(name).isPresent();
    }

    private static void report(RuleContext context, Node sink, Expression detail, String where, Declaration exception,
                               Confidence confidence) {
        String what;
        if (sink instanceof MethodCallExpr m && m.getNameAsString().equals("printStackTrace")) {
            what = "the stack trace of `" + exception.name() + "`";
        } else if (detail instanceof NameExpr n && n.getNameAsString().equals(exception.name())) {
            what = "the exception `" + exception.name() + "` (its class and message)";
        } else if (detail instanceof NameExpr n) {
            what = "`" + n.getNameAsString() + "`, which holds details of `" + exception.name() + "`,";
        } else {
            what = "`" + Code.quote(detail) + "`";
        }
        String statement = sink.getParentNode().orElse(null) instanceof ReturnStmt ? "return " : "";
        context.report(sink, "`" + statement + Code.quote(sink) + "` sends " + what + " to " + where
                        + ", exposing internals (SQL, paths, class names) to the client; log the exception and send a"
                        + " generic message with a reference id.",
                confidence, List.of(new RelatedLocation(SourceRange.of(exception.node()),
                        "`" + exception.name() + "` is caught here")), null);
    }

    /** Whether the call is in a command-line tool's {@code main}, whose standard error is its user interface. */
    /** Web components whose code runs on a request: their standard error is the container's. */
    private static final Set<String> WEB_SUPERTYPES = Set.of("HttpServlet", "GenericServlet", "Servlet", "Filter",
            "HttpFilter", "HttpRequestHandler", "ActionSupport", "Action", "HandlerInterceptor", "WebFilter",
            "HttpHandler", "TagSupport", "SimpleTagSupport", "BodyTagSupport");
    private static final Set<String> WEB_ANNOTATIONS = Set.of("Controller", "RestController", "ControllerAdvice",
            "RestControllerAdvice", "Path", "WebServlet", "WebFilter", "ServerEndpoint");
    private static final Set<String> REQUEST_TYPES = Set.of("HttpServletRequest", "HttpServletResponse",
            "ServletRequest", "ServletResponse", "ServerHttpRequest", "ServerWebExchange", "StaplerRequest",
            "StaplerRequest2");

    /** Whether {@code node} is in a web component, or in a method (or one enclosing it) handed the request. */
    private static boolean servesWebRequests(Node node) {
        for (Node n = node; n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof CallableDeclaration<?> c && c.getParameters().stream()
                    .anyMatch(p -> REQUEST_TYPES.contains(Types.simpleName(p.getType())))) {
                return true;
            }
            if (n instanceof ClassOrInterfaceDeclaration c
                    && (c.getAnnotations().stream().anyMatch(a -> WEB_ANNOTATIONS.contains(a.getName().getIdentifier()))
                    || c.getExtendedTypes().stream().anyMatch(t -> WEB_SUPERTYPES.contains(t.getNameAsString()))
                    || c.getImplementedTypes().stream().anyMatch(t -> WEB_SUPERTYPES.contains(t.getNameAsString())))) {
                return true;
            }
        }
        return false;
    }

    private static boolean inMainMethod(Node node) {
        return node.findAncestor(MethodDeclaration.class)
                .filter(m -> m.getNameAsString().equals("main") && m.isStatic() && m.getParameters().size() == 1)
                .isPresent();
    }

    private static void reportPrintStackTrace(RuleContext context, MethodCallExpr call) {
        Expression scope = call.getScope().get();
        boolean caughtException = scope instanceof NameExpr n && Declarations.of(n)
                .filter(d -> d.node().getParentNode().orElse(null) instanceof CatchClause).isPresent();
        context.report(call, "`" + Code.quote(call) + "` writes the stack trace to standard error, outside the"
                        + " application's logging, where a console or container page can show it; log it with a logger.",
                Severity.LOW, Confidence.MEDIUM, List.of(), caughtException ? logInstead(call, scope) : null);
    }

    /**
     * Replaces the call with a java.util.logging call, written fully qualified so it compiles in any
     * class without a new field or import (and next to any other Logger the file imports).
     */
    private static Fix logInstead(MethodCallExpr call, Expression exception) {
        Optional<TypeDeclaration> type = call.findAncestor(TypeDeclaration.class);
        Optional<CallableDeclaration> method = call.findAncestor(CallableDeclaration.class);
        if (type.isEmpty() || method.isEmpty()) {
            return null;
        }
        String replacement = "java.util.logging.Logger.getLogger(" + type.get().getNameAsString()
                + ".class.getName()).log(java.util.logging.Level.WARNING, \"" + method.get().getNameAsString()
                + " failed\", " + Code.of(exception) + ")";
        return new Fix("Log the exception with java.util.logging", List.of(new TextEdit(SourceRange.of(call), replacement)),
                List.of());
    }
}
