package dev.seclens.rules.taint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.seclens.rules.SourceRange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file's summaries as JSON, for caches between runs. Values are stored flat (per-key and
 * per-position detail is not kept across runs) except for the fields of a method's return value
 * and of what it stores in its object, which callers tell apart, and the positions of what a method
 * passes to a function parameter; anything unreadable is simply not there.
 */
public final class SummaryCodec {
    private static final Gson GSON = new Gson();

    private SummaryCodec() {
    }

    public static String encode(WorkspaceSummaries.Entry entry) {
        List<ClassSummary> flat = entry.classes().stream().map(SummaryCodec::asKept).toList();
        return GSON.toJson(new WorkspaceSummaries.Entry(entry.hash(), flat, entry.mentions(), entry.calls(),
                entry.statements()));
    }

    /** A class's summary as the cache keeps it, and as a later run {@linkplain #decode decodes} it. */
    static ClassSummary asKept(ClassSummary c) {
        return new ClassSummary(c.name(), c.file(),
                c.supertypes(), c.isInterface(), c.test(), c.methods().stream().map(m -> new MethodSummary(m.owner(), m.name(),
                        m.parameterTypes(), m.returnType(), m.isStatic(), m.isConstructor(), m.file(), m.line(), m.returns().keepingFields(),
                        m.intoReceiver().keepingFields(), m.reaches(), m.validates(), flat(m.thrown()),
                        keepingPositions(m.callbacks()), keepingFields(m.intoParameters()), m.lookupKey())).toList(),
                flat(c.staticWrites()), c.constants(), c.functionParameters(), c.functionTypes(),
                c.freeMarkerSetups(), c.fieldTypes(), c.ownToString());
    }

    private static java.util.Map<String, Value> flat(java.util.Map<String, Value> values) {
        java.util.Map<String, Value> out = new java.util.HashMap<>();
        values.forEach((k, v) -> out.put(k, v.flat()));
        return out;
    }

    /** What a method puts into its parameters' objects, field by field as the caller's objects keep it. */
    private static java.util.Map<Integer, Value> keepingFields(java.util.Map<Integer, Value> values) {
        java.util.Map<Integer, Value> out = new java.util.HashMap<>();
        values.forEach((k, v) -> out.put(k, v.keepingFields()));
        return out;
    }

    private static java.util.Map<Integer, Value> keepingPositions(java.util.Map<Integer, Value> values) {
        java.util.Map<Integer, Value> out = new java.util.HashMap<>();
        values.forEach((k, v) -> out.put(k, v.keepingPositions())); // a lambda's parameters each get their own
        return out;
    }

    public static Optional<WorkspaceSummaries.Entry> decode(String json) {
        return decode(json, GSON);
    }

    /**
     * Decodes entries for one scan, sharing equal flow steps, origins and taints between them: in
     * memory, a caller's summary shares the steps of its callees' flows, which the JSON of each file
     * repeats in full, so a warm scan that decodes every file of a large tree (the JDK's) would
     * otherwise hold each step once per summary quoting it, and outgrow the heap the cold scan needed.
     * Thread-safe; let go with the scan.
     */
    public static final class Decoder {
        private final Map<Object, Object> shared = new ConcurrentHashMap<>();
        private final Gson gson = new GsonBuilder().registerTypeAdapterFactory(new TypeAdapterFactory() {
            @Override
            public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
                Class<? super T> raw = type.getRawType();
                if (raw != Step.class && raw != Origin.class && raw != Taint.class && raw != SourceRange.class) {
                    return null;
                }
                TypeAdapter<T> plain = gson.getDelegateAdapter(this, type);
                return new TypeAdapter<T>() {
                    @Override
                    public void write(JsonWriter out, T value) throws IOException {
                        plain.write(out, value);
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public T read(JsonReader in) throws IOException {
                        T value = plain.read(in);
                        return value == null ? null : (T) shared.computeIfAbsent(value, v -> v);
                    }
                };
            }
        }).create();

        public Optional<WorkspaceSummaries.Entry> decode(String json) {
            return SummaryCodec.decode(json, gson);
        }
    }

    private static Optional<WorkspaceSummaries.Entry> decode(String json, Gson gson) {
        try {
            WorkspaceSummaries.Entry entry = gson.fromJson(json, WorkspaceSummaries.Entry.class);
            return Optional.ofNullable(entry).filter(e -> e.classes() != null && e.mentions() != null && e.calls() != null);
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
