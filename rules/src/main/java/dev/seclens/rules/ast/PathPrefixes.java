package dev.seclens.rules.ast;

import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a path stays under a directory by comparing their text:
 * {@code file.getCanonicalPath().startsWith(dir.getCanonicalPath())}. Compared as strings, the
 * directory {@code /srv/app} is a prefix of {@code /srv/app-evil/x} too, so such a check holds only
 * when the directory's text ends with a separator. {@link java.nio.file.Path#startsWith} compares
 * whole name elements and has no such gap. Shared by the rule that reports the partial check and
 * the taint engine, which must not take it for a sanitizer.
 */
public final class PathPrefixes {
    /** Calls that give a path's text. */
    private static final Set<String> PATH_TEXT = Set.of("getCanonicalPath", "getAbsolutePath");
    /** Calls that give a {@code Path} or {@code File}, whose {@code toString()} is a path's text. */
    private static final Set<String> PATH_VALUES = Set.of("normalize", "toRealPath", "toAbsolutePath", "resolve",
            "resolveSibling", "toPath", "toFile", "getCanonicalFile", "getAbsoluteFile", "getParent", "getParentFile");
    private static final Set<String> PATH_TYPES = Set.of("Path", "File");
    private static final int MAX_HOPS = 6;

    private PathPrefixes() {
    }

    /**
     * {@code text.startsWith(dir)} where {@code text} is visibly a path's text and {@code dir} a
     * directory's text (a path's text again, or a constant) that is not known to end with a separator.
     */
    public static boolean isPartial(MethodCallExpr call) {
        if (!call.getNameAsString().equals("startsWith") || call.getArguments().size() != 1
                || call.getScope().filter(s -> isPathText(s, 0)).isEmpty()) {
            return false;
        }
        Expression base = call.getArgument(0);
        Optional<String> constant = Constants.string(base);
        // a constant is a directory when it has a separator in it: "file:" or "jdbc" are prefixes of other things
        boolean partial = constant.isPresent() ? isDirectoryText(constant.get()) && !endsWithSeparator(constant.get())
                : isPathText(base, 0) && !endsWithSeparator(base, 0);
        return partial && !checksTheBoundary(call, base);
    }

    /**
     * Whether the method also looks at what follows the directory's text and compares it with a
     * separator: {@code rest = path.substring(base.length()); if (rest.charAt(0) != File.separatorChar)}.
     * Then the prefix check is one half of a whole one.
     */
    private static boolean checksTheBoundary(MethodCallExpr check, Expression base) {
        Optional<CallableDeclaration> method = check.findAncestor(CallableDeclaration.class);
        if (method.isEmpty()) {
            return false;
        }
        String lengthOfBase = Code.of(base) + ".length()";
        boolean cutsAtBase = method.get().findAll(MethodCallExpr.class).stream()
                .anyMatch(m -> (m.getNameAsString().equals("substring") || m.getNameAsString().equals("charAt"))
                        && !m.getArguments().isEmpty() && Code.of(m.getArgument(0)).equals(lengthOfBase));
        boolean comparesSeparator = method.get().findAll(Expression.class).stream()
                .anyMatch(e -> e instanceof CharLiteralExpr c && (c.asChar() == '/' || c.asChar() == '\\')
                        || e instanceof FieldAccessExpr f
                        && (f.getNameAsString().equals("separatorChar") || f.getNameAsString().equals("separator")));
        return cutsAtBase && comparesSeparator;
    }

    /** Whether {@code e} is the text of a path: {@code f.getCanonicalPath()}, {@code p.normalize().toString()}, or a local holding one. */
    public static boolean isPathText(Expression e, int hops) {
        if (hops > MAX_HOPS) {
            return false;
        }
        if (e instanceof EnclosedExpr p) {
            return isPathText(p.getInner(), hops + 1);
        }
        if (e instanceof MethodCallExpr m && m.getArguments().isEmpty()) {
            // getPath() and toString() of a File or Path only: URI, URL and many others have them too
            return PATH_TEXT.contains(m.getNameAsString())
                    || (m.getNameAsString().equals("toString") || m.getNameAsString().equals("getPath"))
                    && m.getScope().filter(s -> isPathValue(s, hops + 1)).isPresent();
        }
        if (e instanceof NameExpr) {
            Optional<Declaration> d = Declarations.of(e).filter(x -> x.kind() != Declaration.Kind.PARAMETER
                    && (x.type().isVarType() || x.typeName().equals("String")));
            return d.isPresent() && definitions(d.get()).stream().anyMatch(v -> isPathText(v, hops + 1));
        }
        return false;
    }

    private static boolean isPathValue(Expression e, int hops) {
        if (hops > MAX_HOPS) {
            return false;
        }
        if (e instanceof EnclosedExpr p) {
            return isPathValue(p.getInner(), hops + 1);
        }
        if (e instanceof ObjectCreationExpr o) {
            return Types.denotes(o.getType(), "java.io.File");
        }
        if (e instanceof MethodCallExpr m) {
            return PATH_VALUES.contains(m.getNameAsString())
                    || (m.getNameAsString().equals("get") || m.getNameAsString().equals("of")) && m.getScope()
                    .filter(s -> Types.isTypeName(s, "java.nio.file.Paths") || Types.isTypeName(s, "java.nio.file.Path"))
                    .isPresent();
        }
        Optional<Declaration> d = Declarations.of(e);
        if (d.isEmpty()) {
            return false;
        }
        if (!d.get().type().isVarType()) {
            return PATH_TYPES.contains(d.get().typeName());
        }
        return d.get().initializer().filter(i -> isPathValue(i, hops + 1)).isPresent();
    }

    private static boolean isDirectoryText(String text) {
        return text.indexOf('/') >= 0 || text.indexOf('\\') >= 0;
    }

    private static boolean endsWithSeparator(String text) {
        return text.endsWith("/") || text.endsWith("\\");
    }

    /**
     * Whether the directory's text visibly ends with a separator: {@code dir + File.separator},
     * {@code dir + "/"}, a constant that ends with one, or a local whose every value does, or that is
     * given one where it lacks it ({@code if (!dir.endsWith(sep)) dir += sep}).
     */
    public static boolean endsWithSeparator(Expression e, int hops) {
        if (hops > MAX_HOPS) {
            return false;
        }
        Optional<String> constant = Constants.string(e);
        if (constant.isPresent()) {
            return endsWithSeparator(constant.get());
        }
        if (e instanceof EnclosedExpr p) {
            return endsWithSeparator(p.getInner(), hops + 1);
        }
        if (e instanceof CharLiteralExpr c) {
            return c.asChar() == '/' || c.asChar() == '\\';
        }
        if (e instanceof FieldAccessExpr f && Types.isTypeName(f.getScope(), "java.io.File")) {
            return f.getNameAsString().equals("separator") || f.getNameAsString().equals("separatorChar");
        }
        if (e instanceof MethodCallExpr m && m.getNameAsString().equals("getSeparator")) {
            return true; // FileSystem.getSeparator()
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            List<Expression> operands = Concatenation.operands(b);
            return endsWithSeparator(operands.get(operands.size() - 1), hops + 1);
        }
        if (e instanceof NameExpr) {
            Optional<Declaration> d = Declarations.of(e).filter(x -> x.kind() != Declaration.Kind.PARAMETER);
            if (d.isEmpty()) {
                return false;
            }
            List<Expression> values = definitions(d.get());
            return !values.isEmpty() && values.stream().allMatch(v -> endsWithSeparator(v, hops + 1))
                    || Declarations.assignments(d.get()).stream().anyMatch(a -> appendsSeparatorWhereMissing(a, d.get()));
        }
        return false;
    }

    /** {@code if (!dir.endsWith(File.separator)) dir += File.separator;} (or {@code dir = dir + "/"}). */
    private static boolean appendsSeparatorWhereMissing(AssignExpr assignment, Declaration variable) {
        if (!endsWithSeparator(assignment.getValue(), 1)) {
            return false;
        }
        Optional<IfStmt> guard = assignment.findAncestor(IfStmt.class);
        return guard.isPresent() && guard.get().getCondition().findAll(MethodCallExpr.class).stream()
                .anyMatch(c -> c.getNameAsString().equals("endsWith") && c.getScope()
                        .filter(s -> Declarations.refersTo(s, variable)).isPresent());
    }

    /** The initializer and every value assigned with {@code =} to a local or field. */
    private static List<Expression> definitions(Declaration d) {
        List<Expression> values = new ArrayList<>();
        d.initializer().ifPresent(values::add);
        for (AssignExpr a : Declarations.assignments(d)) {
            if (a.getOperator() != AssignExpr.Operator.ASSIGN) {
                return List.of(); // dir += x: what it ends with depends on the path taken
            }
            values.add(a.getValue());
        }
        return values;
    }
}
