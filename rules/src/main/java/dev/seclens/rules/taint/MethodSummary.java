package dev.seclens.rules.taint;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a method does with taint, in terms of its parameters and receiver (symbolic origins) and
 * of the real sources it reads: which reach its return value ({@code returns}), which end up in
 * the object's fields ({@code intoReceiver}), and which reach a sink inside it or in a method it
 * calls ({@code reaches}). Callers apply it at each call instead of re-analysing the body.
 *
 * @param owner         the fully qualified name of the declaring class
 * @param parameterTypes the declared parameter types as {@linkplain dev.seclens.rules.model.TypeRef#encoded()
 *                      encoded references} (primitives as written), to choose among overloads
 * @param returnType    the declared return type, encoded the same way, empty for void and
 *                      constructors, so a call on the result ({@code repository().find(x)}) can be resolved
 * @param validates     for a boolean method, the parameters it returns true for only when they were
 *                      checked (an allow-list, a restrictive regex, a validator), and the kinds
 *                      of use that check makes them safe for: callers treat a call as that guard;
 *                      for any other method, those it returns normally for only after such a check
 *                      (it throws otherwise, {@code if (!isAlphanumeric(handle)) throw ...}): a
 *                      caller going on past the call has them checked
 * @param thrown        per class of exception it may throw (a resolved name, or {@link #UNKNOWN_CLASS}),
 *                      what those exceptions carry ({@code throw new IllegalArgumentException("bad: " + id)}),
 *                      so a caller's {@code catch} hands it on through {@code e.getMessage()}, and a
 *                      {@code catch} of another class does not receive it; classes whose exceptions
 *                      carry nothing are left out
 * @param callbacks     for a parameter holding a function ({@code Consumer<String> action}), what the
 *                      method passes when it runs it ({@code action.accept(value)}): a caller handing
 *                      in a lambda runs the lambda on that, and what the method returns from the
 *                      function's result is the lambda's result
 * @param intoParameters per parameter, what the method puts into the collection, array or builder
 *                      it was handed ({@code parts.set(1, v)}, {@code sb.append(v)}, {@code out[0] = v}),
 *                      or into a field of the object ({@code form.column = v}, {@code form.setColumn(v)},
 *                      kept as that field), beyond what that parameter held: a caller's argument holds
 *                      it too afterwards
 * @param lookupKey     the parameter a lookup it returns the result of finds its record by
 *                      ({@code return em.find(MediaFile.class, id);}), or null: where a caller goes on
 *                      using the result, the argument it passed is a key the store holds
 */
public record MethodSummary(String owner, String name, List<String> parameterTypes, String returnType,
                            boolean isStatic, boolean isConstructor, String file, int line,
                            Value returns, Value intoReceiver, List<Reach> reaches,
                            Map<Integer, Set<String>> validates, Map<String, Value> thrown, Map<Integer, Value> callbacks,
                            Map<Integer, Value> intoParameters, Integer lookupKey) {
    /** The key of {@link #thrown} for exceptions whose class is not known. */
    public static final String UNKNOWN_CLASS = "?";

    public MethodSummary {
        parameterTypes = List.copyOf(parameterTypes);
        reaches = List.copyOf(reaches);
        validates = validates == null ? Map.of() : Map.copyOf(validates);
        // sorted, so a summary's text is the same in every run
        thrown = ClassSummary.sortedCopy(thrown);
        // null: cached before they were kept; sorted, so a summary's text is the same in every run
        callbacks = ClassSummary.sortedCopy(callbacks);
        intoParameters = ClassSummary.sortedCopy(intoParameters);
    }

    /** A method whose exceptions carry nothing and that runs none of the functions it is given. */
    public MethodSummary(String owner, String name, List<String> parameterTypes, String returnType, boolean isStatic,
                         boolean isConstructor, String file, int line, Value returns, Value intoReceiver,
                         List<Reach> reaches, Map<Integer, Set<String>> validates) {
        this(owner, name, parameterTypes, returnType, isStatic, isConstructor, file, line, returns, intoReceiver,
                reaches, validates, Map.of(), Map.of(), Map.of(), null);
    }

    /** A summary of a method that validates nothing. */
    public MethodSummary(String owner, String name, List<String> parameterTypes, String returnType, boolean isStatic,
                         boolean isConstructor, String file, int line, Value returns, Value intoReceiver,
                         List<Reach> reaches) {
        this(owner, name, parameterTypes, returnType, isStatic, isConstructor, file, line, returns, intoReceiver,
                reaches, Map.of(), Map.of(), Map.of(), Map.of(), null);
    }

    /** Whether {@link #validates} speaks of where it returns true (else, of where it returns at all). */
    public boolean returnsBoolean() {
        return returnType.equals("boolean") || dev.seclens.rules.model.TypeRef.simpleName(returnType).equals("Boolean");
    }

    public int arity() {
        return parameterTypes.size();
    }

    /**
     * A parameter or the receiver ({@code taint.origin()}), or a real source, reaching {@code sink}
     * unless cleared; with a {@code writer}, only where that parameter is an object the writer's
     * producer returned (a helper writing to the {@code Writer} it was handed); with {@code when},
     * only where each listed {@code boolean} parameter has the value given: a sink inside
     * {@code if (includeContent)} is not reached by a call passing {@code false}; with {@code dispatch},
     * only where each listed parameter may be an object of one of the classes given: the sink is in
     * the method those classes implement, which this method runs on that parameter
     * ({@code callable.invoke(file)}), so a caller passing {@code new Exists()} does not reach the
     * sink of another implementation.
     */
    public record Reach(Taint taint, SinkHit sink, Writer writer, Map<Integer, Boolean> when,
                        Map<Integer, Set<String>> dispatch) {
        public Reach {
            when = when == null ? Map.of() : Map.copyOf(when); // summaries cached before conditions were kept
            dispatch = dispatch == null || dispatch.isEmpty() ? Map.of() : sorted(dispatch);
        }

        /** Sorted, keys and classes, so a summary's text is the same in every run. */
        private static Map<Integer, Set<String>> sorted(Map<Integer, Set<String>> dispatch) {
            Map<Integer, Set<String>> out = new java.util.TreeMap<>();
            dispatch.forEach((k, v) -> out.put(k, java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(v))));
            return java.util.Collections.unmodifiableMap(out);
        }

        public Reach(Taint taint, SinkHit sink, Writer writer) {
            this(taint, sink, writer, Map.of(), Map.of());
        }

        public Reach(Taint taint, SinkHit sink) {
            this(taint, sink, null, Map.of(), Map.of());
        }

        Reach when(Map<Integer, Boolean> conditions) {
            return new Reach(taint, sink, writer, conditions, dispatch);
        }

        Reach dispatch(Map<Integer, Set<String>> classes) {
            return new Reach(taint, sink, writer, when, classes);
        }
    }

    /**
     * The condition of a sink on a writer the method was handed: it is a sink where {@code parameter}
     * (or {@link Origin#RECEIVER}: an object whose field holds it) is, or wraps, what {@code producer} returned.
     */
    public record Writer(int parameter, Signature producer) {
    }

    /** Equal as facts, so iterating summaries to a fixed point can stop. */
    boolean sameFacts(MethodSummary other) {
        if (!returns.sameFacts(other.returns) || !intoReceiver.sameFacts(other.intoReceiver)
                || reaches.size() != other.reaches.size() || !validates.equals(other.validates)
                || !thrown.keySet().equals(other.thrown.keySet()) || !Objects.equals(lookupKey, other.lookupKey)
                || !callbacks.keySet().equals(other.callbacks.keySet())
                || !intoParameters.keySet().equals(other.intoParameters.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, Value> e : intoParameters.entrySet()) {
            if (!e.getValue().sameFacts(other.intoParameters.get(e.getKey()))) return false;
        }
        for (Map.Entry<Integer, Value> e : callbacks.entrySet()) {
            if (!e.getValue().sameFacts(other.callbacks.get(e.getKey()))) return false;
        }
        for (Map.Entry<String, Value> e : thrown.entrySet()) {
            if (!e.getValue().sameFacts(other.thrown.get(e.getKey()))) return false;
        }
        for (int i = 0; i < reaches.size(); i++) {
            Reach a = reaches.get(i);
            Reach b = other.reaches.get(i);
            if (!a.taint().sameFact(b.taint()) || !a.sink().equals(b.sink()) || !Objects.equals(a.writer(), b.writer())
                    || !a.dispatch().equals(b.dispatch())) {
                return false;
            }
        }
        return true;
    }

    /** How messages name the method: {@code UserRepository.find}. */
    public String displayName() {
        return dev.seclens.rules.model.TypeRef.simpleName(owner) + "." + name;
    }
}
