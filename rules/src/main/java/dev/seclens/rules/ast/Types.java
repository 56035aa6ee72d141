package dev.seclens.rules.ast;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which library type a name in the source means, decided from the file's imports: a simple name
 * refers to {@code a.b.C} unless an import or a type declared in the file says it is another C.
 * Without a symbol solver this errs towards the library type, which is what half-typed code means.
 */
public final class Types {
    private static final Set<String> NUMERIC = Set.of("byte", "short", "int", "long", "float", "double",
            "Byte", "Short", "Integer", "Long", "Float", "Double", "BigInteger", "BigDecimal",
            "AtomicInteger", "AtomicLong", "boolean", "Boolean", "UUID");

    private Types() {
    }

    /** Simple name of a type without type arguments or array brackets: {@code List} for {@code java.util.List<String>[]}. */
    public static String simpleName(Type type) {
        Type t = type;
        while (t instanceof ArrayType a) {
            t = a.getComponentType();
        }
        if (t instanceof ClassOrInterfaceType c) {
            return c.getNameAsString();
        }
        return t.asString();
    }

    /** Whether {@code written} (as it appears in the source: simple or qualified) denotes {@code qualifiedName}. */
    public static boolean denotes(Node context, String written, String qualifiedName) {
        if (written.equals(qualifiedName)) {
            return true;
        }
        String simple = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
        if (!written.equals(simple)) {
            // a member type written through its enclosing type: Launcher.ProcStarter, with hudson.Launcher imported
            int dot = written.indexOf('.');
            if (dot > 0 && qualifiedName.endsWith("." + written)) {
                return denotes(context, written.substring(0, dot),
                        qualifiedName.substring(0, qualifiedName.length() - written.length() + dot));
            }
            return false;
        }
        Optional<CompilationUnit> unit = context.findCompilationUnit();
        if (unit.isEmpty()) {
            return true;
        }
        for (TypeDeclaration<?> declared : FileIndex.of(context).map(FileIndex::types).orElse(List.of())) {
            // a class of this file shadows the import where it is visible: top level, or inside its enclosing type
            boolean visible = declared.getParentNode()
                    .map(p -> p instanceof CompilationUnit || context.isDescendantOf(p)).orElse(true);
            if (visible && declared.getNameAsString().equals(simple)) {
                return false;
            }
        }
        for (ImportDeclaration imp : unit.get().getImports()) {
            if (!imp.isAsterisk() && !imp.isStatic() && imp.getName().getIdentifier().equals(simple)) {
                return imp.getNameAsString().equals(qualifiedName);
            }
        }
        return true;
    }

    /** Whether {@code type} is written as {@code qualifiedName} (or its simple name, per the imports). */
    public static boolean denotes(Type type, String qualifiedName) {
        if (type instanceof ClassOrInterfaceType c) {
            return denotes(type, c.getNameWithScope(), qualifiedName);
        }
        return false;
    }

    /** Whether {@code expression} names the class {@code qualifiedName}, as the scope of a static call does. */
    public static boolean isTypeName(Expression expression, String qualifiedName) {
        // a name ends with the class's simple name whichever way it is written: checked first, as most calls
        // are asked about several classes; the name is then spelt out without the pretty printer
        String last = expression instanceof NameExpr n ? n.getNameAsString()
                : expression instanceof FieldAccessExpr f ? f.getNameAsString() : null;
        if (last == null || !qualifiedName.endsWith(last)
                || qualifiedName.length() > last.length() && qualifiedName.charAt(qualifiedName.length() - last.length() - 1) != '.') {
            return false;
        }
        return denotes(expression, written(expression), qualifiedName);
    }

    /** A name as written ({@code a.b.C}), as the pretty printer would print it, without printing. */
    private static String written(Expression expression) {
        if (expression instanceof NameExpr n) {
            return n.getNameAsString();
        }
        if (expression instanceof FieldAccessExpr f && (f.getScope() instanceof NameExpr || f.getScope() instanceof FieldAccessExpr)
                && f.getTypeArguments().isEmpty()) {
            return written(f.getScope()) + "." + f.getNameAsString();
        }
        return Code.of(expression);
    }

    /**
     * The declared type of a variable, parameter, field or {@code new} expression, when the file says
     * it; empty for anything else.
     */
    public static Optional<Type> declaredType(Expression expression) {
        if (expression instanceof ObjectCreationExpr creation) {
            return Optional.of(creation.getType());
        }
        return Declarations.of(expression).map(Declaration::type)
                .filter(t -> !t.isVarType())
                .or(() -> Declarations.of(expression)
                        .flatMap(Declaration::initializer)
                        .filter(i -> i instanceof ObjectCreationExpr)
                        .map(i -> ((ObjectCreationExpr) i).getType()));
    }

    /**
     * Whether {@code expression} is a kind of value (a request, a response, a session, a logger) told
     * by its declared type's simple name when this file declares the variable, and otherwise by the
     * name it is written with: a parameter of an unseen superclass, a field Lombok generates.
     */
    public static boolean isKind(Expression expression, Predicate<String> typeName, Predicate<String> writtenName) {
        Optional<Type> type = declaredType(expression);
        if (type.isPresent()) {
            return typeName.test(simpleName(type.get()));
        }
        String name = expression instanceof NameExpr n ? n.getNameAsString()
                : expression instanceof FieldAccessExpr f ? f.getNameAsString() : null;
        return name != null && writtenName.test(name);
    }

    /** Whether the value cannot carry text an attacker chose: numbers, booleans, UUIDs. */
    public static boolean isNumericOrBoolean(Type type) {
        return NUMERIC.contains(simpleName(type)) && !(type instanceof ArrayType);
    }

    /** {@link #isNumericOrBoolean(Type)} for a type's simple name: {@code int}, {@code Long}. */
    public static boolean isNumericOrBoolean(String simpleName) {
        return NUMERIC.contains(simpleName);
    }
}
