package dev.seclens.rules.taint;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What each variable holds at one program point: locals and parameters by name, the fields this
 * method wrote by {@code #name}, and an element of a local array that a guard checked by
 * {@code name[index]}. A null {@code Env} elsewhere means "this point is never reached".
 */
final class Env {
    /** How a field of this object is named among the variables: {@code #name}. */
    static final String FIELD = "#";

    private final Map<String, Value> vars;
    /** Whether {@link #vars} holds a checked element, which a write to its array must drop. */
    private boolean hasElements;
    /**
     * What a field the method assigns holds where it has not been assigned (what other methods
     * store in it, the caller's object's field); null in scratch environments, which forget such fields.
     */
    private final Function<String, Value> fieldAtEntry;

    Env() {
        this(new HashMap<>(), null);
    }

    Env(Function<String, Value> fieldAtEntry) {
        this(new HashMap<>(), fieldAtEntry);
    }

    private Env(Map<String, Value> vars, Function<String, Value> fieldAtEntry) {
        this.vars = vars;
        this.fieldAtEntry = fieldAtEntry;
    }

    Env copy() {
        Env copy = new Env(new HashMap<>(vars), fieldAtEntry);
        copy.hasElements = hasElements;
        return copy;
    }

    /**
     * How the element at a constant {@code index} of the local array {@code array} is named once
     * a guard has checked it ({@code if (isAlphanumeric(parts[0]))}): what it holds is then known
     * apart from the array's other elements, until the array is written.
     */
    static String element(String array, int index) {
        return array + "[" + index + "]";
    }

    Value get(String name) {
        return vars.get(name);
    }

    boolean has(String name) {
        return vars.containsKey(name);
    }

    void put(String name, Value value) {
        if (name.indexOf('[') >= 0) {
            hasElements = true;
        } else if (hasElements) {
            String elements = name + "[";
            vars.keySet().removeIf(k -> k.startsWith(elements)); // the array was written: what was checked of it is not known
        }
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
        // a checked element that either way wrote its array over is no longer known apart from it
        if (hasElements) vars.keySet().removeIf(name -> !a.has(name) || !b.has(name));
        vars.replaceAll((name, v) -> a.get(name).join(b.get(name)));
    }

    /**
     * The fields of this object this method has assigned on every way to this point, by name,
     * with what each holds now.
     */
    Map<String, Value> assignedFields() {
        Map<String, Value> assigned = new HashMap<>();
        vars.forEach((name, v) -> {
            if (name.startsWith(FIELD)) assigned.put(name.substring(FIELD.length()), v);
        });
        return assigned;
    }

    /**
     * After a call that may have assigned {@code fields}: each holds what this method assigned, or
     * what it may hold where this method has not assigned it.
     */
    void weakenFields(Collection<String> fields) {
        for (String f : fields) {
            Value v = vars.get(FIELD + f);
            if (v != null) weaken(f, v);
        }
    }

    /** {@link #weakenFields} for every field this method assigned. */
    void weakenFields() {
        weakenFields(assignedFields().keySet());
    }

    private void weaken(String field, Value assigned) {
        if (fieldAtEntry == null) {
            vars.remove(FIELD + field);
        } else {
            vars.put(FIELD + field, assigned.join(fieldAtEntry.apply(field)));
        }
    }

    /**
     * The join of two program points; either may be unreachable (null). A field assigned on one
     * way only holds that way's value or what it held where the method had not assigned it.
     */
    static Env join(Env a, Env b) {
        if (a == null) return b == null ? null : b.copy();
        if (b == null) return a.copy();
        Map<String, Value> joined = new HashMap<>(a.vars);
        b.vars.forEach((k, v) -> joined.merge(k, v, Value::join));
        Function<String, Value> fieldAtEntry = a.fieldAtEntry != null ? a.fieldAtEntry : b.fieldAtEntry;
        boolean elements = a.hasElements || b.hasElements;
        if (elements) {
            // an element checked on one way only is, after the join, only what its array holds
            joined.keySet().removeIf(k -> k.indexOf('[') >= 0 && !(a.vars.containsKey(k) && b.vars.containsKey(k)));
        }
        Env out = new Env(joined, fieldAtEntry);
        out.hasElements = elements && joined.keySet().stream().anyMatch(k -> k.indexOf('[') >= 0);
        for (String k : joined.keySet().toArray(String[]::new)) {
            if (k.startsWith(FIELD) && !(a.vars.containsKey(k) && b.vars.containsKey(k))) {
                out.weaken(k.substring(FIELD.length()), joined.get(k));
            }
        }
        return out;
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
