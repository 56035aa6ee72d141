package dev.seclens.server.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.seclens.rules.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Several SARIF logs of {@code seclens scan} (the shards of one scan) as one: rules unioned by id
 * (the first definition wins) with every result's {@code ruleIndex} pointing into the union,
 * results deduplicated by rule, fingerprint and location and sorted by location, and the shards'
 * invocations combined into one (successful only if all were; their notifications together).
 */
final class SarifMerge {
    private final List<JsonObject> runs = new ArrayList<>();

    /** Adds every run of one log; {@code name} says which in errors. */
    void add(String name, String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(name + ": not valid JSON: " + dev.seclens.rules.JsonProblems.describe(e));
        }
        if (!root.isJsonObject() || !(root.getAsJsonObject().get("runs") instanceof JsonArray logRuns)) {
            throw new IllegalArgumentException(name + ": not a SARIF log (no \"runs\" array)");
        }
        for (JsonElement run : logRuns) {
            if (!run.isJsonObject() || !(run.getAsJsonObject().get("tool") instanceof JsonObject tool)) {
                throw new IllegalArgumentException(name + ": a run without a tool");
            }
            // Rules, fingerprints and severities are merged as SecLens writes them; another tool's
            // run would be mislabelled as SecLens's in the merged log.
            if (!(tool.get("driver") instanceof JsonObject driver) || !(driver.get("name") instanceof JsonPrimitive driverName)
                    || !"SecLens".equals(driverName.getAsString())) {
                throw new IllegalArgumentException(name + ": a run of another tool; seclens merge only merges SecLens reports");
            }
            runs.add(run.getAsJsonObject());
        }
    }

    /** The merged log; its one run takes the tool, base ids and column kind of the first run. */
    JsonObject merged() {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to merge");
        }
        JsonObject first = runs.get(0);
        Map<String, JsonObject> rules = new TreeMap<>();
        for (JsonObject run : runs) {
            for (JsonElement rule : driverRules(run)) {
                if (rule.isJsonObject() && rule.getAsJsonObject().get("id") != null) {
                    rules.putIfAbsent(rule.getAsJsonObject().get("id").getAsString(), rule.getAsJsonObject());
                }
            }
        }
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        JsonArray ruleArray = new JsonArray();
        rules.forEach((id, rule) -> {
            ruleIndex.put(id, ruleArray.size());
            ruleArray.add(rule);
        });

        Map<String, JsonObject> results = new LinkedHashMap<>();
        boolean successful = true;
        JsonArray notifications = new JsonArray();
        Set<String> seenNotifications = new LinkedHashSet<>();
        for (JsonObject run : runs) {
            if (run.get("results") instanceof JsonArray runResults) {
                for (JsonElement element : runResults) {
                    if (!element.isJsonObject()) {
                        continue;
                    }
                    JsonObject result = element.getAsJsonObject().deepCopy();
                    String ruleId = string(result, "ruleId").orElse("");
                    if (ruleIndex.containsKey(ruleId)) {
                        result.addProperty("ruleIndex", ruleIndex.get(ruleId));
                    } else {
                        result.remove("ruleIndex");
                    }
                    results.putIfAbsent(identity(result), result);
                }
            }
            if (run.get("invocations") instanceof JsonArray invocations) {
                for (JsonElement invocation : invocations) {
                    if (!invocation.isJsonObject()) {
                        continue;
                    }
                    JsonElement ok = invocation.getAsJsonObject().get("executionSuccessful");
                    successful &= ok == null || !ok.isJsonPrimitive() || ok.getAsBoolean();
                    if (invocation.getAsJsonObject().get("toolExecutionNotifications") instanceof JsonArray n) {
                        n.forEach(x -> {
                            if (seenNotifications.add(x.toString())) {
                                notifications.add(x);
                            }
                        });
                    }
                }
            }
        }
        List<JsonObject> sorted = new ArrayList<>(results.values());
        sorted.sort(Comparator.comparing(SarifMerge::uri).thenComparingInt(r -> region(r, "startLine"))
                .thenComparingInt(r -> region(r, "startColumn")).thenComparing(r -> string(r, "ruleId").orElse(""))
                .thenComparing(SarifMerge::identity));
        JsonArray resultArray = new JsonArray();
        sorted.forEach(resultArray::add);

        JsonObject tool = first.getAsJsonObject("tool").deepCopy();
        JsonObject driver = tool.getAsJsonObject("driver");
        if (driver != null) {
            driver.add("rules", ruleArray);
        }
        JsonObject invocation = new JsonObject();
        invocation.addProperty("executionSuccessful", successful);
        invocation.add("toolExecutionNotifications", notifications);
        JsonArray invocations = new JsonArray();
        invocations.add(invocation);

        JsonObject run = new JsonObject();
        run.add("tool", tool);
        run.add("invocations", invocations);
        for (String copied : List.of("originalUriBaseIds", "columnKind")) {
            if (first.has(copied)) {
                run.add(copied, first.get(copied).deepCopy());
            }
        }
        run.add("results", resultArray);
        JsonObject log = new JsonObject();
        log.addProperty("$schema", SarifReport.SCHEMA);
        log.addProperty("version", "2.1.0");
        JsonArray runArray = new JsonArray();
        runArray.add(run);
        log.add("runs", runArray);
        return log;
    }

    /** Whether a result that no suppression covers is at least {@code threshold} severe. */
    static boolean hasResultAtLeast(JsonObject log, Optional<Severity> threshold) {
        if (threshold.isEmpty()) {
            return false;
        }
        for (JsonElement run : log.getAsJsonArray("runs")) {
            for (JsonElement r : run.getAsJsonObject().getAsJsonArray("results")) {
                JsonObject result = r.getAsJsonObject();
                if (result.get("suppressions") instanceof JsonArray s && !s.isEmpty()) {
                    continue;
                }
                Optional<Severity> severity = result.get("properties") instanceof JsonObject p
                        ? string(p, "severity").flatMap(Severity::parse) : Optional.empty();
                // a result without SecLens's severity (another tool's) counts by its SARIF level
                Severity s = severity.orElseGet(() -> switch (string(result, "level").orElse("warning")) {
                    case "error" -> Severity.HIGH;
                    case "warning" -> Severity.MEDIUM;
                    default -> Severity.LOW;
                });
                if (s.compareTo(threshold.get()) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Rule, fingerprint (SecLens's or any other partial fingerprints) and primary location. */
    private static String identity(JsonObject result) {
        JsonElement fingerprints = result.get("partialFingerprints");
        if (fingerprints == null) {
            fingerprints = result.get("fingerprints");
        }
        return string(result, "ruleId").orElse("") + "\u0000" + (fingerprints == null ? "" : fingerprints.toString())
                + "\u0000" + uri(result) + "\u0000" + region(result, "startLine") + ":" + region(result, "startColumn")
                + "\u0000" + (fingerprints == null ? String.valueOf(result.get("message")) : "");
    }

    private static JsonArray driverRules(JsonObject run) {
        JsonObject driver = run.getAsJsonObject("tool").get("driver") instanceof JsonObject d ? d : new JsonObject();
        return driver.get("rules") instanceof JsonArray rules ? rules : new JsonArray();
    }

    private static Optional<JsonObject> physicalLocation(JsonObject result) {
        if (result.get("locations") instanceof JsonArray locations && !locations.isEmpty()
                && locations.get(0) instanceof JsonObject location
                && location.get("physicalLocation") instanceof JsonObject physical) {
            return Optional.of(physical);
        }
        return Optional.empty();
    }

    private static String uri(JsonObject result) {
        return physicalLocation(result)
                .filter(p -> p.get("artifactLocation") instanceof JsonObject)
                .flatMap(p -> string(p.getAsJsonObject("artifactLocation"), "uri"))
                .orElse("");
    }

    private static int region(JsonObject result, String field) {
        return physicalLocation(result)
                .filter(p -> p.get("region") instanceof JsonObject)
                .map(p -> p.getAsJsonObject("region").get(field))
                .filter(e -> e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber())
                .map(JsonElement::getAsInt)
                .orElse(0);
    }

    private static Optional<String> string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? Optional.of(e.getAsString()) : Optional.empty();
    }
}
