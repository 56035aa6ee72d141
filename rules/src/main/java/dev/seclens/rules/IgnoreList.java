package dev.seclens.rules;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accepted findings of {@code .seclens/ignored.json}, by fingerprint:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "ignored": [
 *     { "fingerprint": "3f2a...", "rule": "java/weak-hash", "path": "src/main/java/A.java", "reason": "..." }
 *   ]
 * }
 * }</pre>
 *
 * {@code fingerprint} and {@code rule} are required; {@code path} is informational (the
 * fingerprint does not depend on it) and {@code reason} is optional. Unknown fields are rejected,
 * so that a misspelt field does not silently accept nothing.
 */
public final class IgnoreList {
    public static final String DIRECTORY = ".seclens";
    public static final String FILE_NAME = "ignored.json";
    public static final int VERSION = 1;
    public static final IgnoreList EMPTY = new IgnoreList(List.of());

    private static final Set<String> TOP_FIELDS = Set.of("version", "ignored");
    private static final Set<String> ENTRY_FIELDS = Set.of("fingerprint", "rule", "path", "reason");

    /** One accepted finding. */
    public record Entry(String fingerprint, String rule, String path, Optional<String> reason) {
    }

    /** The file is not valid JSON or not in the shape above; the message names file and entry. */
    public static final class InvalidIgnoreFile extends RuntimeException {
        public InvalidIgnoreFile(String message) {
            super(message);
        }
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byFingerprint = new LinkedHashMap<>();

    private IgnoreList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        entries.forEach(e -> byFingerprint.putIfAbsent(e.fingerprint(), e));
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry accepting this finding, if any: same fingerprint and same rule. */
    public Optional<Entry> match(String fingerprint, String ruleId) {
        return Optional.ofNullable(byFingerprint.get(fingerprint)).filter(e -> e.rule().equals(ruleId));
    }

    /** This list plus {@code entry}, unless its fingerprint is already there. */
    public IgnoreList with(Entry entry) {
        if (byFingerprint.containsKey(entry.fingerprint())) {
            return this;
        }
        List<Entry> more = new ArrayList<>(entries);
        more.add(entry);
        return new IgnoreList(more);
    }

    /** {@code text} read as an ignore file; {@code file} names it in error messages. */
    public static IgnoreList parse(String text, String file) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new InvalidIgnoreFile(file + ": not valid JSON: " + JsonProblems.describe(e));
        }
        if (root.isJsonNull()) {
            return EMPTY; // an empty file
        }
        if (!root.isJsonObject()) {
            throw new InvalidIgnoreFile(file + ": expected an object with \"version\" and \"ignored\"");
        }
        JsonObject object = root.getAsJsonObject();
        for (String key : object.keySet()) {
            if (!TOP_FIELDS.contains(key)) {
                throw new InvalidIgnoreFile(file + ": unknown field \"" + key + "\" (expected version, ignored)");
            }
        }
        if (object.has("version") && !(object.get("version").isJsonPrimitive()
                && object.get("version").getAsJsonPrimitive().isNumber()
                && object.get("version").getAsInt() == VERSION)) {
            throw new InvalidIgnoreFile(file + ": unsupported version " + object.get("version") + " (expected 1)");
        }
        JsonElement ignored = object.get("ignored");
        if (ignored == null || ignored.isJsonNull()) {
            return EMPTY;
        }
        if (!ignored.isJsonArray()) {
            throw new InvalidIgnoreFile(file + ": \"ignored\" must be an array");
        }
        List<Entry> entries = new ArrayList<>();
        JsonArray array = ignored.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            String where = file + ": entry " + (i + 1);
            if (!array.get(i).isJsonObject()) {
                throw new InvalidIgnoreFile(where + ": expected an object");
            }
            JsonObject e = array.get(i).getAsJsonObject();
            for (String key : e.keySet()) {
                if (!ENTRY_FIELDS.contains(key)) {
                    throw new InvalidIgnoreFile(where + ": unknown field \"" + key
                            + "\" (expected fingerprint, rule, path, reason)");
                }
            }
            String fingerprint = string(e, "fingerprint", where, true);
            String rule = string(e, "rule", where, true);
            entries.add(new Entry(fingerprint, rule, string(e, "path", where, false),
                    Optional.ofNullable(string(e, "reason", where, false)).filter(r -> !r.isBlank())));
        }
        return new IgnoreList(entries);
    }

    private static String string(JsonObject entry, String field, String where, boolean required) {
        JsonElement value = entry.get(field);
        if (value == null || value.isJsonNull()) {
            if (required) {
                throw new InvalidIgnoreFile(where + ": missing \"" + field + "\"");
            }
            return field.equals("path") ? "" : null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new InvalidIgnoreFile(where + ": \"" + field + "\" must be a string");
        }
        return value.getAsString();
    }

    /** The file's text: pretty-printed, entries in the order they were added, ending with a newline. */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("version", VERSION);
        JsonArray array = new JsonArray();
        for (Entry entry : entries) {
            JsonObject o = new JsonObject();
            o.addProperty("fingerprint", entry.fingerprint());
            o.addProperty("rule", entry.rule());
            o.addProperty("path", entry.path());
            entry.reason().ifPresent(r -> o.addProperty("reason", r));
            array.add(o);
        }
        root.add("ignored", array);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }
}
