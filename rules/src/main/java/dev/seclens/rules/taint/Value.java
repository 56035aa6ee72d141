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
 * the {@link Channel}s it may be or wrap (the response's writer), which are not data: a channel
 * makes a write to the value a sink, never the value itself untrusted; and, for an object, what
 * each of its fields holds beyond what the whole object holds ({@link #field}), so that a field
 * holding request data leaves its sibling fields clean.
 *
 * <p>Fields are an access-path model bounded in depth ({@link #MAX_FIELD_DEPTH}: {@code x.f.g.h})
 * and width ({@link #MAX_FIELDS} per object); past either bound the field's data joins the whole
 * object, which is what the analysis did before fields were kept, and the count of such folds is
 * reported as an analysis limit. Whatever uses the object whole (a sink, a concatenation, so its
 * {@code toString()}, a library call) sees every field's data: {@link #all()} folds them in.
 * Immutable.
 */
public final class Value {
    static final int MAX_TAINTS = 4;
    static final int MAX_CHANNELS = 4;
    /** Fields of fields of fields: {@code order.customer.address.city}; deeper data joins the field at this depth. */
    static final int MAX_FIELD_DEPTH = 3;
    /** Fields of one object told apart; data stored in more joins the whole object. */
    static final int MAX_FIELDS = 16;
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

    /** Fields followed as their object (past {@link #MAX_FIELD_DEPTH} or {@link #MAX_FIELDS}), counted as {@link #DROPPED} is. */
    private static final ThreadLocal<int[]> FOLDED_FIELDS = ThreadLocal.withInitial(() -> new int[1]);

    /** The fields folded into their object on this thread since the last call, which starts counting again. */
    static int countFoldedFields() {
        int[] count = FOLDED_FIELDS.get();
        int folded = count[0];
        count[0] = 0;
        return folded;
    }

    /** Counts {@code dropped} taints and {@code folded} fields again on this thread: a replayed method's ({@link MethodRuns}). */
    static void countAgain(int dropped, int folded) {
        DROPPED.get()[0] += dropped;
        FOLDED_FIELDS.get()[0] += folded;
    }

    static void foldedField() {
        FOLDED_FIELDS.get()[0]++;
    }

    public static final Value CLEAN = new Value(List.of(), null, null, List.of(), null);

    private final List<Taint> taints;
    private final Map<Object, Value> keys;
    private final List<Value> elements;
    /** Null in summaries cached before channels existed. */
    private final List<Channel> channels;
    /**
     * Per field name, what that field holds beyond the whole object's taints; null when no field is
     * known apart (a field not listed holds what the whole object holds).
     */
    private final Map<String, Value> fields;

    private Value(List<Taint> taints, Map<Object, Value> keys, List<Value> elements, List<Channel> channels,
                  Map<String, Value> fields) {
        this.taints = taints;
        this.keys = keys;
        this.elements = elements;
        this.channels = channels;
        this.fields = fields;
    }

    private Value(List<Taint> taints, Map<Object, Value> keys, List<Value> elements) {
        this(taints, keys, elements, List.of(), null);
    }

    public static Value of(Taint taint) {
        return new Value(List.of(taint), null, null);
    }

    /** The object a producer call returned: {@code response.getWriter()}. */
    static Value of(Channel channel) {
        return new Value(List.of(), null, null, List.of(channel), null);
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
        return c.isEmpty() ? CLEAN : new Value(List.of(), null, null, c, null);
    }

    /** Whether the value, or anything in it, may carry untrusted data. */
    public boolean isTainted() {
        return !all().taints.isEmpty();
    }

    /**
     * The value with its entries and fields folded in: what iterating over it, reading an unknown
     * entry, or using the object whole yields.
     */
    public Value all() {
        if (keys == null && elements == null && fields == null) {
            return this;
        }
        Value v = new Value(taints, null, null, ownChannels(), null);
        if (keys != null) {
            for (Value e : keys.values()) v = v.join(e.all());
        }
        if (elements != null) {
            for (Value e : elements) v = v.join(e.all());
        }
        if (fields != null) {
            for (Value e : fields.values()) v = v.join(e.all());
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
        Map<String, Value> joinedFields = joinFields(fields, other.fields);
        Value shape = withFields(null).joinShape(other.withFields(null));
        return joinedFields == null ? shape : shape.withFields(joinedFields);
    }

    /** Field by field: a field one side does not list holds that side's whole taint, which the join keeps anyway. */
    private static Map<String, Value> joinFields(Map<String, Value> a, Map<String, Value> b) {
        if (b == null || b.isEmpty()) return a;
        if (a == null || a.isEmpty()) return b;
        Map<String, Value> joined = new java.util.TreeMap<>(a);
        for (Map.Entry<String, Value> e : b.entrySet()) {
            joined.merge(e.getKey(), e.getValue(), Value::join);
        }
        return java.util.Collections.unmodifiableMap(joined);
    }

    /** The same value with {@code replaced} as its fields. */
    private Value withFields(Map<String, Value> replaced) {
        if (replaced == fields) return this;
        return new Value(taints, keys, elements, channels, replaced == null || replaced.isEmpty() ? null : replaced);
    }

    // object fields

    /**
     * What field {@code name} of this object holds: what was stored in it, and the whole object's
     * data. A parameter or the receiver stands for the caller's object, so its field is the
     * caller's field ({@code parameter 0.name}); a real source stays itself, since every field of
     * an object from the request is the request's.
     */
    Value field(String name) {
        Object key = entryKey(name);
        if (key != null && keys != null) {
            return get(key); // the caller's map filled under constant keys: only that entry
        }
        Value whole = new Value(taints, keys, elements, ownChannels(), null).all();
        Value projected = whole.taints.isEmpty() ? whole : new Value(whole.taints.stream()
                .map(t -> t.origin().isReal() ? t : Value.projected(t, name)).toList(), null, null, whole.ownChannels(), null);
        Value stored = fields == null ? null : fields.get(name);
        return stored == null ? projected : stored.join(projected);
    }

    private static Taint projected(Taint t, String name) {
        if (t.origin().path().size() >= MAX_FIELD_DEPTH) {
            return t; // the deepest path kept stands for everything below it
        }
        return new Taint(t.origin().field(name), t.cleared(), t.steps());
    }

    /** The object with field {@code name} now holding {@code v} (an assignment: what it held before is gone). */
    Value withField(String name, Value v) {
        Map<String, Value> more = fields == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(fields);
        if (!more.containsKey(name) && more.size() >= MAX_FIELDS) {
            foldedField();
            return join(v.all());
        }
        more.put(name, depth(v) >= MAX_FIELD_DEPTH ? foldedDeeper(v) : v);
        return withFields(java.util.Collections.unmodifiableMap(more));
    }

    /** The object with field {@code name} also holding {@code v} (a setter that may or may not have run). */
    Value joinField(String name, Value v) {
        if (!v.isTainted() && v.channels().isEmpty()) {
            return this;
        }
        return join(CLEAN.withField(name, v));
    }

    /**
     * The element of a parameter's or the receiver's path that stands for {@link #storedFieldsOnly}:
     * the caller's object as far as its fields were stored one by one.
     */
    static final String STORED_FIELDS = "(stored fields)";

    /**
     * The object without the real sources it holds as a whole: what was stored in its fields one
     * by one, and its channels. A caller's object it stands for is that object's stored fields
     * ({@link #STORED_FIELDS}), which the caller substitutes in turn.
     */
    Value storedFieldsOnly() {
        List<Taint> symbolic = taints.stream().filter(t -> !t.origin().isReal())
                .map(t -> projected(t, STORED_FIELDS)).toList();
        return new Value(symbolic, null, null, ownChannels(), fields);
    }

    /** What {@code path} (field names, and {@link #STORED_FIELDS}) leads to inside this object. */
    Value at(List<String> path) {
        Value v = this;
        for (String name : path) v = name.equals(STORED_FIELDS) ? v.storedFieldsOnly() : v.field(name);
        return v;
    }

    /** Whether the value knows any of its fields apart. */
    boolean tracksFields() {
        return fields != null;
    }

    /** The fields known apart, by name; empty when none is. */
    Map<String, Value> fields() {
        return fields == null ? Map.of() : fields;
    }

    /** The whole object's own data, its fields left out. */
    Value withoutFields() {
        return withFields(null);
    }

    private static int depth(Value v) {
        if (v.fields == null) return 0;
        int deepest = 0;
        for (Value f : v.fields.values()) deepest = Math.max(deepest, depth(f));
        return deepest + 1;
    }

    private static Value foldedDeeper(Value v) {
        foldedField();
        return v.all();
    }

    /**
     * The value with map and list entries folded in and its fields kept: what a method's summary
     * holds, between runs too, so a getter's caller still tells the fields apart.
     */
    Value keepingFields() {
        if (fields == null) {
            return flat();
        }
        Map<String, Value> kept = new java.util.TreeMap<>();
        fields.forEach((name, v) -> kept.put(name, v.keepingFields()));
        return withoutFields().flat().withFields(java.util.Collections.unmodifiableMap(kept));
    }

    /** The value flat but for its positions, each flat: what a summary's callbacks keep across runs. */
    Value keepingPositions() {
        if (elements == null) {
            return flat();
        }
        return new Value(taints, null, elements.stream().map(Value::flat).toList(), ownChannels(), null);
    }

    private Value joinShape(Value other) {
        List<Taint> merged = new ArrayList<>(taints);
        for (Taint t : other.taints) {
            if (merged.stream().noneMatch(t::sameFact)) {
                if (merged.size() < MAX_TAINTS) {
                    merged.add(t);
                } else if (!widened(merged, t) && !(compacted(merged) && merged.add(t))) {
                    DROPPED.get()[0]++;
                }
            }
        }
        List<Channel> joinedChannels = joinChannels(ownChannels(), other.ownChannels());
        LinkedHashMap<Object, Value> joinedKeys = null;
        if (keys != null && other.keys != null) {
            joinedKeys = new LinkedHashMap<>(keys);
            for (Map.Entry<Object, Value> e : other.keys.entrySet()) {
                joinedKeys.merge(e.getKey(), e.getValue(), Value::join);
            }
        } else if (keys != null || other.keys != null) {
            // one side's entries are unknown: only the whole value's taint survives
            return new Value(List.copyOf(merged), null, null, joinedChannels, null).join(foldEntries(this)).join(foldEntries(other));
        }
        List<Value> joinedElements = null;
        if (elements != null && other.elements != null && elements.size() == other.elements.size()) {
            joinedElements = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                joinedElements.add(elements.get(i).join(other.elements.get(i)));
            }
        } else if (elements != null || other.elements != null) {
            return new Value(List.copyOf(merged), joinedKeys, null, joinedChannels, null).join(foldEntries(this))
                    .join(foldEntries(other));
        }
        return new Value(List.copyOf(merged), joinedKeys == null ? null : inOrder(joinedKeys),
                joinedElements == null ? null : List.copyOf(joinedElements), joinedChannels, null);
    }

    /**
     * Makes room for {@code t}, a field of a parameter or of the receiver, by widening a taint of
     * the same parameter to the fields both share ({@code this.a} and {@code this.b} become
     * {@code this}): callers then substitute more than was read, never less. False when there is none.
     */
    private static boolean widened(List<Taint> merged, Taint t) {
        if (t.origin().isReal()) {
            return false;
        }
        for (int i = 0; i < merged.size(); i++) {
            Taint m = merged.get(i);
            if (!m.origin().isReal() && m.origin().parameter() == t.origin().parameter()) {
                Taint wide = m.widenedWith(t);
                merged.set(i, wide);
                for (int j = merged.size() - 1; j > i; j--) {
                    if (merged.get(j).sameFact(wide)) merged.remove(j);
                }
                return true;
            }
        }
        return false;
    }

    /** Makes room by widening two taints of one parameter (or the receiver) into one; false when there are none. */
    private static boolean compacted(List<Taint> merged) {
        for (int i = 0; i < merged.size(); i++) {
            Taint m = merged.get(i);
            if (m.origin().isReal()) continue;
            for (int j = i + 1; j < merged.size(); j++) {
                if (!merged.get(j).origin().isReal() && merged.get(j).origin().parameter() == m.origin().parameter()) {
                    Taint second = merged.remove(j);
                    merged.remove(i);
                    return widened(merged, m.widenedWith(second)) || merged.add(m.widenedWith(second));
                }
            }
        }
        return false;
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
        return new Value(folded.taints, null, null, folded.ownChannels(), null);
    }

    private boolean isEmptyFact() {
        return taints.isEmpty() && keys == null && elements == null && fields == null && ownChannels().isEmpty();
    }

    /**
     * The value without the real sources it holds, at any depth: what it holds only from the
     * parameters and the receiver of the method it was computed in, which a caller substitutes.
     */
    Value symbolicOnly() {
        if (isEmptyFact()) {
            return this;
        }
        List<Taint> symbolic = taints.stream().filter(t -> !t.origin().isReal()).toList();
        LinkedHashMap<Object, Value> keptKeys = null;
        if (keys != null) {
            keptKeys = new LinkedHashMap<>();
            for (Map.Entry<Object, Value> e : keys.entrySet()) keptKeys.put(e.getKey(), e.getValue().symbolicOnly());
        }
        List<Value> keptElements = elements == null ? null : elements.stream().map(Value::symbolicOnly).toList();
        Map<String, Value> keptFields = null;
        if (fields != null) {
            keptFields = new java.util.TreeMap<>();
            for (Map.Entry<String, Value> e : fields.entrySet()) keptFields.put(e.getKey(), e.getValue().symbolicOnly());
        }
        return new Value(symbolic, keptKeys == null ? null : inOrder(keptKeys), keptElements, ownChannels(),
                keptFields == null ? null : java.util.Collections.unmodifiableMap(keptFields));
    }

    public Value map(UnaryOperator<Taint> f) {
        if (isEmptyFact()) {
            return this;
        }
        List<Taint> mapped = taints.stream().map(f).toList();
        LinkedHashMap<Object, Value> mappedKeys = null;
        if (keys != null) {
            mappedKeys = new LinkedHashMap<>();
            for (Map.Entry<Object, Value> e : keys.entrySet()) mappedKeys.put(e.getKey(), e.getValue().map(f));
        }
        List<Value> mappedElements = elements == null ? null : elements.stream().map(e -> e.map(f)).toList();
        Map<String, Value> mappedFields = null;
        if (fields != null) {
            mappedFields = new java.util.TreeMap<>();
            for (Map.Entry<String, Value> e : fields.entrySet()) mappedFields.put(e.getKey(), e.getValue().map(f));
        }
        return new Value(mapped, mappedKeys == null ? null : inOrder(mappedKeys), mappedElements, ownChannels(),
                mappedFields == null ? null : java.util.Collections.unmodifiableMap(mappedFields));
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

    /**
     * Entries in the order they were put: folding them joins their taints in that order, and a join
     * keeps the first {@link #MAX_TAINTS}. ({@code Map.copyOf} iterates in an order drawn anew in each
     * JVM, which made the taints kept, and the count of those dropped, change from run to run.)
     */
    private static Map<Object, Value> inOrder(LinkedHashMap<Object, Value> keys) {
        return java.util.Collections.unmodifiableMap(keys);
    }

    /** The value as a plain scalar: entries and fields folded in, no per-entry or per-field tracking. */
    public Value flat() {
        return foldEntries(this);
    }

    // map entries

    Value put(Object constantKey, Value v) {
        if (keys == null || constantKey == null) {
            return join(v).flat();
        }
        LinkedHashMap<Object, Value> more = new LinkedHashMap<>(keys);
        more.put(constantKey, v);
        return new Value(taints, inOrder(more), null, ownChannels(), fields);
    }

    /**
     * The path element that stands for a map's entry under a constant string key, so that a method
     * reading {@code initData.get("parsedRequest")} from a map it was handed is summarised as reading
     * that entry, and a caller that filled the map under constant keys substitutes only that entry.
     */
    static String entryPath(String key) {
        return "[" + key + "]";
    }

    /** The key an {@link #entryPath} element stands for, or null when {@code pathElement} names a field. */
    private static String entryKey(String pathElement) {
        return pathElement.length() >= 2 && pathElement.startsWith("[") && pathElement.endsWith("]")
                ? pathElement.substring(1, pathElement.length() - 1) : null;
    }

    /**
     * The entry under {@code key} of a map that is a parameter or the receiver, whose entries are
     * not known here: the caller's entry under that key ({@link #entryPath}); real sources held by
     * the map stay themselves.
     */
    Value entryOfCallersMap(String key) {
        Value whole = all();
        if (whole.taints.isEmpty()) {
            return whole;
        }
        return new Value(whole.taints.stream().map(t -> t.origin().isReal() ? t : Value.projected(t, entryPath(key)))
                .toList(), null, null, whole.ownChannels(), null);
    }

    Value get(Object constantKey) {
        if (keys != null && constantKey != null) {
            Value entry = keys.get(constantKey);
            Value whole = new Value(taints, null, null, ownChannels(), null);
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
        return new Value(taints, keys, List.copyOf(more), ownChannels(), fields);
    }

    Value insert(Integer index, Value v) {
        if (elements == null || index == null || index < 0 || index > elements.size()) {
            return add(v).untracked();
        }
        List<Value> more = new ArrayList<>(elements);
        more.add(index, v);
        return new Value(taints, keys, List.copyOf(more), ownChannels(), fields);
    }

    Value set(Integer index, Value v) {
        if (elements == null || index == null || index < 0 || index >= elements.size()) {
            return add(v).untracked();
        }
        List<Value> more = new ArrayList<>(elements);
        more.set(index, v);
        return new Value(taints, keys, List.copyOf(more), ownChannels(), fields);
    }

    Value removeAt(Integer index) {
        if (elements == null || index == null || index < 0 || index >= elements.size()) {
            return untracked();
        }
        List<Value> fewer = new ArrayList<>(elements);
        fewer.remove((int) index);
        return new Value(taints, keys, List.copyOf(fewer), ownChannels(), fields);
    }

    Value elementAt(Integer index) {
        if (elements != null && index != null && index >= 0 && index < elements.size()) {
            return elements.get(index).join(new Value(taints, null, null, ownChannels(), null));
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

    /** Equal in every part: the same taints in the same order, steps included, the same entries, elements, channels and fields. */
    boolean identicalTo(Value other) {
        if (other == this) return true;
        if (!taints.equals(other.taints) || !ownChannels().equals(other.ownChannels())
                || (keys == null) != (other.keys == null) || (elements == null) != (other.elements == null)
                || (fields == null) != (other.fields == null)) {
            return false;
        }
        if (keys != null && !identical(keys, other.keys)) return false;
        if (elements != null) {
            if (elements.size() != other.elements.size()) return false;
            for (int i = 0; i < elements.size(); i++) if (!elements.get(i).identicalTo(other.elements.get(i))) return false;
        }
        return fields == null || identical(fields, other.fields);
    }

    /** The same keys in the same order, each with an {@linkplain #identicalTo identical} value. */
    static <K> boolean identical(Map<K, Value> a, Map<K, Value> b) {
        if (a.size() != b.size()) return false;
        java.util.Iterator<Map.Entry<K, Value>> x = a.entrySet().iterator();
        java.util.Iterator<Map.Entry<K, Value>> y = b.entrySet().iterator();
        while (x.hasNext()) {
            Map.Entry<K, Value> e = x.next();
            Map.Entry<K, Value> f = y.next();
            if (!e.getKey().equals(f.getKey()) || !e.getValue().identicalTo(f.getValue())) return false;
        }
        return true;
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
        if (!fields().keySet().equals(other.fields().keySet())) return false;
        for (String f : fields().keySet()) if (!fields.get(f).sameFacts(other.fields.get(f))) return false;
        return true;
    }

    /**
     * The facts of {@link #sameFacts} as text, the same for values equal as facts whatever their
     * steps and the order their taints were joined in: what a caller's result can depend on, for
     * keys that must stop changing once summaries settle.
     */
    String factsText() {
        StringBuilder out = new StringBuilder();
        taints.stream().map(Taint::factText).sorted().forEach(t -> out.append(t).append(';'));
        ownChannels().stream().map(Channel::toString).distinct().sorted().forEach(c -> out.append(" channel ").append(c));
        if (keys != null) {
            out.append(" keys{");
            keys.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().factsText()).sorted()
                    .forEach(k -> out.append(k).append(','));
            out.append('}');
        }
        if (elements != null) {
            out.append(" elements[");
            elements.forEach(e -> out.append(e.factsText()).append(','));
            out.append(']');
        }
        if (fields != null && !fields.isEmpty()) {
            out.append(" fields{");
            new java.util.TreeMap<>(fields).forEach((f, v) -> out.append(f).append('=').append(v.factsText()).append(','));
            out.append('}');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return taints.stream().map(t -> t.origin().code() + (t.cleared().isEmpty() ? "" : " cleared " + t.cleared())).toList()
                + (keys == null ? "" : " keys " + keys) + (elements == null ? "" : " elements " + elements)
                + (fields == null ? "" : " fields " + fields)
                + (ownChannels().isEmpty() ? "" : " channels " + ownChannels().stream().map(Channel::code).toList());
    }
}
