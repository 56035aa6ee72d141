package dev.seclens.rules.taint;

import java.util.List;
import java.util.Map;
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
 *                      of use that check makes them safe for: callers treat a call as that guard
 */
public record MethodSummary(String owner, String name, List<String> parameterTypes, String returnType,
                            boolean isStatic, boolean isConstructor, String file, int line,
                            Value returns, Value intoReceiver, List<Reach> reaches,
                            Map<Integer, Set<String>> validates) {

    public MethodSummary {
        parameterTypes = List.copyOf(parameterTypes);
        reaches = List.copyOf(reaches);
        validates = validates == null ? Map.of() : Map.copyOf(validates);
    }

    /** A summary of a method that validates nothing. */
    public MethodSummary(String owner, String name, List<String> parameterTypes, String returnType, boolean isStatic,
                         boolean isConstructor, String file, int line, Value returns, Value intoReceiver,
                         List<Reach> reaches) {
        this(owner, name, parameterTypes, returnType, isStatic, isConstructor, file, line, returns, intoReceiver,
                reaches, Map.of());
    }

    public int arity() {
        return parameterTypes.size();
    }

    /** A parameter or the receiver ({@code taint.origin()}) reaching {@code sink} unless cleared. */
    public record Reach(Taint taint, SinkHit sink) {
    }

    /** Equal as facts, so iterating summaries to a fixed point can stop. */
    boolean sameFacts(MethodSummary other) {
        if (!returns.sameFacts(other.returns) || !intoReceiver.sameFacts(other.intoReceiver)
                || reaches.size() != other.reaches.size() || !validates.equals(other.validates)) {
            return false;
        }
        for (int i = 0; i < reaches.size(); i++) {
            Reach a = reaches.get(i);
            Reach b = other.reaches.get(i);
            if (!a.taint().sameFact(b.taint()) || !a.sink().equals(b.sink())) {
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
