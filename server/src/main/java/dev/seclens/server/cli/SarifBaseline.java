package dev.seclens.server.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.HashSet;
import java.util.Set;

/**
 * The fingerprints of a previous SARIF report ({@code --baseline}): every result's
 * {@code partialFingerprints["seclens/v1"]}, suppressed or not, so that only new findings remain.
 */
final class SarifBaseline {
    private SarifBaseline() {
    }

    /** @throws IllegalArgumentException when {@code text} is not a SARIF log; the message says why */
    static Set<String> fingerprints(String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + dev.seclens.rules.JsonProblems.describe(e));
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("runs")
                || !root.getAsJsonObject().get("runs").isJsonArray()) {
            throw new IllegalArgumentException("not a SARIF log (no \"runs\" array)");
        }
        Set<String> fingerprints = new HashSet<>();
        for (JsonElement run : root.getAsJsonObject().getAsJsonArray("runs")) {
            JsonElement results = run.isJsonObject() ? run.getAsJsonObject().get("results") : null;
            if (results == null || !results.isJsonArray()) {
                continue;
            }
            for (JsonElement result : results.getAsJsonArray()) {
                if (!result.isJsonObject()) {
                    continue;
                }
                JsonElement partial = result.getAsJsonObject().get("partialFingerprints");
                if (partial != null && partial.isJsonObject()) {
                    JsonObject p = partial.getAsJsonObject();
                    JsonElement fp = p.get(SarifReport.FINGERPRINT_KEY);
                    if (fp != null && fp.isJsonPrimitive()) {
                        fingerprints.add(fp.getAsString());
                    }
                }
            }
        }
        return fingerprints;
    }
}
