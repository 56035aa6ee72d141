package dev.seclens.rules.model;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithTypeParameters;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.type.TypeParameter;
import dev.seclens.rules.ast.FileIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names a file can use for types, as the language scopes them (JLS §6.4–6.5): the type
 * parameters and enclosing classes around a use, their member types, local classes, the file's
 * own top-level types, single-type imports, the file's package, on-demand imports, then
 * {@code java.lang}. Built once per compilation unit and kept on it.
 *
 * <p>A name is answered with a {@link TypeRef}: the fully qualified names it may denote, in the
 * order the language tries them. Which of them exists is known only to the whole workspace (a
 * class of the same package may be in another file), so the workspace's table picks; a name never
 * denotes a class of another package that the file does not import.
 */
public final class TypeScope {
    private static final DataKey<TypeScope> KEY = new DataKey<>() {
    };
    /** The java.lang types code commonly names, so {@code String} is not taken for a class of the package. */
    private static final Set<String> JAVA_LANG = Set.of("Object", "String", "StringBuilder", "StringBuffer",
            "CharSequence", "Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float", "Number",
            "Math", "System", "Thread", "Runnable", "Exception", "RuntimeException", "Error", "Throwable", "Class",
            "ClassLoader", "Iterable", "Comparable", "Enum", "Record", "Void", "Process", "ProcessBuilder", "Runtime",
            "IllegalArgumentException", "IllegalStateException", "NullPointerException", "Override", "Deprecated",
            "SuppressWarnings", "FunctionalInterface", "SafeVarargs", "AutoCloseable", "Cloneable", "Appendable",
            "Readable", "SecurityException", "UnsupportedOperationException", "InterruptedException",
            "IndexOutOfBoundsException", "NumberFormatException", "ClassNotFoundException", "StackTraceElement",
            "ThreadLocal", "InheritableThreadLocal", "StrictMath", "Package", "Module", "ReflectiveOperationException",
            "CloneNotSupportedException", "ArithmeticException", "ClassCastException", "AssertionError");

    private final String packageName;
    private final Map<String, String> singleImports = new HashMap<>();
    private final List<String> onDemandImports = new ArrayList<>();
    private final Map<TypeDeclaration<?>, String> qualifiedNames = new IdentityHashMap<>();
    private final List<TypeDeclaration<?>> topLevel = new ArrayList<>();
    private final Map<Node, Map<String, TypeDeclaration<?>>> typesDeclaredIn = new IdentityHashMap<>();

    private TypeScope(CompilationUnit unit) {
        packageName = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
        for (ImportDeclaration i : unit.getImports()) {
            if (i.isStatic()) {
                continue; // static imports bring members, not types this model follows
            }
            if (i.isAsterisk()) {
                onDemandImports.add(i.getNameAsString());
            } else {
                singleImports.put(i.getName().getIdentifier(), i.getNameAsString());
            }
        }
        for (TypeDeclaration<?> t : FileIndex.of(unit).map(FileIndex::types).orElse(List.of())) {
            qualifiedNames.put(t, qualify(t));
            if (t.getParentNode().filter(p -> p instanceof CompilationUnit).isPresent()) {
                topLevel.add(t);
            }
        }
    }

    /** The scope of the file {@code node} belongs to. */
    public static Optional<TypeScope> of(Node node) {
        return node.findCompilationUnit().map(unit -> {
            if (!unit.containsData(KEY)) {
                unit.setData(KEY, new TypeScope(unit));
            }
            return unit.getData(KEY);
        });
    }

    public String packageName() {
        return packageName;
    }

    /**
     * The fully qualified name of a type this file declares: {@code p.Outer.Inner} for a member type,
     * {@code p.Outer$Local} for a class declared in a method or an anonymous class of {@code Outer}.
     */
    public String qualifiedName(TypeDeclaration<?> type) {
        String known = qualifiedNames.get(type);
        return known != null ? known : qualify(type);
    }

    /** The qualified name of the innermost type declaration around {@code node}; empty outside any. */
    public Optional<String> enclosingType(Node node) {
        return node.findAncestor(TypeDeclaration.class).map(t -> qualifiedName((TypeDeclaration<?>) t));
    }

    private String qualify(TypeDeclaration<?> type) {
        String name = type.getNameAsString();
        Node parent = type.getParentNode().orElse(null);
        if (parent instanceof LocalClassDeclarationStmt || parent instanceof LocalRecordDeclarationStmt
                || parent instanceof ObjectCreationExpr) {
            return type.findAncestor(TypeDeclaration.class)
                    .map(t -> qualifiedName((TypeDeclaration<?>) t) + "$" + name)
                    .orElse(prefixed(name));
        }
        if (parent instanceof TypeDeclaration<?> outer) {
            return qualifiedName(outer) + "." + name;
        }
        return prefixed(name);
    }

    private String prefixed(String name) {
        return packageName.isEmpty() ? name : packageName + "." + name;
    }

    /**
     * What the type name {@code written} (simple or qualified, without type arguments) denotes where
     * {@code context} is.
     */
    public TypeRef resolve(Node context, String written) {
        int dot = written.indexOf('.');
        if (dot > 0) {
            String head = written.substring(0, dot);
            String rest = written.substring(dot);
            if (Character.isLowerCase(head.charAt(0))) {
                return TypeRef.of(written); // a package-qualified name says what it is
            }
            return resolve(context, head).member(rest);
        }
        return resolveSimple(context, written);
    }

    /**
     * The {@linkplain TypeRef#encoded() encoded} reference for a declared type where {@code context}
     * is: primitives as written, arrays with {@code []} after each candidate, type arguments dropped.
     */
    public String encode(Node context, com.github.javaparser.ast.type.Type type) {
        if (type instanceof com.github.javaparser.ast.type.ArrayType array) {
            return TypeRef.arrayOf(encode(context, array.getComponentType()));
        }
        if (type instanceof com.github.javaparser.ast.type.ClassOrInterfaceType c) {
            return resolve(context, c.getNameWithScope()).encoded();
        }
        if (type.isPrimitiveType()) {
            return type.asString();
        }
        return TypeRef.UNKNOWN + type.asString();
    }

    /**
     * The member types of a type declaration, or the local classes and records of a block, by simple
     * name (the first of a name wins), listed once per node: every name resolved inside a class of
     * hundreds of members would otherwise walk them all.
     */
    private Map<String, TypeDeclaration<?>> typesDeclaredIn(Node scope) {
        synchronized (typesDeclaredIn) {
            return typesDeclaredIn.computeIfAbsent(scope, n -> {
                Map<String, TypeDeclaration<?>> out = new HashMap<>();
                if (n instanceof TypeDeclaration<?> t) {
                    for (BodyDeclaration<?> member : t.getMembers()) {
                        if (member instanceof TypeDeclaration<?> m) out.putIfAbsent(m.getNameAsString(), m);
                    }
                } else if (n instanceof com.github.javaparser.ast.stmt.BlockStmt block) {
                    for (var statement : block.getStatements()) {
                        if (statement instanceof LocalClassDeclarationStmt local) {
                            out.putIfAbsent(local.getClassDeclaration().getNameAsString(), local.getClassDeclaration());
                        } else if (statement instanceof LocalRecordDeclarationStmt local) {
                            out.putIfAbsent(local.getRecordDeclaration().getNameAsString(), local.getRecordDeclaration());
                        }
                    }
                }
                return out.isEmpty() ? Map.of() : out;
            });
        }
    }

    private TypeRef resolveSimple(Node context, String name) {
        for (Node n = context; n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof NodeWithTypeParameters<?> generic) {
                for (TypeParameter p : generic.getTypeParameters()) {
                    if (p.getNameAsString().equals(name)) {
                        return TypeRef.unknown(name); // a type variable, whatever a caller binds it to
                    }
                }
            }
            if (n instanceof TypeDeclaration<?> t && t.getNameAsString().equals(name)) {
                return TypeRef.of(qualifiedName(t));
            }
            if (n instanceof TypeDeclaration<?> || n instanceof com.github.javaparser.ast.stmt.BlockStmt) {
                TypeDeclaration<?> declared = typesDeclaredIn(n).get(name);
                if (declared != null) {
                    return TypeRef.of(qualifiedName(declared));
                }
            }
        }
        for (TypeDeclaration<?> t : topLevel) {
            if (t.getNameAsString().equals(name)) {
                return TypeRef.of(qualifiedName(t));
            }
        }
        String imported = singleImports.get(name);
        if (imported != null) {
            return TypeRef.of(imported);
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(prefixed(name));
        for (String p : onDemandImports) {
            candidates.add(p + "." + name);
        }
        String fallback;
        if (JAVA_LANG.contains(name)) {
            fallback = "java.lang." + name;
        } else if (onDemandImports.size() == 1) {
            fallback = onDemandImports.get(0) + "." + name;
        } else {
            fallback = TypeRef.UNKNOWN + name;
        }
        // java.lang comes last: a class of the same package or an on-demand import shadows it
        return TypeRef.candidates(candidates, fallback);
    }
}
