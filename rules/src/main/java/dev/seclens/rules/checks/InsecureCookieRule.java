package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
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
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Follows a servlet Cookie from {@code new Cookie(...)} to {@code addCookie} in the same method and
 * reports it when setSecure(true) or setHttpOnly(true) is not called on every path in between.
 * A cookie handed to another method first, or built elsewhere, is not judged.
 */
@RuleInfo(
        id = "java/insecure-cookie",
        title = "Cookie without Secure and HttpOnly flags",
        cwe = {614, 1004},
        owasp = Owasp.A05,
        concern = Concern.CONFIGURATION,
        severity = Severity.MEDIUM,
        confidence = Confidence.HIGH,
        summary = "A servlet Cookie is added to the response without setSecure(true) and setHttpOnly(true), or has"
                + " its Secure flag turned off.")
public final class InsecureCookieRule implements Rule {
    private static final List<String> COOKIE = List.of("javax.servlet.http.Cookie", "jakarta.servlet.http.Cookie");
    private static final int SECURE_MISSING = 614;
    private static final int HTTP_ONLY_MISSING = 1004;

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr add : context.index().calls()) {
            if (!add.getNameAsString().equals("addCookie") || add.getArguments().size() != 1
                    || add.getScope().isEmpty()) {
                continue;
            }
            Expression cookie = add.getArgument(0);
            if (cookie instanceof ObjectCreationExpr creation && isCookie(creation)) {
                context.report(add, Code.quote(add) + " adds a cookie that can never have the Secure and HttpOnly"
                        + " flags; create it in a variable and call setSecure(true) and setHttpOnly(true) first.");
            } else {
                Declarations.of(cookie).filter(d -> d.kind() == Declaration.Kind.LOCAL)
                        .ifPresent(d -> checkLocal(context, add, d));
            }
        }
        for (MethodCallExpr call : context.index().calls()) {
            checkDisabledSecure(context, call);
        }
    }

    /**
     * {@code cookie.setSecure(false)} on a cookie this method does not add itself (a factory, a
     * parameter): the flag is turned off wherever the cookie ends up. A cookie the method adds is
     * reported at its addCookie instead, once.
     */
    private static void checkDisabledSecure(RuleContext context, MethodCallExpr call) {
        if (!call.getNameAsString().equals("setSecure") || call.getArguments().size() != 1 || call.getScope().isEmpty()
                || !Constants.value(call.getArgument(0)).filter(Boolean.FALSE::equals).isPresent()) {
            return;
        }
        Optional<Declaration> cookie = Declarations.of(call.getScope().get())
                .filter(d -> d.type() instanceof com.github.javaparser.ast.type.ClassOrInterfaceType
                        && COOKIE.stream().anyMatch(t -> Types.denotes(d.type(), t)));
        if (cookie.isEmpty() || addedHere(cookie.get())) {
            return;
        }
        context.report(call, Code.quote(call) + " turns off the Secure flag of cookie `" + cookie.get().name()
                + "`, so the browser also sends it over plain HTTP, where anyone on the network can read it;"
                + " call setSecure(true).", List.of(SECURE_MISSING), context.rule().confidence(), List.of(), null);
    }

    private static boolean addedHere(Declaration cookie) {
        return Declarations.uses(cookie).stream().anyMatch(use -> use.getParentNode()
                .filter(p -> p instanceof MethodCallExpr add && add.getNameAsString().equals("addCookie")
                        && add.getArguments().size() == 1 && add.getArgument(0) == use).isPresent());
    }

    private static void checkLocal(RuleContext context, MethodCallExpr add, Declaration cookie) {
        Optional<ObjectCreationExpr> creation = cookie.initializer()
                .filter(i -> i instanceof ObjectCreationExpr c && isCookie(c)).map(i -> (ObjectCreationExpr) i);
        if (creation.isEmpty() || !Declarations.assignments(cookie).isEmpty()) {
            return;
        }
        boolean secure = false;
        boolean httpOnly = false;
        List<String> disabled = new ArrayList<>();
        for (MethodCallExpr call : cookie.scope().findAll(MethodCallExpr.class)) {
            if (call == add || !before(call, add)) {
                continue;
            }
            if (call.getArguments().stream().anyMatch(a -> Declarations.refersTo(a, cookie))) {
                return; // handed to a helper that may set the flags: not ours to judge
            }
            if (call.getScope().isEmpty() || !Declarations.refersTo(call.getScope().get(), cookie)
                    || call.getArguments().size() != 1) {
                continue;
            }
            Optional<Object> value = Constants.value(call.getArgument(0));
            boolean onEveryPath = dominates(call, add);
            switch (call.getNameAsString()) {
                case "setMaxAge" -> {
                    if (value.filter(v -> v.equals(0L)).isPresent()) return; // deletes the cookie
                }
                case "setSecure" -> {
                    if (value.filter(Boolean.FALSE::equals).isPresent()) disabled.add("setSecure(false)");
                    else if (onEveryPath) secure = true;
                }
                case "setHttpOnly" -> {
                    if (value.filter(Boolean.FALSE::equals).isPresent()) disabled.add("setHttpOnly(false)");
                    else if (onEveryPath) httpOnly = true;
                }
                default -> {
                }
            }
        }
        if (secure && httpOnly && disabled.isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!secure) missing.add("setSecure(true)");
        if (!httpOnly) missing.add("setHttpOnly(true)");
        // each finding names only the weaknesses present: no Secure flag is CWE-614, no HttpOnly flag CWE-1004
        List<Integer> cwe = new ArrayList<>();
        if (missing.contains("setSecure(true)")) cwe.add(SECURE_MISSING);
        if (missing.contains("setHttpOnly(true)")) cwe.add(HTTP_ONLY_MISSING);
        String name = cookie.name();
        String problem = disabled.isEmpty() ? "without " + String.join(" and ", missing)
                : "after " + String.join(" and ", disabled);
        String consequences = (cwe.contains(SECURE_MISSING) ? " the browser also sends it over plain HTTP (CWE-614)" : "")
                + (cwe.size() == 2 ? " and" : "")
                + (cwe.contains(HTTP_ONLY_MISSING) ? " page scripts can read it (CWE-1004)" : "");
        context.report(add, "Cookie `" + name + "` (" + Code.quote(creation.get()) + ") is added to the response "
                        + problem + ", so" + consequences + "; call " + String.join(" and ", missing)
                        + " on every path before addCookie.",
                cwe, Confidence.HIGH,
                List.of(new RelatedLocation(SourceRange.of(creation.get()), "cookie `" + name + "` is created here")),
                disabled.isEmpty() ? insertSetters(context, add, name, missing) : null);
    }

    private static boolean isCookie(ObjectCreationExpr creation) {
        return COOKIE.stream().anyMatch(t -> Types.denotes(creation.getType(), t));
    }

    private static boolean before(Node a, Node b) {
        return a.getBegin().isPresent() && b.getBegin().isPresent() && a.getBegin().get().isBefore(b.getBegin().get());
    }

    /** The setter runs whenever addCookie does: its statement sits in a block that encloses the addCookie. */
    private static boolean dominates(MethodCallExpr setter, MethodCallExpr add) {
        Optional<Node> statement = setter.getParentNode().filter(p -> p instanceof ExpressionStmt);
        return statement.flatMap(Node::getParentNode)
                .filter(block -> block instanceof BlockStmt && add.isDescendantOf(block))
                .isPresent();
    }

    private static Fix insertSetters(RuleContext context, MethodCallExpr add, String name, List<String> missing) {
        Optional<Statement> statement = add.findAncestor(Statement.class).filter(s -> s instanceof ExpressionStmt);
        if (statement.isEmpty() || statement.get().getBegin().isEmpty()) {
            return null;
        }
        int line = statement.get().getBegin().get().line;
        int column = statement.get().getBegin().get().column;
        String indent = TextLines.of(context.file().text()).indentation(line);
        StringBuilder text = new StringBuilder();
        for (String setter : missing) {
            text.append(name).append('.').append(setter).append(";\n").append(indent);
        }
        return new Fix("Set " + String.join(" and ", missing) + " before addCookie",
                List.of(new TextEdit(SourceRange.point(line, column), text.toString())), List.of());
    }
}
