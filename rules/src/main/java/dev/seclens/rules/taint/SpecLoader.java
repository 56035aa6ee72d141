package dev.seclens.rules.taint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import dev.seclens.rules.Confidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads taint specification files strictly: an unknown field, an unparsable signature, an unknown
 * taint kind or an entry that repeats another (in this file or an earlier one) fails the load with
 * the file and the entry named, so a typo never silently disables a sink.
 */
public final class SpecLoader {
    /** The specification files shipped in this module, one per API family. */
    public static final List<String> BUILT_IN = List.of("servlet", "spring-web", "jax-rs", "jdbc",
            "jpa-hibernate", "spring-jdbc", "process", "io-files", "ldap", "xpath", "url-net", "logging",
            "xss", "scripting", "reflection", "strings", "collections", "encoders", "environment", "http-clients", "jndi",
            "templates", "web-frameworks", "text-libraries", "wiki-macros", "jsp-tags", "bean-validation", "vertx",
            "undertow", "sling", "spring-resources", "spring-boot", "jenkins", "public-api", "archives", "jwt");

    private static final Set<String> FILE_FIELDS = Set.of("supertypes", "returns", "sources", "sinks", "sanitizers",
            "propagators", "neutrals", "handlerReturns");
    private static final Set<String> NEUTRAL_FIELDS = Set.of("method");
    private static final Set<String> HANDLER_RETURN_FIELDS = Set.of("annotation", "implementationOf", "kind", "label",
            "startsWith", "notStartsWith", "returnTypes", "produces", "htmlBody", "bodyAnnotations",
            "unlessBodyAnnotations");
    private static final Set<String> SOURCE_FIELDS = Set.of("method", "parameterAnnotation", "handlerAnnotation",
            "mainArguments", "setterOf", "implementationOf", "parameters", "boundByAnnotation", "publicApi", "except",
            "label", "confidence", "safeFor", "threatModel", "kind", "lookupKey");
    private static final Set<String> SINK_FIELDS = Set.of("method", "args", "kind", "receiverFrom", "destinationArg",
            "whenArgEquals", "whenArgStartsWith", "whenArgType", "unlessArgType", "label", "level", "levelArg",
            "levelConstants");
    private static final Set<String> SANITIZER_FIELDS = Set.of("method", "kinds", "validates");
    private static final Set<String> PROPAGATOR_FIELDS = Set.of("method", "from", "to");
    private static final java.util.regex.Pattern ENDPOINT = java.util.regex.Pattern.compile("receiver|return|args|arg\\d+");

    /** In a sink's {@code args}, the object the method is called on: {@code url.openStream()}. */
    static final int RECEIVER = -1;

    private final Set<String> kinds;
    private final Map<String, String> seen = new HashMap<>();
    /** The kinds some source claims as its own, and where those sources are: see {@link #specs()}. */
    private final Set<String> ownKinds = new LinkedHashSet<>();
    private final Set<String> sourcesOfOwnKind = new HashSet<>();
    private final List<TaintSpecs> loaded = new ArrayList<>();
    private final MessageDigest digest;

    /** @param kinds the taint kinds sinks and sanitizers may name (the taint rules' kinds) */
    public SpecLoader(Set<String> kinds) {
        this.kinds = Set.copyOf(kinds);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the built-in specification files; they are part of this module, so failing is a bug. */
    public SpecLoader loadBuiltIn() {
        for (String name : BUILT_IN) {
            String resource = "specs/" + name + ".json";
            try (InputStream in = SpecLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing built-in taint specification " + resource);
                }
                load(name + ".json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SpecException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return this;
    }

    /** Adds one file; {@code file} is how messages name it. */
    public SpecLoader load(String file, String json) throws SpecException {
        JsonObject root;
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            JsonElement element = JsonParser.parseReader(reader);
            if (!element.isJsonObject()) {
                throw new SpecException(file + ": a taint specification is a JSON object");
            }
            root = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new SpecException(file + ": not valid JSON: " + dev.seclens.rules.JsonProblems.describe(e));
        }
        checkFields(file, "", root, FILE_FIELDS);
        Map<String, List<String>> supertypes = new HashMap<>();
        if (root.has("supertypes")) {
            JsonObject map = object(file, "supertypes", root.get("supertypes"));
            for (Map.Entry<String, JsonElement> e : map.entrySet()) {
                List<String> supers = new ArrayList<>();
                for (String s : strings(file, "supertypes." + e.getKey(), e.getValue())) {
                    supers.addAll(alternatives(s));
                }
                for (String type : alternatives(e.getKey())) {
                    supertypes.put(type, supers.stream().filter(s -> samePackageFamily(type, s, supers)).toList());
                }
            }
        }
        List<TaintSpecs.Returns> returns = new ArrayList<>();
        if (root.has("returns")) {
            for (Map.Entry<String, JsonElement> e : object(file, "returns", root.get("returns")).entrySet()) {
                String where = file + ": returns." + e.getKey();
                Signature method = signature(where, new JsonPrimitive(e.getKey()));
                List<String> types = alternatives(string(where, "type", e.getValue()));
                for (int i = 0; i < method.owners().size(); i++) {
                    String type = types.size() == method.owners().size() ? types.get(i) : types.get(0);
                    returns.add(new TaintSpecs.Returns(new Signature(List.of(method.owners().get(i)), method.name(),
                            method.parameters(), method.anyParameters()), type, where));
                }
            }
        }
        List<TaintSpecs.Source> sources = new ArrayList<>();
        List<TaintSpecs.Sink> sinks = new ArrayList<>();
        List<TaintSpecs.Sanitizer> sanitizers = new ArrayList<>();
        List<TaintSpecs.Propagator> propagators = new ArrayList<>();
        List<TaintSpecs.HandlerReturn> handlerReturns = new ArrayList<>();
        forEachEntry(file, root, "handlerReturns", HANDLER_RETURN_FIELDS, (where, o) -> handlerReturns.add(handlerReturn(where, o)));
        forEachEntry(file, root, "sources", SOURCE_FIELDS, (where, o) -> sources.add(source(file, where, o)));
        forEachEntry(file, root, "sinks", SINK_FIELDS, (where, o) -> sinks.add(sink(file, where, o)));
        forEachEntry(file, root, "sanitizers", SANITIZER_FIELDS, (where, o) -> sanitizers.add(sanitizer(file, where, o)));
        forEachEntry(file, root, "propagators", PROPAGATOR_FIELDS, (where, o) -> propagators.add(propagator(file, where, o)));
        List<TaintSpecs.Neutral> neutrals = new ArrayList<>();
        forEachEntry(file, root, "neutrals", NEUTRAL_FIELDS,
                (where, o) -> neutrals.add(new TaintSpecs.Neutral(signature(where, o.get("method")), where)));
        loaded.add(new TaintSpecs(sources, sinks, sanitizers, propagators, neutrals, supertypes, returns, handlerReturns));
        digest.update(file.getBytes(StandardCharsets.UTF_8));
        digest.update(json.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Everything loaded. A kind that a source claims ({@code "kind": "archive"}) is that source's own:
     * its sinks report only data of that kind, so every source that claims no kind is made safe for it
     * here, once every file is in (a request parameter written to a file is path traversal, not Zip Slip).
     */
    public TaintSpecs specs() {
        TaintSpecs merged = TaintSpecs.merge(loaded);
        if (ownKinds.isEmpty()) {
            return merged;
        }
        List<TaintSpecs.Source> sources = merged.sources().stream()
                .map(s -> sourcesOfOwnKind.contains(s.where()) ? s : s.safeAlsoFor(ownKinds)).toList();
        return new TaintSpecs(sources, merged.sinks(), merged.sanitizers(), merged.propagators(), merged.neutrals(),
                merged.supertypes(), merged.returns(), merged.handlerReturns());
    }

    /** A hash of every file loaded, so caches of results can tell when the specifications changed. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code javax.x.A} maps to {@code javax.y.B}, never to {@code jakarta.y.B}, when both are listed. */
    private static boolean samePackageFamily(String type, String supertype, List<String> all) {
        String root = type.substring(0, type.indexOf('.') + 1);
        return supertype.startsWith(root) || all.stream().noneMatch(s -> s.startsWith(root));
    }

    private static List<String> alternatives(String type) {
        return Signature.parse(type + "#x()").map(Signature::owners).orElse(List.of(type));
    }

    private interface EntryReader {
        void read(String where, JsonObject entry) throws SpecException;
    }

    private void forEachEntry(String file, JsonObject root, String section, Set<String> fields, EntryReader reader)
            throws SpecException {
        if (!root.has(section)) {
            return;
        }
        JsonElement element = root.get(section);
        if (!element.isJsonArray()) {
            throw new SpecException(file + ": " + section + " is a list of entries");
        }
        JsonArray entries = element.getAsJsonArray();
        for (int i = 0; i < entries.size(); i++) {
            String where = section + "[" + i + "]";
            JsonObject entry = object(file, where, entries.get(i));
            checkFields(file, where, entry, fields);
            String key = section + ":" + canonical(entry);
            String earlier = seen.putIfAbsent(key, file + ": " + where);
            if (earlier != null) {
                throw new SpecException(file + ": " + where + ": repeats " + earlier + " " + entry);
            }
            reader.read(file + ": " + where, entry);
        }
    }

    /** The entry with its fields sorted, so field order does not hide a duplicate. */
    private static String canonical(JsonObject entry) {
        StringBuilder sb = new StringBuilder();
        for (String key : new TreeSet<>(entry.keySet())) {
            sb.append(key).append('=').append(entry.get(key)).append(';');
        }
        return sb.toString();
    }

    private static void checkFields(String file, String where, JsonObject o, Set<String> known) throws SpecException {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new SpecException(file + ": " + (where.isEmpty() ? "" : where + ": ") + "unknown field \""
                        + key + "\" (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private TaintSpecs.Source source(String file, String where, JsonObject o) throws SpecException {
        int ways = 0;
        for (String way : List.of("method", "parameterAnnotation", "handlerAnnotation", "mainArguments", "setterOf",
                "implementationOf", "boundByAnnotation", "publicApi")) {
            ways += o.has(way) ? 1 : 0;
        }
        if (ways != 1) {
            throw new SpecException(where + ": a source has exactly one of method, parameterAnnotation, "
                    + "handlerAnnotation, mainArguments, setterOf, implementationOf, boundByAnnotation, publicApi");
        }
        if (o.has("except") && !o.has("handlerAnnotation")) {
            throw new SpecException(where + ": except applies to a handlerAnnotation source only");
        }
        if (o.has("implementationOf") != o.has("parameters")) {
            throw new SpecException(where + ": an implementationOf source lists its parameters (positions), "
                    + "and only such a source has parameters");
        }
        if (!o.has("label")) {
            throw new SpecException(where + ": a source needs a label (how messages call it)");
        }
        Signature implementationOf = null;
        List<Integer> parameters = List.of();
        if (o.has("implementationOf")) {
            implementationOf = signature(where, o.get("implementationOf"));
            if (implementationOf.isConstructor()) {
                throw new SpecException(where + ": implementationOf names a method, not a constructor");
            }
            parameters = integers(where, "parameters", o.get("parameters"));
            for (int parameter : parameters) {
                boolean outside = !implementationOf.anyParameters() && parameter >= implementationOf.parameters().size();
                if (parameter < 0 || outside) {
                    throw new SpecException(where + ": parameter " + parameter + " is not a parameter of "
                            + implementationOf.displayName());
                }
            }
        }
        for (String flag : List.of("mainArguments", "publicApi")) {
            if (o.has(flag) && !(o.get(flag) instanceof JsonPrimitive p && p.isBoolean() && p.getAsBoolean())) {
                throw new SpecException(where + ": " + flag + " is true when present");
            }
        }
        List<String> except = new ArrayList<>();
        if (o.has("except")) {
            for (String s : strings(where, "except", o.get("except"))) {
                except.addAll(alternatives(s));
            }
        }
        Confidence confidence = Confidence.HIGH;
        if (o.has("confidence")) {
            String c = string(where, "confidence", o.get("confidence"));
            try {
                confidence = Confidence.valueOf(c.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SpecException(where + ": confidence is high, medium or low, not \"" + c + "\"");
            }
        }
        Set<String> safeFor = new LinkedHashSet<>();
        if (o.has("safeFor")) {
            for (String k : strings(where, "safeFor", o.get("safeFor"))) {
                if (!kinds.contains(k)) {
                    throw new SpecException(where + ": unknown taint kind \"" + k + "\"");
                }
                safeFor.add(k);
            }
        }
        if (o.has("kind")) {
            // data of one kind only: safe for every other kind (an archive entry's name matters where it names a file to write)
            String kind = string(where, "kind", o.get("kind"));
            if (!kinds.contains(kind)) {
                throw new SpecException(where + ": unknown taint kind \"" + kind + "\"");
            }
            if (o.has("safeFor")) {
                throw new SpecException(where + ": a source has a kind or safeFor, not both");
            }
            safeFor.addAll(kinds);
            safeFor.remove(kind);
            ownKinds.add(kind);
            sourcesOfOwnKind.add(where);
        }
        String threatModel = TaintSpecs.REMOTE;
        if (o.has("threatModel")) {
            threatModel = string(where, "threatModel", o.get("threatModel"));
            if (!TaintSpecs.THREAT_MODELS.contains(threatModel)) {
                throw new SpecException(where + ": threatModel is one of " + String.join(", ", TaintSpecs.THREAT_MODELS)
                        + ", not \"" + threatModel + "\"");
            }
        }
        Integer lookupKey = null;
        if (o.has("lookupKey")) {
            lookupKey = integer(where, "lookupKey", o.get("lookupKey"));
            if (!o.has("method") || lookupKey < 0) {
                throw new SpecException(where + ": lookupKey is the position, counted from 0, of an argument of the source's method");
            }
        }
        return new TaintSpecs.Source(o.has("method") ? signature(where, o.get("method")) : null,
                o.has("parameterAnnotation") ? string(where, "parameterAnnotation", o.get("parameterAnnotation")) : null,
                o.has("handlerAnnotation") ? string(where, "handlerAnnotation", o.get("handlerAnnotation")) : null,
                o.has("mainArguments"), o.has("setterOf") ? string(where, "setterOf", o.get("setterOf")) : null,
                implementationOf, parameters,
                o.has("boundByAnnotation") ? string(where, "boundByAnnotation", o.get("boundByAnnotation")) : null,
                o.has("publicApi"), except, string(where, "label", o.get("label")), confidence, safeFor, threatModel, where,
                lookupKey);
    }

    private TaintSpecs.Sink sink(String file, String where, JsonObject o) throws SpecException {
        require(where, o, "method", "args", "kind");
        String kind = string(where, "kind", o.get("kind"));
        if (!kinds.contains(kind)) {
            throw new SpecException(where + ": unknown taint kind \"" + kind + "\" (known: "
                    + String.join(", ", new TreeSet<>(kinds)) + ")");
        }
        Signature method = signature(where, o.get("method"));
        List<Integer> args = integers(where, "args", o.get("args"));
        for (int a : args) {
            if (a == RECEIVER && !method.isConstructor()) {
                continue;
            }
            if (a < 0 || !method.anyParameters() && a >= method.parameters().size()) {
                throw new SpecException(where + ": argument " + a + " is not a parameter of " + method.displayName());
            }
        }
        Map<Integer, List<String>> whenArgEquals = new HashMap<>();
        if (o.has("whenArgEquals")) {
            for (Map.Entry<String, JsonElement> e : object(where, "whenArgEquals", o.get("whenArgEquals")).entrySet()) {
                int index;
                try {
                    index = Integer.parseInt(e.getKey());
                } catch (NumberFormatException x) {
                    throw new SpecException(where + ": whenArgEquals is keyed by argument positions, not \"" + e.getKey() + "\"");
                }
                if (index < 0 || !method.anyParameters() && index >= method.parameters().size()) {
                    throw new SpecException(where + ": argument " + index + " is not a parameter of " + method.displayName());
                }
                whenArgEquals.put(index, strings(where, "whenArgEquals." + index, e.getValue()));
            }
        }
        Map<Integer, List<String>> whenArgStartsWith = positions(where, "whenArgStartsWith", o, method);
        Map<Integer, List<String>> whenArgType = argumentTypes(where, "whenArgType", o, method);
        Map<Integer, List<String>> unlessArgType = argumentTypes(where, "unlessArgType", o, method);
        int destinationArg = RECEIVER;
        if (o.has("destinationArg")) {
            if (!o.has("receiverFrom")) {
                throw new SpecException(where + ": destinationArg says which argument must come from receiverFrom, which is missing");
            }
            destinationArg = integer(where, "destinationArg", o.get("destinationArg"));
            if (destinationArg < 0 || !method.anyParameters() && destinationArg >= method.parameters().size()) {
                throw new SpecException(where + ": argument " + destinationArg + " is not a parameter of " + method.displayName());
            }
        }
        String level = null;
        if (o.has("level")) {
            level = string(where, "level", o.get("level"));
            if (!TaintSpecs.LOG_LEVELS.contains(level)) {
                throw new SpecException(where + ": unknown log level \"" + level + "\" (known: "
                        + String.join(", ", TaintSpecs.LOG_LEVELS) + ")");
            }
        }
        int levelArg = -1;
        Map<String, String> levelConstants = new HashMap<>();
        if (o.has("levelArg") != o.has("levelConstants")) {
            throw new SpecException(where + ": levelArg and levelConstants go together");
        }
        if (o.has("levelArg")) {
            levelArg = integer(where, "levelArg", o.get("levelArg"));
            if (level != null || levelArg < 0 || !method.anyParameters() && levelArg >= method.parameters().size()) {
                throw new SpecException(where + ": levelArg " + levelArg + " is not a parameter of "
                        + method.displayName() + (level != null ? ", or the sink has a level of its own" : ""));
            }
            for (Map.Entry<String, JsonElement> e : object(where, "levelConstants", o.get("levelConstants")).entrySet()) {
                String named = string(where, "levelConstants." + e.getKey(), e.getValue());
                if (!TaintSpecs.LOG_LEVELS.contains(named)) {
                    throw new SpecException(where + ": unknown log level \"" + named + "\" for " + e.getKey() + " (known: "
                            + String.join(", ", TaintSpecs.LOG_LEVELS) + ")");
                }
                levelConstants.put(e.getKey(), named);
            }
        }
        return new TaintSpecs.Sink(method, args, kind,
                o.has("receiverFrom") ? signature(where, o.get("receiverFrom")) : null, destinationArg, whenArgEquals,
                whenArgStartsWith, whenArgType, unlessArgType, o.has("label") ? string(where, "label", o.get("label")) : null,
                level, levelArg, levelConstants, where);
    }

    /** A sink's {@code field} keyed by argument positions, each to the types it lists: {@code {"0": ["...Resource"]}}. */
    private static Map<Integer, List<String>> argumentTypes(String where, String field, JsonObject o, Signature method)
            throws SpecException {
        Map<Integer, List<String>> out = positions(where, field, o, method);
        out.replaceAll((index, types) -> types.stream().flatMap(t -> alternatives(t).stream()).toList());
        return out;
    }

    /** A map from argument positions of {@code method} to strings, such as {@code {"0": ["redirect:"]}}. */
    private static Map<Integer, List<String>> positions(String where, String field, JsonObject o, Signature method)
            throws SpecException {
        Map<Integer, List<String>> out = new HashMap<>();
        if (!o.has(field)) {
            return out;
        }
        for (Map.Entry<String, JsonElement> e : object(where, field, o.get(field)).entrySet()) {
            int index;
            try {
                index = Integer.parseInt(e.getKey());
            } catch (NumberFormatException x) {
                throw new SpecException(where + ": " + field + " is keyed by argument positions, not \"" + e.getKey() + "\"");
            }
            if (index < 0 || !method.anyParameters() && index >= method.parameters().size()) {
                throw new SpecException(where + ": argument " + index + " is not a parameter of " + method.displayName());
            }
            out.put(index, strings(where, field + "." + index, e.getValue()));
        }
        return out;
    }

    private TaintSpecs.HandlerReturn handlerReturn(String where, JsonObject o) throws SpecException {
        require(where, o, "kind", "label");
        if (o.has("annotation") == o.has("implementationOf")) {
            throw new SpecException(where + ": a handler return has exactly one of annotation, implementationOf");
        }
        if (o.has("implementationOf")) {
            for (String field : List.of("produces", "bodyAnnotations", "unlessBodyAnnotations")) {
                if (o.has(field)) {
                    throw new SpecException(where + ": " + field + " applies to an annotation's handlers only");
                }
            }
        }
        String kind = string(where, "kind", o.get("kind"));
        if (!kinds.contains(kind)) {
            throw new SpecException(where + ": unknown taint kind \"" + kind + "\" (known: "
                    + String.join(", ", new TreeSet<>(kinds)) + ")");
        }
        if (o.has("htmlBody") && !(o.get("htmlBody") instanceof JsonPrimitive p && p.isBoolean() && p.getAsBoolean())) {
            throw new SpecException(where + ": htmlBody is true when present");
        }
        Signature implementationOf = o.has("implementationOf") ? signature(where, o.get("implementationOf")) : null;
        if (implementationOf != null && implementationOf.isConstructor()) {
            throw new SpecException(where + ": implementationOf names a method, not a constructor");
        }
        return new TaintSpecs.HandlerReturn(o.has("annotation") ? string(where, "annotation", o.get("annotation")) : null,
                implementationOf, kind, string(where, "label", o.get("label")),
                o.has("startsWith") ? string(where, "startsWith", o.get("startsWith")) : null,
                o.has("notStartsWith") ? strings(where, "notStartsWith", o.get("notStartsWith")) : List.of(),
                o.has("returnTypes") ? strings(where, "returnTypes", o.get("returnTypes")) : List.of(),
                o.has("produces") ? strings(where, "produces", o.get("produces")) : List.of(),
                o.has("htmlBody"),
                o.has("bodyAnnotations") ? strings(where, "bodyAnnotations", o.get("bodyAnnotations")) : List.of(),
                o.has("unlessBodyAnnotations") ? strings(where, "unlessBodyAnnotations", o.get("unlessBodyAnnotations"))
                        : List.of(), where);
    }

    private TaintSpecs.Sanitizer sanitizer(String file, String where, JsonObject o) throws SpecException {
        require(where, o, "method", "kinds");
        Set<String> cleared = new LinkedHashSet<>();
        for (String k : strings(where, "kinds", o.get("kinds"))) {
            if (!k.equals(TaintSpecs.ALL_KINDS) && !kinds.contains(k)) {
                throw new SpecException(where + ": unknown taint kind \"" + k + "\"");
            }
            cleared.add(k);
        }
        List<Integer> validates = o.has("validates") ? integers(where, "validates", o.get("validates")) : List.of();
        return new TaintSpecs.Sanitizer(signature(where, o.get("method")), cleared, validates, where);
    }

    private TaintSpecs.Propagator propagator(String file, String where, JsonObject o) throws SpecException {
        require(where, o, "method", "from", "to");
        List<String> from = strings(where, "from", o.get("from"));
        List<String> to = strings(where, "to", o.get("to"));
        for (String e : from) {
            if (!ENDPOINT.matcher(e).matches() || e.equals("return")) {
                throw new SpecException(where + ": from lists receiver, args or argN, not \"" + e + "\"");
            }
        }
        for (String e : to) {
            if (!ENDPOINT.matcher(e).matches() || e.equals("args")) {
                throw new SpecException(where + ": to lists return, receiver or argN, not \"" + e + "\"");
            }
        }
        return new TaintSpecs.Propagator(signature(where, o.get("method")), from, to, where);
    }

    private static void require(String where, JsonObject o, String... fields) throws SpecException {
        for (String f : fields) {
            if (!o.has(f)) {
                throw new SpecException(where + ": missing field \"" + f + "\"");
            }
        }
    }

    private static Signature signature(String where, JsonElement e) throws SpecException {
        String text = string(where, "method", e);
        return Signature.parse(text).orElseThrow(() -> new SpecException(where + ": cannot parse the signature \""
                + text + "\"; write it as package.Type#method(package.ParamType, ...) or Type#<init>(..)"));
    }

    private static JsonObject object(String where, String field, JsonElement e) throws SpecException {
        if (!e.isJsonObject()) {
            throw new SpecException(where + ": " + field + " must be an object");
        }
        return e.getAsJsonObject();
    }

    private static String string(String where, String field, JsonElement e) throws SpecException {
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw new SpecException(where + ": " + field + " must be a string");
        }
        return p.getAsString();
    }

    private static List<String> strings(String where, String field, JsonElement e) throws SpecException {
        if (!e.isJsonArray()) {
            throw new SpecException(where + ": " + field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            out.add(string(where, field, x));
        }
        return out;
    }

    private static int integer(String where, String field, JsonElement e) throws SpecException {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber() || p.getAsDouble() != Math.rint(p.getAsDouble())) {
            throw new SpecException(where + ": " + field + " must be an argument position (a whole number)");
        }
        return p.getAsInt();
    }

    private static List<Integer> integers(String where, String field, JsonElement e) throws SpecException {
        if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
            throw new SpecException(where + ": " + field + " must be a non-empty list of argument positions");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!(x instanceof JsonPrimitive p) || !p.isNumber() || p.getAsDouble() != Math.rint(p.getAsDouble())) {
                throw new SpecException(where + ": " + field + " must list whole numbers");
            }
            out.add(p.getAsInt());
        }
        return out;
    }
}
