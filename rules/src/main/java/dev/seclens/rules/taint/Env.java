package dev.seclens.rules.taint;

import java.util.HashMap;
import java.util.Map;

/**
 * What each variable holds at one program point: locals and parameters by name, and the fields
 * this method wrote by {@code #name}. A null {@code Env} elsewhere means "this point is never reached".
 */
final class Env {
    private final Map<String, Value> vars;

    Env() {
        this.vars = new HashMap<>();
    }

    private Env(Map<String, Value> vars) {
        this.vars = vars;
    }

    Env copy() {
        return new Env(new HashMap<>(vars));
    }

    Value get(String name) {
        return vars.get(name);
    }

    boolean has(String name) {
        return vars.containsKey(name);
    }

    void put(String name, Value value) {
        vars.put(name, value);
    }

    boolean isEmpty() {
        return vars.isEmpty();
    }

    /**
     * Each variable as it is on one of two ways this point may be reached, {@code a} or {@code b}
     * (copies of this one, narrowed differently): safe only for what it is safe for on both.
     */
    void keepCommon(Env a, Env b) {
        vars.replaceAll((name, v) -> a.get(name).join(b.get(name)));
    }

    /** The join of two program points; either may be unreachable (null). */
    static Env join(Env a, Env b) {
        if (a == null) return b == null ? null : b.copy();
        if (b == null) return a.copy();
        Map<String, Value> joined = new HashMap<>(a.vars);
        b.vars.forEach((k, v) -> joined.merge(k, v, Value::join));
        return new Env(joined);
    }

    /** The same facts for every variable, so a loop's fixed point is reached. */
    static boolean sameFacts(Env a, Env b) {
        if (a == null || b == null) return a == b;
        if (!a.vars.keySet().equals(b.vars.keySet())) return false;
        for (Map.Entry<String, Value> e : a.vars.entrySet()) {
            if (!e.getValue().sameFacts(b.vars.get(e.getKey()))) return false;
        }
        return true;
    }
}
