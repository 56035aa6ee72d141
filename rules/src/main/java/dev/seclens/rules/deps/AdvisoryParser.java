package dev.seclens.rules.deps;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.seclens.rules.Severity;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OSV JSON (one advisory, or an array of them, per file) strictly: a field outside the OSV
 * schema, a missing id or a value of the wrong type makes that advisory an error naming the file
 * and the entry; the file's other advisories are still read. Only {@code Maven} packages and
 * {@code ECOSYSTEM} ranges are kept; withdrawn advisories are dropped.
 */
public final class AdvisoryParser {
    private static final Set<String> ADVISORY_FIELDS = Set.of("schema_version", "id", "modified", "published",
            "withdrawn", "aliases", "upstream", "related", "summary", "details", "severity", "affected", "references",
            "credits", "database_specific");
    private static final Set<String> AFFECTED_FIELDS = Set.of("package", "severity", "ranges", "versions",
            "ecosystem_specific", "database_specific");
    private static final Set<String> PACKAGE_FIELDS = Set.of("ecosystem", "name", "purl");
    private static final Set<String> RANGE_FIELDS = Set.of("type", "repo", "events", "database_specific");
    private static final Set<String> EVENT_FIELDS = Set.of("introduced", "fixed", "last_affected", "limit");

    /** The advisories read, and one message per advisory (or file) that could not be read. */
    public record Parsed(List<Advisory> advisories, List<String> problems) {
        public Parsed {
            advisories = List.copyOf(advisories);
            problems = List.copyOf(problems);
        }
    }

    /** Thrown with the path inside the advisory where it breaks the schema. */
    private static final class InvalidAdvisory extends RuntimeException {
        InvalidAdvisory(String message) {
            super(message, null, false, false);
        }
    }

    private AdvisoryParser() {
    }

    /** @param source the file's name, for messages */
    public static Parsed parse(String source, String json) {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
        } catch (JsonParseException | StackOverflowError e) {
            return new Parsed(List.of(), List.of(source + ": not valid JSON: " + dev.seclens.rules.JsonProblems.describe(e)));
        }
        List<Advisory> advisories = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (root.isJsonArray()) {
            JsonArray array = root.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                read(source + " [" + i + "]", array.get(i), advisories, problems);
            }
        } else {
            read(source, root, advisories, problems);
        }
        return new Parsed(advisories, problems);
    }

    private static void read(String where, JsonElement element, List<Advisory> advisories, List<String> problems) {
        try {
            advisory(object(element, "advisory")).ifPresent(advisories::add);
        } catch (InvalidAdvisory e) {
            // named by file and position only: a file that is not an advisory may hold a secret in "id"
            problems.add(where + ": " + e.getMessage());
        }
    }

    private static Optional<Advisory> advisory(JsonObject json) {
        checkFields(json, ADVISORY_FIELDS, "");
        String id = string(json, "id", "");
        if (id.isBlank()) {
            throw new InvalidAdvisory("\"id\" is empty");
        }
        if (json.has("withdrawn")) {
            return Optional.empty();
        }
        List<String> aliases = strings(json, "aliases", "");
        String summary = json.has("summary") ? string(json, "summary", "") : "";
        List<Advisory.Affected> affected = new ArrayList<>();
        JsonArray entries = array(json, "affected", "");
        for (int i = 0; i < entries.size(); i++) {
            affected(object(entries.get(i), "affected[" + i + "]"), "affected[" + i + "]").ifPresent(affected::add);
        }
        return Optional.of(new Advisory(id, aliases, summary, severity(json), affected));
    }

    private static Optional<Advisory.Affected> affected(JsonObject json, String path) {
        checkFields(json, AFFECTED_FIELDS, path);
        JsonObject pkg = object(json.get("package"), path + ".package");
        checkFields(pkg, PACKAGE_FIELDS, path + ".package");
        String ecosystem = string(pkg, "ecosystem", path + ".package");
        String name = string(pkg, "name", path + ".package");
        if (!ecosystem.equals("Maven")) {
            return Optional.empty();
        }
        if (name.indexOf(':') <= 0 || name.indexOf(':') != name.lastIndexOf(':')) {
            throw new InvalidAdvisory(path + ".package.name: a Maven package is \"group:artifact\", not \"" + name + "\"");
        }
        List<Advisory.Range> ranges = new ArrayList<>();
        JsonArray rangeArray = json.has("ranges") ? array(json, "ranges", path) : new JsonArray();
        for (int i = 0; i < rangeArray.size(); i++) {
            String at = path + ".ranges[" + i + "]";
            JsonObject range = object(rangeArray.get(i), at);
            checkFields(range, RANGE_FIELDS, at);
            String type = string(range, "type", at);
            if (type.equals("ECOSYSTEM") || type.equals("SEMVER")) {
                ranges.add(range(array(range, "events", at), at));
            }
        }
        Set<String> versions = new LinkedHashSet<>(strings(json, "versions", path));
        if (ranges.isEmpty() && versions.isEmpty()) {
            throw new InvalidAdvisory(path + ": neither an ECOSYSTEM range nor a version list");
        }
        return Optional.of(new Advisory.Affected(name, ranges, versions));
    }

    private static Advisory.Range range(JsonArray events, String path) {
        List<Advisory.Event> result = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String at = path + ".events[" + i + "]";
            JsonObject event = object(events.get(i), at);
            checkFields(event, EVENT_FIELDS, at);
            if (event.size() != 1) {
                throw new InvalidAdvisory(at + ": an event has exactly one of introduced, fixed, last_affected, limit");
            }
            String field = event.keySet().iterator().next();
            String version = string(event, field, at);
            if (version.isBlank()) {
                throw new InvalidAdvisory(at + "." + field + " is empty");
            }
            switch (field) {
                case "introduced" -> result.add(new Advisory.Event(Advisory.EventKind.INTRODUCED,
                        version.equals("0") ? Optional.empty() : Optional.of(MavenVersion.of(version))));
                case "fixed" -> result.add(new Advisory.Event(Advisory.EventKind.FIXED, Optional.of(MavenVersion.of(version))));
                case "last_affected" -> result.add(new Advisory.Event(Advisory.EventKind.LAST_AFFECTED,
                        Optional.of(MavenVersion.of(version))));
                default -> { } // "limit" bounds git commit ranges only
            }
        }
        if (result.stream().noneMatch(e -> e.kind() == Advisory.EventKind.INTRODUCED)) {
            throw new InvalidAdvisory(path + ": no \"introduced\" event");
        }
        return new Advisory.Range(result);
    }

    /** {@code database_specific.severity} as GitHub writes it, else the first CVSS v3 vector. */
    private static Optional<Severity> severity(JsonObject json) {
        if (json.get("database_specific") instanceof JsonObject specific
                && specific.get("severity") != null && specific.get("severity").isJsonPrimitive()) {
            JsonElement s = specific.get("severity");
            String label = s.getAsString().toUpperCase(Locale.ROOT);
            Optional<Severity> parsed = label.equals("MODERATE") ? Optional.of(Severity.MEDIUM) : Severity.parse(label);
            if (parsed.isEmpty()) {
                throw new InvalidAdvisory("database_specific.severity: unknown severity \"" + s.getAsString() + "\"");
            }
            return parsed;
        }
        if (json.has("severity")) {
            JsonArray scores = array(json, "severity", "");
            for (int i = 0; i < scores.size(); i++) {
                JsonObject score = object(scores.get(i), "severity[" + i + "]");
                String type = string(score, "type", "severity[" + i + "]");
                if (type.startsWith("CVSS_V3")) {
                    String at = "severity[" + i + "].score";
                    String vector = string(score, "score", "severity[" + i + "]");
                    return Optional.of(CvssV3.severity(vector).orElseThrow(() -> new InvalidAdvisory(
                            at + ": not a CVSS v3 vector: \"" + vector + "\"")));
                }
            }
        }
        return Optional.empty();
    }

    private static void checkFields(JsonObject json, Set<String> known, String path) {
        for (String field : json.keySet()) {
            if (!known.contains(field)) {
                throw new InvalidAdvisory((path.isEmpty() ? "" : path + ": ") + "unknown field \"" + field + "\"");
            }
        }
    }

    private static JsonObject object(JsonElement element, String path) {
        if (element == null || !element.isJsonObject()) {
            throw new InvalidAdvisory(path + " must be an object");
        }
        return element.getAsJsonObject();
    }

    private static JsonArray array(JsonObject json, String field, String path) {
        JsonElement element = json.get(field);
        if (element == null || !element.isJsonArray()) {
            throw new InvalidAdvisory(qualified(path, field) + " must be an array");
        }
        return element.getAsJsonArray();
    }

    private static String string(JsonObject json, String field, String path) {
        JsonElement element = json.get(field);
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new InvalidAdvisory(qualified(path, field) + " must be a string");
        }
        return element.getAsString();
    }

    private static List<String> strings(JsonObject json, String field, String path) {
        if (!json.has(field)) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        JsonArray array = array(json, field, path);
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                throw new InvalidAdvisory(qualified(path, field) + "[" + i + "] must be a string");
            }
            result.add(element.getAsString());
        }
        return result;
    }

    private static String qualified(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
