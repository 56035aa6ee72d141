package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import dev.seclens.rules.ast.Concatenation;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a request handler's returned value visibly is: a view name's constant start, an HTML body. */
final class ResponseBodies {
    /** An HTML tag or comment: {@code <p>}, {@code </div>}, {@code <!--}. */
    private static final Pattern MARKUP = Pattern.compile("<(?:[a-zA-Z][a-zA-Z0-9]*[\\s>/]|/[a-zA-Z]|!--)");

    private ResponseBodies() {
    }

    /** The constant text an expression starts with: {@code "redirect:/home?tab="} for {@code "redirect:/home?tab=" + tab}. */
    static String constantPrefix(Expression e) {
        Expression x = initializerOf(e);
        if (!(x instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS)) {
            return Constants.string(x).orElse("");
        }
        StringBuilder prefix = new StringBuilder();
        for (Expression operand : Concatenation.operands(b)) {
            Optional<String> text = Constants.string(operand);
            if (text.isEmpty()) break;
            prefix.append(text.get());
        }
        return prefix.toString();
    }

    /**
     * Whether the body visibly is HTML: its constant parts hold markup ({@code "<p>Hello " + name}),
     * or the response built around it sets an HTML content type
     * ({@code ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page)}). A {@code String}
     * body of a REST controller is sent as {@code text/html} when the browser asks for it, so
     * markup in it is enough.
     */
    static boolean isHtml(Expression returned) {
        List<Expression> parts = new ArrayList<>();
        for (Expression e : initializerOf(returned).findAll(Expression.class)) {
            parts.add(e);
            if (e instanceof NameExpr && initializerOf(e) != e) {
                parts.addAll(initializerOf(e).findAll(Expression.class)); // ResponseEntity.ok(html), html = "<p>" + x
            }
        }
        for (Expression e : parts) {
            if ((e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr)
                    && Constants.string(e).filter(s -> MARKUP.matcher(s).find() || s.startsWith("text/html")).isPresent()) {
                return true;
            }
            String name = e instanceof FieldAccessExpr f ? f.getNameAsString() : e instanceof NameExpr n ? n.getNameAsString() : "";
            if (name.equals("TEXT_HTML") || name.equals("TEXT_HTML_VALUE")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Content types a browser never renders as a page, so markup written into them cannot run:
     * JSON, plain text, CSV, binary downloads, raster images. HTML, XML and SVG (which can carry
     * script), JavaScript, and anything unknown still count.
     */
    private static final Pattern NOT_RENDERED = Pattern.compile(
            "(?i)\\s*(application/(json|[\\w.+-]+\\+json|octet-stream|pdf|zip|gzip)|text/(plain|csv)|image/(png|jpeg|gif|webp|bmp))\\s*(;.*)?");

    /** Whether a write of {@code kind} through {@code channel} can end up rendered: not for XSS into a JSON response. */
    static boolean mayRender(String kind, Channel channel) {
        return !kind.equals("xss") || !NOT_RENDERED.matcher(channel.contentType()).matches();
    }

    /**
     * The constant content type the method calling {@code producer} sets on the object it was called
     * on ({@code response.setContentType("application/json")} before {@code response.getWriter()}) or on
     * the object it returned, chained or through a variable (Vert.x's
     * {@code ctx.response().putHeader("content-type", "text/plain").end(text)}). Where it is set in
     * the method does not matter: the header goes out before the body anyway.
     */
    static Optional<String> declaredContentType(MethodCallExpr producer) {
        Optional<com.github.javaparser.ast.body.CallableDeclaration> method =
                producer.findAncestor(com.github.javaparser.ast.body.CallableDeclaration.class);
        if (method.isEmpty()) {
            return Optional.empty();
        }
        List<MethodCallExpr> calls = new ArrayList<>();
        if (producer.getScope().orElse(null) instanceof NameExpr target) {
            calls.addAll(callsOn(method.get(), target.getNameAsString()));
        }
        calls.addAll(chainedOn(producer));
        if (producer.getParentNode().orElse(null) instanceof com.github.javaparser.ast.body.VariableDeclarator v) {
            calls.addAll(callsOn(method.get(), v.getNameAsString()));
        }
        Optional<String> declared = Optional.empty();
        for (MethodCallExpr c : calls) {
            String name = c.getNameAsString();
            Optional<String> type;
            if (name.equals("setContentType") && c.getArguments().size() == 1) {
                type = Constants.string(c.getArgument(0));
            } else if ((name.equals("setHeader") || name.equals("addHeader") || name.equals("putHeader"))
                    && c.getArguments().size() == 2 && namesContentType(c.getArgument(0))) {
                type = Constants.string(c.getArgument(1));
            } else {
                continue;
            }
            if (type.isEmpty() || declared.isPresent() && !declared.equals(type)) {
                return Optional.empty(); // chosen at run time, or one of several: it may be HTML
            }
            declared = type;
        }
        return declared;
    }

    /** {@code "Content-Type"} in any case, or a constant named for it ({@code HttpHeaders.CONTENT_TYPE}). */
    private static boolean namesContentType(Expression header) {
        if (Constants.string(header).filter("Content-Type"::equalsIgnoreCase).isPresent()) {
            return true;
        }
        String name = header instanceof FieldAccessExpr f ? f.getNameAsString() : header instanceof NameExpr n ? n.getNameAsString() : "";
        return name.equals("CONTENT_TYPE");
    }

    /** The calls in {@code method} made on the variable {@code name}, with the calls chained on them. */
    private static List<MethodCallExpr> callsOn(Node method, String name) {
        List<MethodCallExpr> out = new ArrayList<>();
        for (MethodCallExpr c : method.findAll(MethodCallExpr.class)) {
            if (c.getScope().orElse(null) instanceof NameExpr n && n.getNameAsString().equals(name)) {
                out.add(c);
                out.addAll(chainedOn(c));
            }
        }
        return out;
    }

    /** The calls chained on {@code call}'s result: {@code x.a().b()} for {@code x}. */
    private static List<MethodCallExpr> chainedOn(MethodCallExpr call) {
        List<MethodCallExpr> out = new ArrayList<>();
        Node n = call;
        while (n.getParentNode().orElse(null) instanceof MethodCallExpr p && p.getScope().orElse(null) == n) {
            out.add(p);
            n = p;
        }
        return out;
    }

    /** A local that is never reassigned stands for its initializer. */
    private static Expression initializerOf(Expression e) {
        Expression x = e;
        while (x instanceof EnclosedExpr p) x = p.getInner();
        if (x instanceof NameExpr) {
            Optional<Declaration> d = Declarations.of(x);
            if (d.isPresent() && d.get().kind() == Declaration.Kind.LOCAL && !Declarations.isReassigned(d.get())
                    && d.get().initializer().isPresent()) {
                x = d.get().initializer().get();
            }
        }
        return x;
    }
}
