package dev.seclens.rules.taint;

import com.github.javaparser.ast.expr.BinaryExpr;
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
