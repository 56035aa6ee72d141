package dev.seclens.rules.taint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.fixes.SinkFixes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The taint engine's rules, one data entry each in {@code rules.json}: metadata, the sink kind, the advice. */
public final class TaintRules {
    private static final Set<String> FIELDS = Set.of("id", "title", "cwe", "owasp", "severity", "confidence",
            "summary", "kind", "defect", "advice", "fix");
    private static volatile List<TaintRule> all;

    private TaintRules() {
    }

    public static List<TaintRule> all() {
        List<TaintRule> rules = all;
        if (rules == null) {
            rules = load();
            all = rules;
        }
        return rules;
    }

    static Set<String> kinds() {
        Set<String> kinds = new LinkedHashSet<>();
        all().forEach(r -> kinds.add(r.kind()));
        return kinds;
    }

    private static List<TaintRule> load() {
        try (InputStream in = TaintRules.class.getResourceAsStream("rules.json")) {
            if (in == null) {
                throw new IllegalStateException("missing taint rules.json");
            }
            JsonArray entries = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonArray();
            List<TaintRule> rules = new ArrayList<>();
            for (JsonElement e : entries) {
                JsonObject o = e.getAsJsonObject();
                for (String key : o.keySet()) {
                    if (!FIELDS.contains(key)) {
                        throw new IllegalStateException("rules.json: unknown field \"" + key + "\" in " + o.get("id"));
                    }
                }
                List<Integer> cwe = new ArrayList<>();
                o.getAsJsonArray("cwe").forEach(c -> cwe.add(c.getAsInt()));
                RuleMetadata meta = new RuleMetadata(o.get("id").getAsString(), o.get("title").getAsString(), cwe,
                        Owasp.valueOf(o.get("owasp").getAsString()), Severity.valueOf(o.get("severity").getAsString()),
                        Confidence.valueOf(o.get("confidence").getAsString()), o.get("summary").getAsString(), false,
                        Concern.INJECTION);
                Optional<SinkFixes.SinkFix> fix = Optional.empty();
                if (o.has("fix")) {
                    String name = o.get("fix").getAsString();
                    fix = Optional.of(SinkFixes.named(name).orElseThrow(() -> new IllegalStateException(
                            "rules.json: unknown fix \"" + name + "\" in " + o.get("id") + "; known: " + SinkFixes.names())));
                }
                rules.add(new TaintRule(meta, o.get("kind").getAsString(), o.get("defect").getAsString(),
                        o.get("advice").getAsString(), fix));
            }
            return List.copyOf(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
