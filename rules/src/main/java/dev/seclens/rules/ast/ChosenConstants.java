package dev.seclens.rules.ast;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * String constants that reach an expression the constant folding cannot see through: a parameter of
 * a method that calls in the file pass constants to, a variable or field declared without a value and
 * set once, and an enum constant's name or its single string argument
 * ({@code Algorithm.LEGACY.transformation()}), also when the constant is passed as a parameter
 * ({@code hash(Algorithm.LEGACY)} then {@code algorithm.transformation()}). Rules that judge an algorithm
 * name use them when {@link Constants} has no answer, to find a weak one that some path chooses.
 */
public final class ChosenConstants {
    private static final int MAX_CALLS = 64;

    /** A constant the expression can hold, and how it gets there, as a message says it. */
    public record Chosen(String value, String how) {
    }

    private ChosenConstants() {
    }

    /**
     * Constants {@code e} holds on some path, each with how it gets there: every one is a value the code
     * does use there (a call passes it), though other paths may bring values that are not known.
     */
    public static List<Chosen> of(Expression e) {
        Optional<String> folded = Constants.string(e);
        if (folded.isPresent()) {
            return List.of(new Chosen(folded.get(), ""));
        }
        if (e instanceof MethodCallExpr call && call.getArguments().isEmpty() && call.getScope().isPresent()) {
            return member(call.getScope().get(), call.getNameAsString());
        }
        if (e instanceof FieldAccessExpr access && !(access.getScope() instanceof ThisExpr)) {
            return member(access.getScope(), access.getNameAsString());
        }
        Optional<Declaration> declaration = Declarations.of(e);
        if (declaration.isEmpty()) {
            return List.of();
        }
        Declaration d = declaration.get();
        if (d.kind() == Declaration.Kind.PARAMETER) {
            return passed(d);
        }
        if (d.initializer().filter(i -> !(i instanceof NullLiteralExpr)).isPresent()) {
            return List.of();
        }
        List<AssignExpr> assignments = Declarations.assignments(d);
        if (assignments.size() != 1 || assignments.get(0).getOperator() != AssignExpr.Operator.ASSIGN) {
            return List.of();
        }
        AssignExpr only = assignments.get(0);
        return Constants.string(only.getValue()).map(v -> List.of(new Chosen(v, "set to \"" + v + "\" on line "
                + line(only)))).orElse(List.of());
    }

    /** The constants calls in this file pass for the parameter. */
    private static List<Chosen> passed(Declaration parameter) {
        List<Chosen> out = new ArrayList<>();
        for (MethodCallExpr call : callsPassing(parameter)) {
            Constants.string(argumentFor(parameter, call)).ifPresent(value -> out.add(new Chosen(value, "passed \""
                    + value + "\" by " + call.getNameAsString() + "(...) on line " + line(call))));
        }
        return out;
    }

    /** {@code Kind.DES.transformation()}, or {@code kind.transformation()} where calls pass {@code Kind.DES} for {@code kind}. */
    private static List<Chosen> member(Expression scope, String member) {
        Optional<Declaration> parameter = scope instanceof NameExpr n ? Declarations.of(n)
                .filter(d -> d.kind() == Declaration.Kind.PARAMETER) : Optional.empty();
        if (parameter.isEmpty()) {
            return enumConstant(scope, member);
        }
        List<Chosen> out = new ArrayList<>();
        for (MethodCallExpr call : callsPassing(parameter.get())) {
            for (Chosen c : enumConstant(argumentFor(parameter.get(), call), member)) {
                out.add(new Chosen(c.value(), c.how() + " passed by " + call.getNameAsString() + "(...) on line "
                        + line(call)));
            }
        }
        return out;
    }

    /** The calls in this file of the parameter's method (by name and arity, on no receiver, {@code this} or a name). */
    private static List<MethodCallExpr> callsPassing(Declaration parameter) {
        if (!(parameter.node() instanceof Parameter p) || !(p.getParentNode().orElse(null) instanceof MethodDeclaration method)) {
            return List.of();
        }
        List<MethodCallExpr> out = new ArrayList<>();
        for (MethodCallExpr call : FileIndex.of(method).map(i -> i.calls(method.getNameAsString())).orElse(List.of())) {
            if (call.getArguments().size() == method.getParameters().size()
                    && call.getScope().filter(s -> !(s instanceof ThisExpr) && !(s instanceof NameExpr)).isEmpty()
                    && out.size() < MAX_CALLS) {
                out.add(call);
            }
        }
        return out;
    }

    private static Expression argumentFor(Declaration parameter, MethodCallExpr call) {
        Parameter p = (Parameter) parameter.node();
        return call.getArgument(((MethodDeclaration) p.getParentNode().orElseThrow()).getParameters().indexOf(p));
    }

    /**
     * {@code Kind.DES.name()} is "DES"; {@code Kind.DES.transformation()} or {@code Kind.DES.value}
     * is the constant's only string argument when the enum is declared in this file.
     */
    private static List<Chosen> enumConstant(Expression scope, String member) {
        if (!(scope instanceof FieldAccessExpr constant) || !(constant.getScope() instanceof NameExpr type)) {
            return List.of();
        }
        Optional<EnumDeclaration> declared = FileIndex.of(scope).flatMap(i -> i.enumType(type.getNameAsString()));
        if (declared.isEmpty()) {
            return List.of();
        }
        for (EnumConstantDeclaration c : declared.get().getEntries()) {
            if (!c.getNameAsString().equals(constant.getNameAsString())) {
                continue;
            }
            String how = "from enum constant " + type.getNameAsString() + "." + c.getNameAsString();
            if (member.equals("name") || member.equals("toString") && c.getClassBody().isEmpty()
                    && declared.get().getMethodsByName("toString").isEmpty()) {
                return List.of(new Chosen(c.getNameAsString(), how));
            }
            List<String> strings = c.getArguments().stream().map(Constants::string).flatMap(Optional::stream).toList();
            return strings.size() == 1 ? List.of(new Chosen(strings.get(0), how)) : List.of();
        }
        return List.of();
    }

    private static int line(Node node) {
        return node.getBegin().map(p -> p.line).orElse(0);
    }
}
