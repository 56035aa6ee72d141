package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of the SARIF 2.1.0 schema and of GitHub's ingestion rules that the scanner's output
 * must meet, checked on the parsed log.
 */
final class SarifAssertions {
    static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

    private SarifAssertions() {
    }

    /** Returns the single run, after checking the whole log. */
    static JsonObject assertValid(String log) {
        JsonObject root = JsonParser.parseString(log).getAsJsonObject();
        assertEquals("2.1.0", string(root, "version"));
        assertTrue(string(root, "$schema").startsWith("https://"), "$schema is a URI");
        JsonArray runs = root.getAsJsonArray("runs");
        assertEquals(1, runs.size(), "one run");
        JsonObject run = runs.get(0).getAsJsonObject();
        assertEquals("utf16CodeUnits", string(run, "columnKind"));

        JsonObject driver = run.getAsJsonObject("tool").getAsJsonObject("driver");
        assertEquals("SecLens", string(driver, "name"));
        assertFalse(string(driver, "version").isBlank());
        assertTrue(string(driver, "informationUri").startsWith("https://"));
        JsonArray rules = driver.getAsJsonArray("rules");
        Set<String> ids = new HashSet<>();
        for (JsonElement e : rules) {
            JsonObject rule = e.getAsJsonObject();
            assertTrue(ids.add(string(rule, "id")), "rule ids are unique");
            assertFalse(string(rule, "name").isBlank());
            assertFalse(string(rule.getAsJsonObject("shortDescription"), "text").isBlank());
            assertFalse(string(rule.getAsJsonObject("fullDescription"), "text").isBlank());
            assertFalse(string(rule.getAsJsonObject("help"), "text").isBlank());
            assertTrue(string(rule, "helpUri").startsWith("https://"));
            assertTrue(LEVELS.contains(string(rule.getAsJsonObject("defaultConfiguration"), "level")));
            JsonObject properties = rule.getAsJsonObject("properties");
            JsonArray tags = properties.getAsJsonArray("tags");
            assertTrue(tags.contains(new JsonPrimitive("security")), "tagged security");
            assertTrue(tags.asList().stream().anyMatch(t -> t.getAsString().matches("external/cwe/cwe-\\d+")),
                    "tagged with a CWE");
            double score = Double.parseDouble(string(properties, "security-severity"));
            assertTrue(score >= 0 && score <= 10, "security-severity in 0..10");
        }

        JsonObject baseIds = run.getAsJsonObject("originalUriBaseIds");
        String srcRoot = string(baseIds.getAsJsonObject("%SRCROOT%"), "uri");
        assertTrue(srcRoot.startsWith("file:///") && srcRoot.endsWith("/"), "%SRCROOT% is a folder URI");

        for (JsonElement e : run.getAsJsonArray("results")) {
            JsonObject result = e.getAsJsonObject();
            int index = result.get("ruleIndex").getAsInt();
            assertTrue(index >= 0 && index < rules.size(), "ruleIndex within driver.rules");
            assertEquals(string(rules.get(index).getAsJsonObject(), "id"), string(result, "ruleId"),
                    "ruleIndex points at the rule named by ruleId");
            assertTrue(LEVELS.contains(string(result, "level")));
            assertFalse(string(result.getAsJsonObject("message"), "text").isBlank());
            JsonArray locations = result.getAsJsonArray("locations");
            assertEquals(1, locations.size());
            assertLocation(locations.get(0).getAsJsonObject(), true);
            assertFalse(string(result.getAsJsonObject("partialFingerprints"), "seclens/v1").isBlank(),
                    "every result has a fingerprint");
            if (result.has("suppressions")) {
                for (JsonElement s : result.getAsJsonArray("suppressions")) {
                    assertTrue(List.of("inSource", "external").contains(string(s.getAsJsonObject(), "kind")));
                }
            }
            if (result.has("relatedLocations")) {
                for (JsonElement r : result.getAsJsonArray("relatedLocations")) {
                    assertTrue(r.getAsJsonObject().get("id").getAsInt() >= 0);
                    assertLocation(r.getAsJsonObject(), true);
                }
            }
        }

        JsonArray invocations = run.getAsJsonArray("invocations");
        assertEquals(1, invocations.size());
        JsonObject invocation = invocations.get(0).getAsJsonObject();
        assertTrue(invocation.get("executionSuccessful").getAsJsonPrimitive().isBoolean());
        for (JsonElement e : invocation.getAsJsonArray("toolExecutionNotifications")) {
            JsonObject n = e.getAsJsonObject();
            assertTrue(LEVELS.contains(string(n, "level")));
            assertFalse(string(n.getAsJsonObject("message"), "text").isBlank());
            assertFalse(string(n.getAsJsonObject("descriptor"), "id").isBlank());
            for (JsonElement l : n.getAsJsonArray("locations")) {
                assertLocation(l.getAsJsonObject(), false);
            }
        }
        return run;
    }

    private static void assertLocation(JsonObject location, boolean regionRequired) {
        JsonObject physical = location.getAsJsonObject("physicalLocation");
        JsonObject artifact = physical.getAsJsonObject("artifactLocation");
        String uri = string(artifact, "uri");
        assertFalse(uri.contains("\\"), "URIs use '/'");
        if (artifact.has("uriBaseId")) {
            assertEquals("%SRCROOT%", string(artifact, "uriBaseId"));
            assertFalse(uri.startsWith("/") || uri.contains("://"), "relative to %SRCROOT%: " + uri);
        } else {
            assertTrue(uri.startsWith("file:///"), "absolute URI: " + uri);
        }
        if (!physical.has("region")) {
            assertFalse(regionRequired, "results have a region");
            return;
        }
        JsonObject region = physical.getAsJsonObject("region");
        int startLine = region.get("startLine").getAsInt();
        int startColumn = region.get("startColumn").getAsInt();
        int endLine = region.get("endLine").getAsInt();
        int endColumn = region.get("endColumn").getAsInt();
        assertTrue(startLine >= 1 && startColumn >= 1 && endColumn >= 1, "regions are 1-based: " + region);
        assertTrue(endLine > startLine || (endLine == startLine && endColumn >= startColumn),
                "regions end after they start: " + region);
    }

    private static String string(JsonObject object, String member) {
        JsonElement e = object.get(member);
        assertTrue(e != null && e.isJsonPrimitive(), "missing string '" + member + "' in " + object);
        return e.getAsString();
    }
}
