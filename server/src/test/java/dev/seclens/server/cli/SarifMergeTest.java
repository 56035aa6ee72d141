package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.seclens.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SarifMergeTest {

    @Test
    void rulesAreUnionedResultsDeduplicatedAndReindexedInvocationsCombined() {
        SarifMerge merge = new SarifMerge();
        merge.add("a.sarif", log(List.of("java/weak-hash", "java/sql-injection"), true,
                result("java/sql-injection", 1, "fp1", "src/B.java", 3, "high", false),
                result("java/weak-hash", 0, "fp2", "src/A.java", 7, "medium", false)));
        merge.add("b.sarif", log(List.of("java/insecure-cookie"), false,
                result("java/insecure-cookie", 0, "fp3", "src/C.java", 1, "low", true),
                result("java/weak-hash", 0, "fp2", "src/A.java", 7, "medium", false)));
        JsonObject merged = merge.merged();
        JsonObject run = merged.getAsJsonArray("runs").get(0).getAsJsonObject();
        JsonArray rules = run.getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules");
        List<String> ids = new ArrayList<>();
        rules.forEach(r -> ids.add(r.getAsJsonObject().get("id").getAsString()));
        assertEquals(List.of("java/insecure-cookie", "java/sql-injection", "java/weak-hash"), ids);
        JsonArray results = run.getAsJsonArray("results");
        assertEquals(3, results.size(), "the duplicate of fp2 counted once");
        for (JsonElement r : results) {
            JsonObject result = r.getAsJsonObject();
            assertEquals(result.get("ruleId").getAsString(),
                    ids.get(result.get("ruleIndex").getAsInt()), "ruleIndex points into the union");
        }
        assertEquals("src/A.java", uri(results.get(0)));
        assertEquals("src/C.java", uri(results.get(2)));
        JsonObject invocation = run.getAsJsonArray("invocations").get(0).getAsJsonObject();
        assertFalse(invocation.get("executionSuccessful").getAsBoolean(), "one shard failed");
        assertEquals(2, invocation.getAsJsonArray("toolExecutionNotifications").size());
        assertEquals("2.1.0", merged.get("version").getAsString());

        assertTrue(SarifMerge.hasResultAtLeast(merged, Optional.of(Severity.HIGH)));
        assertFalse(SarifMerge.hasResultAtLeast(merged, Optional.empty()));
        SarifMerge quiet = new SarifMerge();
        quiet.add("c.sarif", log(List.of("java/insecure-cookie"), true,
                result("java/insecure-cookie", 0, "fp3", "src/C.java", 1, "critical", true)));
        assertFalse(SarifMerge.hasResultAtLeast(quiet.merged(), Optional.of(Severity.LOW)), "suppressed results never fail");
    }

    @Test
    void somethingThatIsNotSarifIsRefusedByName() {
        SarifMerge merge = new SarifMerge();
        assertEquals("x.sarif: not a SARIF log (no \"runs\" array)",
                assertThrows(IllegalArgumentException.class, () -> merge.add("x.sarif", "{}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> merge.add("y.sarif", "{"))
                .getMessage().startsWith("y.sarif: not valid JSON"));
        assertEquals("no runs to merge", assertThrows(IllegalArgumentException.class, merge::merged).getMessage());
    }

    private static String uri(JsonElement result) {
        return result.getAsJsonObject().getAsJsonArray("locations").get(0).getAsJsonObject()
                .getAsJsonObject("physicalLocation").getAsJsonObject("artifactLocation").get("uri").getAsString();
    }

    private static String log(List<String> rules, boolean successful, String... results) {
        StringBuilder ruleArray = new StringBuilder();
        for (String id : rules) {
            ruleArray.append(ruleArray.isEmpty() ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
        }
        return "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"SecLens\",\"rules\":[" + ruleArray
                + "]}},\"invocations\":[{\"executionSuccessful\":" + successful + ",\"toolExecutionNotifications\":[{\"message\":{\"text\":\"skipped "
                + rules.get(0) + "\"}}]}],\"originalUriBaseIds\":{\"%SRCROOT%\":{\"uri\":\"file:///w/\"}},"
                + "\"columnKind\":\"utf16CodeUnits\",\"results\":[" + String.join(",", results) + "]}]}";
    }

    private static String result(String rule, int index, String fingerprint, String uri, int line, String severity,
                                 boolean suppressed) {
        return "{\"ruleId\":\"" + rule + "\",\"ruleIndex\":" + index + ",\"message\":{\"text\":\"m\"},"
                + "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"" + uri
                + "\",\"uriBaseId\":\"%SRCROOT%\"},\"region\":{\"startLine\":" + line + ",\"startColumn\":1}}}],"
                + "\"partialFingerprints\":{\"seclens/v1\":\"" + fingerprint + "\"},\"properties\":{\"severity\":\""
                + severity + "\"}" + (suppressed ? ",\"suppressions\":[{\"kind\":\"inSource\"}]" : "") + "}";
    }
}
