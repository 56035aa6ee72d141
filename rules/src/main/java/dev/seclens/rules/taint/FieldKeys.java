package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A collection field only its own class fills: private, made empty at its declaration and never
 * reassigned, and used nowhere but as the receiver of calls that read it, remove from it, or insert
 * a key the class computes ({@code cache.put(user.getName(), id)}). Where {@code cache.containsKey(x)}
 * holds, {@code x} equals one of those keys; when none of them carries taint (see
 * {@link FileTaint#keysClean}), neither does {@code x} there.
 */
final class FieldKeys {
    /** Calls that neither insert into the collection nor hand it, or a view of it, out. */
    private static final Set<String> READS_AND_REMOVALS = Set.of("contains", "containsKey", "containsValue", "get",
            "getOrDefault", "size", "isEmpty", "remove", "clear", "equals", "hashCode");
    /** Inserting calls, with the argument that becomes the key or element (-1: the last). */
    private static final Map<String, Integer> INSERTIONS = Map.of("put", 0, "putIfAbsent", 0, "computeIfAbsent", 0,
            "compute", 0, "merge", 0, "add", -1, "offer", -1, "push", -1, "addFirst", -1, "addLast", -1);
    /** Static factories that wrap the collection they are given without copying anything into it. */
    private static final Set<String> WRAPPERS = Set.of("synchronizedMap", "synchronizedSet", "synchronizedList",
            "synchronizedSortedMap", "synchronizedSortedSet", "synchronizedNavigableMap", "synchronizedNavigableSet");
    private static final DataKey<Boolean> CONFINED = new DataKey<>() {
    };

    private FieldKeys() {
    }

    /** The declaration of the confined field {@code receiver} names, if it names one. */
    static Optional<Node> confined(Expression receiver) {
        Optional<Declaration> d = Declarations.of(receiver);
        if (d.isEmpty() || d.get().kind() != Declaration.Kind.FIELD) {
            return Optional.empty();
        }
        Node node = d.get().node();
        if (!node.containsData(CONFINED)) {
            node.setData(CONFINED, isConfined(d.get()));
        }
        return node.getData(CONFINED) ? Optional.of(node) : Optional.empty();
    }

    /** The field declaration a call inserts into and the key it inserts, when {@code call} is such an insertion. */
    static Optional<Node> insertedInto(MethodCallExpr call) {
        Integer key = INSERTIONS.get(call.getNameAsString());
        if (key == null || call.getArguments().isEmpty() || call.getScope().isEmpty()) {
            return Optional.empty();
        }
        return Declarations.of(call.getScope().get()).filter(d -> d.kind() == Declaration.Kind.FIELD).map(Declaration::node);
    }

    /** The argument {@code call} (an {@link #insertedInto insertion}) inserts as a key or element. */
    static int keyArgument(MethodCallExpr call) {
        int key = INSERTIONS.get(call.getNameAsString());
        return key < 0 ? call.getArguments().size() - 1 : key;
    }

    private static boolean isConfined(Declaration field) {
        if (!(field.node().getParentNode().orElse(null) instanceof FieldDeclaration f) || !f.isPrivate()
                || field.initializer().isEmpty() || !isEmptyCollection(field.initializer().get())
                || Declarations.isReassigned(field)) {
            return false;
        }
        CompilationUnit unit = field.node().findCompilationUnit().orElse(null);
        if (unit == null) {
            return false;
        }
        for (NameExpr use : Declarations.uses(field)) {
            if (!onlyReadOrFilled(use)) return false;
        }
        // any other object's field of that name may be this one (another instance of the class)
        for (FieldAccessExpr access : FileIndex.of(unit).orElseThrow().fieldAccesses()) {
            if (access.getNameAsString().equals(field.name())
                    && (!(access.getScope() instanceof ThisExpr) || !onlyReadOrFilled(access))) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyReadOrFilled(Expression use) {
        return use.getParentNode().orElse(null) instanceof MethodCallExpr call
                && call.getScope().map(s -> s == use).orElse(false)
                && (READS_AND_REMOVALS.contains(call.getNameAsString()) || INSERTIONS.containsKey(call.getNameAsString()));
    }

    /** {@code new HashMap<>()}, {@code new HashSet<>(16)}, or such a collection wrapped by {@code Collections.synchronizedMap}. */
    private static boolean isEmptyCollection(Expression init) {
        if (init instanceof MethodCallExpr m && WRAPPERS.contains(m.getNameAsString()) && m.getArguments().size() == 1) {
            return isEmptyCollection(m.getArgument(0));
        }
        return init instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isEmpty()
                && o.getArguments().stream().allMatch(a -> a instanceof IntegerLiteralExpr);
    }
}
