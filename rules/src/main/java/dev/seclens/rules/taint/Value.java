package dev.seclens.rules.taint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What the analysis knows about one value: the taints it may carry, and for a map filled only
 * under constant keys, or a list changed only at known positions in straight-line code, the
 * taint of each entry, so that {@code map.get("safe")} is clean while {@code map.get("user")} is not;
 * and the {@link Channel}s it may be or wrap (the response's writer), which are not data: a channel
 * makes a write to the value a sink, never the value itself untrusted.
 * Immutable.
 */
public final class Value {
    static final int MAX_TAINTS = 4;
    static final int MAX_CHANNELS = 4;
    /**
     * Taints dropped by {@link #MAX_TAINTS} on this thread since {@link #countDropped} last reset it:
     * a file is analysed on one thread, which reports the count as an analysis limit.
     */
    private static final ThreadLocal<int[]> DROPPED = ThreadLocal.withInitial(() -> new int[1]);

    /** The taints dropped on this thread since the last call, which starts counting again. */
    static int countDropped() {
        int[] count = DROPPED.get();
        int dropped = count[0];
        count[0] = 0;
        return dropped;
    }

    public static final Value CLEAN = new Value(List.of(), null, null, List.of());

    private final List<Taint> taints;
    private final Map<Object, Value> keys;
    private final List<Value> elements;
    /** Null in summaries cached before channels existed. */
    private final List<Channel> channels;

    private Value(List<Taint> taints, Map<Object, Value> keys, List<Value> elements, List<Channel> channels) {
        this.taints = taints;
        this.keys = keys;
        this.elements = elements;
        this.channels = channels;
    }

    private Value(List<Taint> taints, Map<Object, Value> keys, List<Value> elements) {
        this(taints, keys, elements, List.of());
    }

    public static Value of(Taint taint) {
        return new Value(List.of(taint), null, null);
    }

    /** The object a producer call returned: {@code response.getWriter()}. */
    static Value of(Channel channel) {
        return new Value(List.of(), null, null, List.of(channel));
    }

    /** An empty map or list whose entries are tracked one by one. */
    static Value emptyMap() {
        return new Value(List.of(), Map.of(), null);
    }

    static Value emptyList() {
        return new Value(List.of(), null, List.of());
    }

    public List<Taint> taints() {
        return taints;
    }

    /** The channels the value, or anything in it, may be or wrap. */
    public List<Channel> channels() {
        return all().ownChannels();
    }

    private List<Channel> ownChannels() {
        return channels == null ? List.of() : channels;
    }

    /** The same channels, without any data: what a value keeps when its data is made safe. */
    private Value channelsOnly() {
        List<Channel> c = channels();
        return c.isEmpty() ? CLEAN : new Value(List.of(), null, null, c);
    }

    /** Whether the value, or anything in it, may carry untrusted data. */
    public boolean isTainted() {
        return !all().taints.isEmpty();
    }

    /** The value with its entries folded in: what iterating over it, or reading an unknown entry, yields. */
    public Value all() {
        if (keys == null && elements == null) {
            return this;
        }
        Value v = new Value(taints, null, null, ownChannels());
        if (keys != null) {
            for (Value e : keys.values()) v = v.join(e.all());
        }
        if (elements != null) {
            for (Value e : elements) v = v.join(e.all());
        }
        return v;
    }

    public Value join(Value other) {
        if (other == this || other.isEmptyFact() && keys == null && elements == null) {
            return this;
        }
        if (isEmptyFact() && other.keys == null && other.elements == null) {
            return other;
        }
        return joinShape(other);
    }

    private Value joinShape(Value other) {
        List<Taint> merged = new ArrayList<>(taints);
        for (Taint t : other.taints) {
            if (merged.stream().noneMatch(t::sameFact)) {
                if (merged.size() < MAX_TAINTS) {
                    merged.add(t);
                } else {
                    DROPPED.get()[0]++;
                }
            }
        }
        List<Channel> joinedChannels = joinChannels(ownChannels(), other.ownChannels());
        Map<Object, Value> joinedKeys = null;
        if (keys != null && other.keys != null) {
            joinedKeys = new LinkedHashMap<>(keys);
            for (Map.Entry<Object, Value> e : other.keys.entrySet()) {
                joinedKeys.merge(e.getKey(), e.getValue(), Value::join);
            }
        } else if (keys != null || other.keys != null) {
            // one side's entries are unknown: only the whole value's taint survives
            return new Value(List.copyOf(merged), null, null, joinedChannels).join(foldEntries(this)).join(foldEntries(other));
        }
        List<Value> joinedElements = null;
        if (elements != null && other.elements != null && elements.size() == other.elements.size()) {
            joinedElements = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                joinedElements.add(elements.get(i).join(other.elements.get(i)));
            }
        } else if (elements != null || other.elements != null) {
            return new Value(List.copyOf(merged), joinedKeys, null, joinedChannels).join(foldEntries(this))
                    .join(foldEntries(other));
        }
        return new Value(List.copyOf(merged), joinedKeys == null ? null : Map.copyOf(joinedKeys),
                joinedElements == null ? null : List.copyOf(joinedElements), joinedChannels);
    }

    /** Most values have no channel: joining them costs nothing. */
    private static List<Channel> joinChannels(List<Channel> a, List<Channel> b) {
        if (b.isEmpty() || a.equals(b)) return a;
        if (a.isEmpty()) return b;
        List<Channel> merged = new ArrayList<>(a);
        for (Channel c : b) {
            if (!merged.contains(c) && merged.size() < MAX_CHANNELS) merged.add(c);
        }
        return List.copyOf(merged);
    }

    private static Value foldEntries(Value v) {
        Value folded = v.all();
        return new Value(folded.taints, null, null, folded.ownChannels());
    }

    private boolean isEmptyFact() {
        return taints.isEmpty() && keys == null && elements == null && ownChannels().isEmpty();
    }

    public Value map(UnaryOperator<Taint> f) {
        if (isEmptyFact()) {
            return this;
        }
        List<Taint> mapped = taints.stream().map(f).toList();
        Map<Object, Value> mappedKeys = null;
        if (keys != null) {
            mappedKeys = new LinkedHashMap<>();
            for (Map.Entry<Object, Value> e : keys.entrySet()) mappedKeys.put(e.getKey(), e.getValue().map(f));
        }
        List<Value> mappedElements = elements == null ? null : elements.stream().map(e -> e.map(f)).toList();
        return new Value(mapped, mappedKeys == null ? null : Map.copyOf(mappedKeys), mappedElements, ownChannels());
    }

    public Value step(Step step) {
        return map(t -> t.step(step));
    }

    /** The value made safe for {@code kinds}; a sanitizer for every kind makes it clean. */
    public Value clear(Set<String> kinds) {
        if (kinds.contains(TaintSpecs.ALL_KINDS)) {
            return channelsOnly();
        }
        return map(t -> t.clear(kinds));
    }

    /** The value as a plain scalar: entries folded in, no per-entry tracking. */
    public Value flat() {
        return foldEntries(this);
    }

    // map entries

    Value put(Object constantKey, Value v) {
        if (keys == null || constantKey == null) {
            return join(v).flat();
        }
        Map<Object, Value> more = new LinkedHashMap<>(keys);
        more.put(constantKey, v);
        return new Value(taints, Map.copyOf(more), null, ownChannels());
    }

    Value get(Object constantKey) {
        if (keys != null && constantKey != null) {
            Value entry = keys.get(constantKey);
            Value whole = new Value(taints, null, null, ownChannels());
            return entry == null ? whole : entry.join(whole);
        }
        return all().flat();
    }

    // list elements

    Value add(Value v) {
        if (elements == null) {
            return join(v).flat();
        }
        List<Value> more = new ArrayList<>(elements);
        more.add(v);
        return new Value(taints, keys, List.copyOf(more), ownChannels());
    }

    Value insert(Integer index, Value v) {
        if (elements == null || index == null || index < 0 || index > elements.size()) {
            return add(v).untracked();
        }
        List<Value> more = new ArrayList<>(elements);
        more.add(index, v);
        return new Value(taints, keys, List.copyOf(more), ownChannels());
    }

    Value set(Integer index, Value v) {
        if (elements == null || index == null || index < 0 || index >= elements.size()) {
            return add(v).untracked();
        }
        List<Value> more = new ArrayList<>(elements);
        more.set(index, v);
        return new Value(taints, keys, List.copyOf(more), ownChannels());
    }

    Value removeAt(Integer index) {
        if (elements == null || index == null || index < 0 || index >= elements.size()) {
            return untracked();
        }
        List<Value> fewer = new ArrayList<>(elements);
        fewer.remove((int) index);
        return new Value(taints, keys, List.copyOf(fewer), ownChannels());
    }

    Value elementAt(Integer index) {
        if (elements != null && index != null && index >= 0 && index < elements.size()) {
            return elements.get(index).join(new Value(taints, null, null, ownChannels()));
        }
        return all().flat();
    }

    /** The same taint with positions forgotten, after an operation whose effect on them is unknown. */
    Value untracked() {
        return flat();
    }

    boolean tracksKeys() {
        return keys != null;
    }

    boolean tracksElements() {
        return elements != null;
    }

    /** Equal as facts: the same origins and cleared kinds everywhere, whatever steps explain them. */
    boolean sameFacts(Value other) {
        if (taints.size() != other.taints.size() || !Set.copyOf(ownChannels()).equals(Set.copyOf(other.ownChannels()))) {
            return false;
        }
        for (Taint t : taints) {
            if (other.taints.stream().noneMatch(t::sameFact)) return false;
        }
        if (!Objects.equals(keys == null, other.keys == null) || !Objects.equals(elements == null, other.elements == null)) {
            return false;
        }
        if (keys != null) {
            if (!keys.keySet().equals(other.keys.keySet())) return false;
            for (Object k : keys.keySet()) if (!keys.get(k).sameFacts(other.keys.get(k))) return false;
        }
        if (elements != null) {
            if (elements.size() != other.elements.size()) return false;
            for (int i = 0; i < elements.size(); i++) if (!elements.get(i).sameFacts(other.elements.get(i))) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return taints.stream().map(t -> t.origin().code() + (t.cleared().isEmpty() ? "" : " cleared " + t.cleared())).toList()
                + (keys == null ? "" : " keys " + keys) + (elements == null ? "" : " elements " + elements)
                + (ownChannels().isEmpty() ? "" : " channels " + ownChannels().stream().map(Channel::code).toList());
    }
}
