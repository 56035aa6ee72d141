package dev.seclens.rules.taint;

import dev.seclens.rules.model.TypeRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the exceptions a method throws carry, for one run of {@link MethodInterpreter}: a {@code throw}
 * or a call whose summary throws hands its value to the innermost enclosing {@code try} that has
 * {@code catch} clauses, or, outside every such {@code try}, to the method's summary
 * ({@link MethodSummary#thrown()}, by the class each may be, so that what one class carries is never
 * taken for another's).
 * A catch clause receives what is thrown when its type is the thrown class or one of its
 * supertypes ({@code catch (IOException e)} does not receive {@code new IllegalStateException(id)},
 * which goes on to the enclosing {@code try}), by the workspace's classes and the JDK's exception
 * hierarchy; where the class, or whether it is one the clause catches, is not known, the clause
 * receives it at lower confidence and it may go on too.
 */
final class Exceptions {
    /** Parents of the JDK's common exceptions, for classes outside the workspace. */
    private static final Map<String, String> JDK_PARENTS = Map.ofEntries(
            Map.entry("java.lang.Exception", "java.lang.Throwable"),
            Map.entry("java.lang.Error", "java.lang.Throwable"),
            Map.entry("java.lang.RuntimeException", "java.lang.Exception"),
            Map.entry("java.lang.IllegalArgumentException", "java.lang.RuntimeException"),
            Map.entry("java.lang.NumberFormatException", "java.lang.IllegalArgumentException"),
            Map.entry("java.lang.IllegalStateException", "java.lang.RuntimeException"),
            Map.entry("java.lang.NullPointerException", "java.lang.RuntimeException"),
            Map.entry("java.lang.UnsupportedOperationException", "java.lang.RuntimeException"),
            Map.entry("java.lang.IndexOutOfBoundsException", "java.lang.RuntimeException"),
            Map.entry("java.lang.ArrayIndexOutOfBoundsException", "java.lang.IndexOutOfBoundsException"),
            Map.entry("java.lang.StringIndexOutOfBoundsException", "java.lang.IndexOutOfBoundsException"),
            Map.entry("java.lang.ClassCastException", "java.lang.RuntimeException"),
            Map.entry("java.lang.ArithmeticException", "java.lang.RuntimeException"),
            Map.entry("java.lang.SecurityException", "java.lang.RuntimeException"),
            Map.entry("java.lang.ReflectiveOperationException", "java.lang.Exception"),
            Map.entry("java.lang.ClassNotFoundException", "java.lang.ReflectiveOperationException"),
            Map.entry("java.lang.NoSuchMethodException", "java.lang.ReflectiveOperationException"),
            Map.entry("java.lang.NoSuchFieldException", "java.lang.ReflectiveOperationException"),
            Map.entry("java.lang.InstantiationException", "java.lang.ReflectiveOperationException"),
            Map.entry("java.lang.IllegalAccessException", "java.lang.ReflectiveOperationException"),
            Map.entry("java.lang.InterruptedException", "java.lang.Exception"),
            Map.entry("java.lang.CloneNotSupportedException", "java.lang.Exception"),
            Map.entry("java.lang.AssertionError", "java.lang.Error"),
            Map.entry("java.io.IOException", "java.lang.Exception"),
            Map.entry("java.io.FileNotFoundException", "java.io.IOException"),
            Map.entry("java.io.EOFException", "java.io.IOException"),
            Map.entry("java.io.UncheckedIOException", "java.lang.RuntimeException"),
            Map.entry("java.net.MalformedURLException", "java.io.IOException"),
            Map.entry("java.net.URISyntaxException", "java.lang.Exception"),
            Map.entry("java.sql.SQLException", "java.lang.Exception"),
            Map.entry("java.util.NoSuchElementException", "java.lang.RuntimeException"),
            Map.entry("java.util.ConcurrentModificationException", "java.lang.RuntimeException"),
            Map.entry("java.util.concurrent.ExecutionException", "java.lang.Exception"),
            Map.entry("java.util.concurrent.TimeoutException", "java.lang.Exception"),
            Map.entry("java.util.concurrent.CompletionException", "java.lang.RuntimeException"),
            Map.entry("java.time.DateTimeException", "java.lang.RuntimeException"),
            Map.entry("java.time.format.DateTimeParseException", "java.time.DateTimeException"));
    private static final String THROWABLE = "java.lang.Throwable";
    private static final String EXCEPTION = "java.lang.Exception";

    /**
     * One thrown value and the class it is: {@code exact} for {@code throw new X(..)}, else (a
     * variable, a summary) that class or a subclass; {@code type} null when not known.
     */
    record Thrown(Value value, String type, boolean exact) {
    }

    /** Whether one class is another or a subclass of it. */
    enum Answer { YES, NO, UNKNOWN }

    private final Deque<List<Thrown>> open = new ArrayDeque<>();
    /** The supertypes of a class of the workspace, resolved; null for a class it does not declare. */
    private final Function<String, List<String>> workspaceSupertypes;
    /** What leaves the method, by class ({@link MethodSummary#UNKNOWN_CLASS} when not known). */
    private final Map<String, Value> escaping = new TreeMap<>();

    Exceptions(Function<String, List<String>> workspaceSupertypes) {
        this.workspaceSupertypes = workspaceSupertypes;
    }

    void raise(Thrown thrown) {
        if (!thrown.value().isTainted()) {
            // an exception that carries nothing (a callee's, called here with clean arguments) is of
            // no interest to the catch clauses or the callers
            return;
        }
        Thrown flat = new Thrown(thrown.value().flat(), thrown.type(), thrown.exact());
        if (open.isEmpty()) {
            escaping.merge(flat.type() == null ? MethodSummary.UNKNOWN_CLASS : flat.type(), flat.value(), Value::join);
        } else {
            open.peek().add(flat);
        }
    }

    /** What a called method's summary says it throws, class by class; {@code carried} gives each class's value at this call. */
    void raise(Map<String, Value> thrown, Function<Value, Value> carried) {
        thrown.forEach((type, value) -> raise(new Thrown(carried.apply(value),
                type.equals(MethodSummary.UNKNOWN_CLASS) || TypeRef.isUnknown(type) ? null : type, false)));
    }

    /** A {@code try} block with catch clauses starts: what it throws is theirs. */
    void enterTry() {
        open.push(new ArrayList<>());
    }

    /** The {@code try} block ended: what it threw, for its catch clauses. */
    List<Thrown> leaveTry() {
        return open.pop();
    }

    /**
     * What each catch clause (its types, a union's several) receives of what the {@code try} block
     * threw: the first clause that surely catches a value takes it; a clause that may catch it takes
     * it at lower confidence and the value goes on to the next; what no clause surely catches is
     * raised again, to the enclosing {@code try} or the method's callers.
     */
    List<Value> dispatch(List<Thrown> thrown, List<List<String>> clauses) {
        List<Value> received = new ArrayList<>();
        clauses.forEach(c -> received.add(Value.CLEAN));
        for (Thrown t : thrown) {
            boolean caught = false;
            for (int i = 0; i < clauses.size() && !caught; i++) {
                Answer answer = Answer.NO;
                for (String type : clauses.get(i)) {
                    Answer a = catches(type, t);
                    if (a == Answer.YES || a == Answer.UNKNOWN && answer == Answer.NO) answer = a;
                }
                if (answer == Answer.YES) {
                    received.set(i, received.get(i).join(t.value()));
                    caught = true;
                } else if (answer == Answer.UNKNOWN) {
                    received.set(i, received.get(i).join(MethodInterpreter.lessCertain(t.value())));
                }
            }
            if (!caught) {
                raise(t);
            }
        }
        return received;
    }

    /** Whether a clause of {@code catchType} (a resolved name, or null when not known) receives {@code t}. */
    private Answer catches(String catchType, Thrown t) {
        if (THROWABLE.equals(catchType)) {
            return Answer.YES;
        }
        if (catchType == null || TypeRef.isUnknown(catchType) || t.type() == null) {
            return Answer.UNKNOWN;
        }
        Answer up = subclass(t.type(), catchType);
        if (up != Answer.NO || t.exact()) {
            return up;
        }
        // thrown through a variable of a wider class: at run time it may be of the clause's class
        return subclass(catchType, t.type()) == Answer.YES ? Answer.UNKNOWN : Answer.NO;
    }

    /** Whether {@code sub} is {@code sup} or extends it, by the workspace's classes and the JDK's exceptions. */
    private Answer subclass(String sub, String sup) {
        Deque<String> queue = new ArrayDeque<>(List.of(sub));
        Set<String> seen = new java.util.HashSet<>();
        boolean unknownAncestor = false;
        while (!queue.isEmpty() && seen.size() < 64) {
            String type = queue.poll();
            if (!seen.add(type)) continue;
            if (type.equals(sup)) return Answer.YES;
            List<String> declared = workspaceSupertypes.apply(type);
            if (declared != null) {
                queue.addAll(declared);
            } else if (JDK_PARENTS.containsKey(type)) {
                queue.add(JDK_PARENTS.get(type));
            } else if (!type.equals(THROWABLE) && !type.equals("java.lang.Object")) {
                unknownAncestor = true; // a library's exception: its superclass is not known here
            }
        }
        if (!unknownAncestor) {
            return Answer.NO;
        }
        // a library's exception is an Exception in all but name (an Error would be unusual to throw with data)
        return sup.equals(EXCEPTION) ? Answer.YES : Answer.UNKNOWN;
    }

    /** What leaves the method, by class. */
    Map<String, Value> escaping() {
        return escaping;
    }
}
