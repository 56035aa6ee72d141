package dev.seclens.rules.config;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.JsonProblems;
import dev.seclens.rules.Severity;
import dev.seclens.rules.taint.TaintSpecs;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code .seclens.json} and the editor's {@code seclens} settings, strictly: malformed JSON,
 * unknown or repeated fields, wrong types, unknown rule ids, bad severities and confidences are
 * errors naming the problem and where it is. A rule's value is {@code true}/{@code false},
 * {@code "on"}/{@code "off"}, a severity, or {@code {"enabled": ..., "severity": ...}}, as in the
 * VS Code client's settings.
 */
public final class ConfigurationParser {
    static final Set<String> FILE_FIELDS =
            Set.of("rules", "minimumConfidence", "include", "exclude", "testCode", "taintSpecs", "advisories",
                    "analysisTimeoutMs", "maxFileSize", "threatModels");
    /** Bounds that keep a typo from turning the budgets off or making every file too large. */
    static final long MAX_TIMEOUT_MILLIS = 600_000;
    static final long MIN_FILE_SIZE = 1024;
    private static final Pattern LOCATION = Pattern.compile("at line (\\d+) column (\\d+)");

    private final Set<String> ruleIds;
    private final Predicate<String> taintSpecExists;
    private final Predicate<String> advisoriesExist;

    /** @param ruleIds the ids of the rules the configuration may name */
    public ConfigurationParser(Collection<String> ruleIds) {
        this(ruleIds, path -> true);
    }

    /**
     * @param taintSpecExists whether a {@code taintSpecs} entry names an existing file; the caller
     *                        resolves it (this module does no file I/O)
     */
    public ConfigurationParser(Collection<String> ruleIds, Predicate<String> taintSpecExists) {
        this(ruleIds, taintSpecExists, path -> true);
    }

    /**
     * @param advisoriesExist whether an {@code advisories} entry names an existing file or folder;
     *                        the caller resolves it
     */
    public ConfigurationParser(Collection<String> ruleIds, Predicate<String> taintSpecExists,
            Predicate<String> advisoriesExist) {
        this.ruleIds = new TreeSet<>(ruleIds);
        this.taintSpecExists = taintSpecExists;
        this.advisoriesExist = advisoriesExist;
    }

    /** Parses a {@code .seclens.json}; {@code source} names it in messages. */
    public Configuration parseFile(String text, String source) throws ConfigurationException {
        Fields fields = read(text, source, true, false);
        return new Configuration(fields.rules, fields.minimumConfidence, fields.include, fields.exclude,
                fields.testCode, fields.taintSpecs, fields.advisories, fields.analysisTimeoutMillis, fields.maxFileSize,
                fields.threatModels);
    }

    /**
     * Parses the {@code seclens} settings section (JSON text of the object an editor sent; JSON
     * {@code null} means none). Only {@code enable}, {@code rules}, {@code minimumConfidence},
     * {@code threatModels}, the budgets and {@code advisories} are server settings; other keys are listed in {@link EditorSettings#ignored()}.
     */
    public EditorSettings parseSettings(String json) throws ConfigurationException {
        if (json == null || json.isBlank() || json.trim().equals("null")) {
            return EditorSettings.DEFAULT;
        }
        Fields fields = read(json, "seclens settings", false, true);
        return new EditorSettings(fields.enable, fields.rules, fields.minimumConfidence, fields.ignored, fields.advisories,
                fields.analysisTimeoutMillis, fields.maxFileSize, fields.threatModels);
    }

    private static final class Fields {
        boolean enable = true;
        Map<String, RuleSetting> rules = new TreeMap<>();
        Optional<Confidence> minimumConfidence = Optional.empty();
        List<String> include = List.of();
        List<String> exclude = List.of();
        List<String> testCode = List.of();
        List<String> taintSpecs = List.of();
        List<String> advisories = List.of();
        List<String> ignored = new ArrayList<>();
        OptionalLong analysisTimeoutMillis = OptionalLong.empty();
        OptionalLong maxFileSize = OptionalLong.empty();
        Set<String> threatModels = Set.of();
    }

    private Fields read(String text, String source, boolean withPositions, boolean settings)
            throws ConfigurationException {
        Reader r = new Reader(text, source, withPositions);
        try {
            Fields fields = new Fields();
            r.expect(JsonToken.BEGIN_OBJECT, "the configuration must be a JSON object");
            r.in.beginObject();
            Set<String> seen = new HashSet<>();
            while (r.in.hasNext()) {
                String at = r.here();
                String name = r.in.nextName();
                if (!seen.add(name)) {
                    throw r.error(at, "\"" + name + "\" appears twice");
                }
                String field = settings ? settingsField(name) : FILE_FIELDS.contains(name) ? name : "?";
                switch (field) {
                    case "enable" -> fields.enable = r.bool("true or false");
                    case "rules" -> fields.rules = rules(r);
                    case "minimumConfidence" -> fields.minimumConfidence = Optional.of(confidence(r));
                    case "include" -> fields.include = globs(r);
                    case "exclude" -> fields.exclude = globs(r);
                    case "testCode" -> fields.testCode = globs(r);
                    case "taintSpecs" -> fields.taintSpecs = taintSpecs(r);
                    case "advisories" -> fields.advisories = advisories(r);
                    case "editorAdvisories" -> fields.advisories = List.copyOf(r.strings().values());
                    case "analysisTimeoutMs" -> fields.analysisTimeoutMillis =
                            OptionalLong.of(r.whole("milliseconds", 1, MAX_TIMEOUT_MILLIS));
                    case "maxFileSize" -> fields.maxFileSize = OptionalLong.of(r.whole("bytes", MIN_FILE_SIZE, Long.MAX_VALUE));
                    case "threatModels" -> fields.threatModels = threatModels(r, at, settings);
                    case "" -> {
                        fields.ignored.add(name);
                        r.in.skipValue();
                    }
                    case "startup" -> r.in.skipValue(); // the server reads it from initializationOptions
                    default -> throw r.error(at, "unknown field \"" + name + "\" (known: "
                            + String.join(", ", new TreeSet<>(FILE_FIELDS)) + ")");
                }
            }
            r.in.endObject();
            r.end();
            return fields;
        } catch (IOException | IllegalStateException e) {
            throw r.malformed(e);
        }
    }

    private static String settingsField(String name) {
        return switch (name) {
            case "enable", "rules", "minimumConfidence", "analysisTimeoutMs", "maxFileSize", "threatModels" -> name;
            case "advisories" -> "editorAdvisories";
            case "analysisThreads", "workspaceScan" -> "startup";
            default -> "";
        };
    }

    private Map<String, RuleSetting> rules(Reader r) throws IOException, ConfigurationException {
        r.expect(JsonToken.BEGIN_OBJECT, "\"rules\" must be an object keyed by rule id");
        Map<String, RuleSetting> rules = new TreeMap<>();
        r.in.beginObject();
        while (r.in.hasNext()) {
            String at = r.here();
            String id = r.in.nextName();
            if (!ruleIds.contains(id)) {
                throw r.error(at, "unknown rule \"" + id + "\" (known: " + String.join(", ", ruleIds) + ")");
            }
            if (rules.containsKey(id)) {
                throw r.error(at, "rule \"" + id + "\" appears twice");
            }
            rules.put(id, ruleSetting(r, id));
        }
        r.in.endObject();
        return rules;
    }

    private static RuleSetting ruleSetting(Reader r, String id) throws IOException, ConfigurationException {
        String expected = "true, false, \"on\", \"off\", a severity (" + severities()
                + ") or {\"enabled\": ..., \"severity\": ...}";
        String at = r.here();
        JsonToken token = r.in.peek();
        if (token == JsonToken.BOOLEAN) {
            return new RuleSetting(r.in.nextBoolean(), Optional.empty());
        }
        if (token == JsonToken.STRING) {
            String value = r.in.nextString();
            String word = value.trim().toLowerCase(Locale.ROOT);
            if (word.equals("on")) {
                return new RuleSetting(true, Optional.empty());
            }
            if (word.equals("off")) {
                return RuleSetting.off();
            }
            return RuleSetting.on(Severity.parse(value).orElseThrow(
                    () -> r.error(at, "bad value \"" + value + "\" for rule " + id + ": expected " + expected)));
        }
        if (token != JsonToken.BEGIN_OBJECT) {
            throw r.error(at, "bad value for rule " + id + ": expected " + expected + ", found " + r.describe(token));
        }
        boolean enabled = true;
        Optional<Severity> severity = Optional.empty();
        Optional<String> minimumLevel = Optional.empty();
        Set<String> seen = new HashSet<>();
        r.in.beginObject();
        while (r.in.hasNext()) {
            String fieldAt = r.here();
            String name = r.in.nextName();
            if (!seen.add(name)) {
                throw r.error(fieldAt, "\"" + name + "\" appears twice");
            }
            switch (name) {
                case "enabled" -> enabled = r.bool("true or false");
                case "severity" -> severity = Optional.of(severity(r));
                case "minimumLevel" -> {
                    if (!id.equals(RuleSetting.LOG_INJECTION)) {
                        throw r.error(fieldAt, "\"minimumLevel\" is a setting of " + RuleSetting.LOG_INJECTION
                                + " only (known for " + id + ": enabled, severity)");
                    }
                    String valueAt = r.here();
                    String level = r.string("a log level (" + String.join(", ", TaintSpecs.LOG_LEVELS) + ")");
                    if (!TaintSpecs.LOG_LEVELS.contains(level)) {
                        throw r.error(valueAt, "bad log level \"" + level + "\" (use "
                                + String.join(", ", TaintSpecs.LOG_LEVELS) + ")");
                    }
                    minimumLevel = Optional.of(level);
                }
                default -> throw r.error(fieldAt, "unknown field \"" + name + "\" for rule " + id
                        + (id.equals(RuleSetting.LOG_INJECTION) ? " (known: enabled, severity, minimumLevel)"
                        : " (known: enabled, severity)"));
            }
        }
        r.in.endObject();
        return new RuleSetting(enabled, severity, minimumLevel);
    }

    /**
     * A list of threat model names, not empty in a file; in the editor's settings an empty list is an
     * array setting left at its default, so it leaves the file's threat models in force.
     */
    private static Set<String> threatModels(Reader r, String at, boolean settings)
            throws IOException, ConfigurationException {
        Set<String> models = new LinkedHashSet<>();
        for (Map.Entry<String, String> entry : r.strings().entrySet()) {
            if (!TaintSpecs.THREAT_MODELS.contains(entry.getValue())) {
                throw r.error(entry.getKey(), "unknown threat model \"" + entry.getValue() + "\" (known: "
                        + String.join(", ", TaintSpecs.THREAT_MODELS) + ")");
            }
            models.add(entry.getValue());
        }
        if (models.isEmpty() && !settings) {
            throw r.error(at, "\"threatModels\" lists at least one threat model (known: "
                    + String.join(", ", TaintSpecs.THREAT_MODELS) + ")");
        }
        return models;
    }

    private static Severity severity(Reader r) throws IOException, ConfigurationException {
        String at = r.here();
        String value = r.string("a severity (" + severities() + ")");
        return Severity.parse(value).orElseThrow(
                () -> r.error(at, "bad severity \"" + value + "\" (use " + severities() + ")"));
    }

    private static Confidence confidence(Reader r) throws IOException, ConfigurationException {
        String at = r.here();
        String value = r.string("a confidence (low, medium, high)");
        for (Confidence c : Confidence.values()) {
            if (c.label().equalsIgnoreCase(value.trim())) {
                return c;
            }
        }
        throw r.error(at, "bad confidence \"" + value + "\" (use low, medium, high)");
    }

    private static List<String> globs(Reader r) throws IOException, ConfigurationException {
        List<String> globs = new ArrayList<>();
        for (Map.Entry<String, String> entry : r.strings().entrySet()) {
            try {
                Glob.compile(entry.getValue());
            } catch (IllegalArgumentException e) {
                throw r.error(entry.getKey(), "bad pattern \"" + entry.getValue() + "\": " + e.getMessage());
            }
            globs.add(entry.getValue());
        }
        return globs;
    }

    private List<String> taintSpecs(Reader r) throws IOException, ConfigurationException {
        return relativePaths(r, "taint specification", path ->
                !path.toLowerCase(Locale.ROOT).endsWith(".json") ? "a taint specification is a .json file"
                        : !taintSpecExists.test(path) ? "no such file" : null);
    }

    private List<String> advisories(Reader r) throws IOException, ConfigurationException {
        return relativePaths(r, "advisories path", path -> advisoriesExist.test(path) ? null : "no such file or folder");
    }

    /**
     * A list of paths relative to the configuration's folder; {@code problem} gives what else is
     * wrong with one (null when nothing), and an error names the entry as a bad {@code what}.
     */
    private static List<String> relativePaths(Reader r, String what, Function<String, String> problem)
            throws IOException, ConfigurationException {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, String> entry : r.strings().entrySet()) {
            String path = entry.getValue();
            String wrong;
            try {
                if (path.isBlank()) {
                    wrong = "an empty path";
                } else if (Path.of(path).isAbsolute() || path.startsWith("/") || path.startsWith("\\")) {
                    wrong = "must be relative to the folder of the configuration file";
                } else if (Path.of(path).normalize().startsWith("..")) {
                    // a repository's configuration must not make SecLens read its parent folders
                    wrong = "must stay inside the folder of the configuration file";
                } else {
                    wrong = problem.apply(path);
                }
            } catch (InvalidPathException e) {
                wrong = "not a valid path (" + e.getReason() + ")";
            }
            if (wrong != null) {
                throw r.error(entry.getKey(), "bad " + what + " \"" + path + "\": " + wrong);
            }
            paths.add(path);
        }
        return paths;
    }

    private static String severities() {
        StringBuilder s = new StringBuilder();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            s.append(Severity.values()[i].label()).append(i > 0 ? ", " : "");
        }
        return s.toString();
    }

    /** The JSON reader plus what is needed to say where a problem is. */
    private static final class Reader {
        final JsonReader in;
        private final String text;
        private final String source;
        private final boolean withPositions;

        Reader(String text, String source, boolean withPositions) {
            this.text = text;
            this.source = source;
            this.withPositions = withPositions;
            this.in = new JsonReader(new StringReader(text));
            in.setStrictness(Strictness.STRICT);
        }

        void expect(JsonToken token, String message) throws IOException, ConfigurationException {
            String at = here();
            JsonToken actual = in.peek();
            if (actual != token) {
                throw error(at, message + ", found " + describe(actual));
            }
        }

        boolean bool(String expected) throws IOException, ConfigurationException {
            String at = here();
            JsonToken token = in.peek();
            if (token != JsonToken.BOOLEAN) {
                throw error(at, "expected " + expected + ", found " + describe(token));
            }
            return in.nextBoolean();
        }

        /** A whole number from {@code min} to {@code max}, in {@code unit}. */
        long whole(String unit, long min, long max) throws IOException, ConfigurationException {
            String at = here();
            JsonToken token = in.peek();
            String expected = "a whole number of " + unit + " from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max);
            if (token != JsonToken.NUMBER) {
                throw error(at, "expected " + expected + ", found " + describe(token));
            }
            String value = in.nextString();
            try {
                long number = Long.parseLong(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // a fraction, an exponent or too many digits: the same answer as out of range
            }
            throw error(at, "bad value " + value + ": expected " + expected);
        }

        String string(String expected) throws IOException, ConfigurationException {
            String at = here();
            JsonToken token = in.peek();
            if (token != JsonToken.STRING) {
                throw error(at, "expected " + expected + ", found " + describe(token));
            }
            return in.nextString();
        }

        /** An array of strings, each keyed by where it is. */
        Map<String, String> strings() throws IOException, ConfigurationException {
            String at = here();
            String field = in.getPath();
            JsonToken token = in.peek();
            if (token != JsonToken.BEGIN_ARRAY) {
                throw error(at, "expected a list of strings for " + field + ", found " + describe(token));
            }
            Map<String, String> values = new java.util.LinkedHashMap<>();
            in.beginArray();
            while (in.hasNext()) {
                values.put(here(), string("a string"));
            }
            in.endArray();
            return values;
        }

        String describe(JsonToken token) throws IOException {
            return switch (token) {
                case BEGIN_OBJECT -> "an object";
                case BEGIN_ARRAY -> "a list";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "true or false";
                case NULL -> "null";
                default -> token.toString().toLowerCase(Locale.ROOT);
            };
        }

        /**
         * Where the next token starts: "line:column (at $.path)" for a file, the JSON path for
         * settings. Gson reports the position just after a token's first character for strings,
         * names, objects and lists, and after the whole token for literals; both are walked back.
         */
        String here() throws IOException {
            JsonToken token = in.peek();
            String path = in.getPath();
            if (token == JsonToken.NAME) {
                path = path.substring(0, path.lastIndexOf('.')); // Gson shows the previous name, or "$."
            }
            if (!withPositions) {
                return path;
            }
            Matcher m = LOCATION.matcher(in.toString());
            if (!m.find()) {
                return path;
            }
            int line = Integer.parseInt(m.group(1));
            int column = Integer.parseInt(m.group(2));
            int offset = offsetOf(line, column);
            if (offset > 0 && offset <= text.length()) {
                char before = text.charAt(offset - 1);
                if (before == '"' || before == '{' || before == '[') {
                    column--;
                } else if (isLiteralChar(before)) {
                    while (offset > 0 && isLiteralChar(text.charAt(offset - 1))) {
                        offset--;
                        column--;
                    }
                }
            }
            return line + ":" + column + " (at " + path + ")";
        }

        private static boolean isLiteralChar(char c) {
            return Character.isLetterOrDigit(c) || c == '-' || c == '+' || c == '.';
        }

        private int offsetOf(int line, int column) {
            int offset = 0;
            for (int l = 1; l < line && offset >= 0; l++) {
                offset = text.indexOf('\n', offset) + 1;
                if (offset == 0) {
                    return -1;
                }
            }
            return offset + column - 1;
        }

        ConfigurationException error(String where, String problem) {
            boolean position = !where.isEmpty() && Character.isDigit(where.charAt(0));
            return new ConfigurationException(source + (position ? ":" : ": ") + where + ": " + problem);
        }

        /** Nothing but white space may follow the object; strict Gson refuses a second value itself. */
        void end() throws ConfigurationException {
            String problem = "unexpected content after the configuration object";
            try {
                if (in.peek() != JsonToken.END_DOCUMENT) {
                    throw error(here(), problem);
                }
            } catch (IOException e) {
                Matcher m = LOCATION.matcher(String.valueOf(e.getMessage()));
                throw withPositions && m.find()
                        ? error(m.group(1) + ":" + Math.max(1, Integer.parseInt(m.group(2)) - 1), problem)
                        : new ConfigurationException(source + ": " + problem);
            }
        }

        ConfigurationException malformed(Exception e) {
            JsonProblems.Problem problem = JsonProblems.of(e);
            if (problem.placed() && withPositions) {
                return new ConfigurationException(source + ":" + problem.line() + ":" + problem.column()
                        + ": malformed JSON: " + problem.what());
            }
            return new ConfigurationException(source + ": malformed JSON: " + problem.what());
        }
    }
}
