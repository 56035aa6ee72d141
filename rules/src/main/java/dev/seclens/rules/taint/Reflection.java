package dev.seclens.rules.taint;

import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import java.util.Optional;
import java.util.Set;

/**
 * Reflective calls whose target the source spells out: {@code Handler.class.getMethod("save",
 * String.class).invoke(handler, name)} runs {@code Handler.save(name)}, so the interpreter applies
 * that method's summary instead of treating {@code invoke} as an unknown library call. A name or
 * class that is not a constant names nothing.
 */
final class Reflection {
    private static final Set<String> METHOD_LOOKUPS = Set.of("getMethod", "getDeclaredMethod");
    /** Following a {@code Method} variable to where it was looked up stops here. */
    private static final int MAX_HOPS = 4;

    /** The method an {@code invoke} runs: its class (fully qualified), name and parameter count. */
    record Target(String type, String name, int arity) {
    }

    private Reflection() {
    }

    /** What {@code method.invoke(target, args...)} runs, when {@code method} was looked up with constants. */
    static Optional<Target> invoked(MethodCallExpr invoke, FileTaint file) {
        if (!invoke.getNameAsString().equals("invoke") || invoke.getScope().isEmpty() || invoke.getArguments().isEmpty()) {
            return Optional.empty();
        }
        Optional<MethodCallExpr> lookup = lookup(invoke.getScope().get());
        if (lookup.isEmpty() || lookup.get().getArguments().isEmpty() || lookup.get().getScope().isEmpty()) {
            return Optional.empty();
        }
        MethodCallExpr found = lookup.get();
        Optional<String> name = Constants.string(found.getArgument(0));
        Optional<String> type = reflectedClass(found.getScope().get(), file);
        if (name.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Target(type.get(), name.get(), found.getArguments().size() - 1));
    }

    /** The {@code getMethod(...)} call a {@code Method} expression comes from, following effectively final locals. */
    private static Optional<MethodCallExpr> lookup(Expression e) {
        Expression current = e;
        for (int hop = 0; hop <= MAX_HOPS; hop++) {
            if (current instanceof EnclosedExpr p) {
                current = p.getInner();
                continue;
            }
            if (current instanceof MethodCallExpr call) {
                return METHOD_LOOKUPS.contains(call.getNameAsString()) ? Optional.of(call) : Optional.empty();
            }
            Optional<Declaration> d = Declarations.of(current);
            if (d.isEmpty() || d.get().initializer().isEmpty() || Declarations.isReassigned(d.get())) {
                return Optional.empty();
            }
            current = d.get().initializer().get();
        }
        return Optional.empty();
    }

    /** The class a {@code Class} expression denotes: {@code Handler.class}, {@code handler.getClass()}, {@code Class.forName("p.Handler")}. */
    private static Optional<String> reflectedClass(Expression e, FileTaint file) {
        if (e instanceof ClassExpr c) {
            return Optional.of(file.resolvedType(c, c.getType()));
        }
        if (e instanceof MethodCallExpr call && call.getNameAsString().equals("getClass") && call.getArguments().isEmpty()
                && call.getScope().isPresent()) {
            return file.receiverClass(call.getScope().get()).map(FileTaint.Receiver::type);
        }
        if (e instanceof MethodCallExpr call && call.getNameAsString().equals("forName") && call.getArguments().size() == 1) {
            return Constants.string(call.getArgument(0)).filter(file::isWorkspaceClass);
        }
        return Optional.empty();
    }
}
