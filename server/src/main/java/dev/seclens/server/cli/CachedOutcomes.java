package dev.seclens.server.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.Fix;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.SuppressedFinding;
import dev.seclens.rules.Suppression;
import dev.seclens.rules.TextEdit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scanned file's outcome as a cache entry holds it: findings, suppressed findings, fingerprints
 * and warnings, never a syntax tree. Rules are stored by id and taken from the analyzer on the way
 * back, so an entry cannot resurrect a rule that is gone (the entry is then unreadable, a miss).
 */
final class CachedOutcomes {
    private final Map<String, RuleMetadata> rules;

    /** Thrown for an entry that does not decode: the cache treats it as a miss. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    CachedOutcomes(List<RuleMetadata> rules) {
        this.rules = new HashMap<>();
        rules.forEach(rule -> this.rules.put(rule.id(), rule));
    }

    JsonObject encode(FileOutcome.Scanned file) {
        JsonObject o = new JsonObject();
        o.addProperty("path", file.path());
        o.addProperty("lines", file.lines());
        JsonArray findings = new JsonArray();
        for (Finding f : file.findings()) {
            JsonObject finding = finding(f);
            finding.addProperty("fingerprint", file.fingerprint(f));
            findings.add(finding);
        }
        o.add("findings", findings);
        JsonArray suppressed = new JsonArray();
        for (SuppressedFinding s : file.suppressed()) {
            JsonObject finding = finding(s.finding());
            finding.addProperty("fingerprint", file.fingerprint(s.finding()));
            finding.addProperty("suppression", s.suppression().kind().name());
            s.suppression().reason().ifPresent(r -> finding.addProperty("reason", r));
            suppressed.add(finding);
        }
        o.add("suppressed", suppressed);
        JsonArray warnings = new JsonArray();
        for (ScanWarning w : file.warnings()) {
            JsonObject warning = new JsonObject();
            warning.addProperty("kind", w.kind().name());
            warning.addProperty("message", w.message());
            w.range().ifPresent(r -> warning.add("range", JsonOutput.range(r)));
            w.ruleId().ifPresent(r -> warning.addProperty("rule", r));
            warnings.add(warning);
        }
        o.add("warnings", warnings);
        return o;
    }

    FileOutcome.Scanned decode(JsonObject o) throws Unreadable {
        try {
            String path = o.get("path").getAsString();
            Map<Finding, String> fingerprints = new HashMap<>();
            List<Finding> findings = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("findings")) {
                Finding f = finding(e.getAsJsonObject());
                findings.add(f);
                fingerprints.put(f, e.getAsJsonObject().get("fingerprint").getAsString());
            }
            List<SuppressedFinding> suppressed = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("suppressed")) {
                JsonObject s = e.getAsJsonObject();
                Finding f = finding(s);
                fingerprints.put(f, s.get("fingerprint").getAsString());
                suppressed.add(new SuppressedFinding(f, new Suppression(
                        Suppression.Kind.valueOf(s.get("suppression").getAsString()), optionalString(s, "reason"))));
            }
            List<ScanWarning> warnings = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("warnings")) {
                JsonObject w = e.getAsJsonObject();
                warnings.add(new ScanWarning(path, ScanWarning.Kind.valueOf(w.get("kind").getAsString()),
                        w.get("message").getAsString(),
                        w.has("range") ? Optional.of(range(w.getAsJsonObject("range"))) : Optional.empty(),
                        optionalString(w, "rule")));
            }
            return new FileOutcome.Scanned(path, o.get("lines").getAsInt(), findings, warnings, suppressed, fingerprints);
        } catch (RuntimeException e) {
            throw new Unreadable(e.toString());
        }
    }

    private static JsonObject finding(Finding f) {
        JsonObject o = new JsonObject();
        o.addProperty("rule", f.ruleId());
        o.add("cwe", JsonOutput.numbers(f.rule().cwe())); // a finding may name only some of its rule's CWEs
        o.add("range", JsonOutput.range(f.range()));
        o.addProperty("message", f.message());
        o.addProperty("severity", f.severity().name());
        o.addProperty("confidence", f.confidence().name());
        o.add("related", related(f.related()));
        if (!f.threatModel().isEmpty()) {
            o.addProperty("threatModel", f.threatModel());
        }
        if (!f.otherFlows().isEmpty()) {
            JsonArray flows = new JsonArray();
            f.otherFlows().forEach(flow -> flows.add(related(flow)));
            o.add("otherFlows", flows);
        }
        f.fix().ifPresent(fix -> {
            JsonObject x = JsonReport.fix(fix);
            x.addProperty("structural", fix.structural());
            o.add("fix", x);
        });
        return o;
    }

    private Finding finding(JsonObject o) {
        String id = o.get("rule").getAsString();
        RuleMetadata rule = rules.get(id);
        if (rule == null) {
            throw new IllegalArgumentException("no rule " + id);
        }
        if (o.has("cwe")) {
            List<Integer> cwe = new ArrayList<>();
            o.getAsJsonArray("cwe").forEach(c -> cwe.add(c.getAsInt()));
            rule = new RuleMetadata(rule.id(), rule.title(), cwe, rule.owasp(), rule.severity(), rule.confidence(),
                    rule.summary(), rule.inTestCode(), rule.concern());
        }
        List<RelatedLocation> related = related(o.getAsJsonArray("related"));
        List<List<RelatedLocation>> otherFlows = new ArrayList<>();
        if (o.has("otherFlows")) {
            o.getAsJsonArray("otherFlows").forEach(flow -> otherFlows.add(related(flow.getAsJsonArray())));
        }
        Optional<Fix> fix = Optional.empty();
        if (o.has("fix")) {
            JsonObject x = o.getAsJsonObject("fix");
            List<TextEdit> edits = new ArrayList<>();
            for (JsonElement e : x.getAsJsonArray("edits")) {
                edits.add(new TextEdit(range(e.getAsJsonObject().getAsJsonObject("range")),
                        e.getAsJsonObject().get("newText").getAsString()));
            }
            List<String> imports = new ArrayList<>();
            x.getAsJsonArray("imports").forEach(i -> imports.add(i.getAsString()));
            fix = Optional.of(new Fix(x.get("title").getAsString(), edits, imports, x.get("structural").getAsBoolean()));
        }
        return new Finding(rule, range(o.getAsJsonObject("range")), o.get("message").getAsString(),
                Severity.valueOf(o.get("severity").getAsString()), Confidence.valueOf(o.get("confidence").getAsString()),
                related, fix, optionalString(o, "threatModel").orElse(""), otherFlows);
    }

    /** Related locations with the file they are in and whether they are a step of a taint path. */
    private static JsonArray related(List<RelatedLocation> locations) {
        JsonArray related = new JsonArray();
        for (RelatedLocation r : locations) {
            JsonObject location = new JsonObject();
            location.add("range", JsonOutput.range(r.range()));
            location.addProperty("message", r.message());
            if (r.isInAnotherFile()) {
                location.addProperty("file", r.file());
            }
            if (r.flowStep()) {
                location.addProperty("flowStep", true);
            }
            related.add(location);
        }
        return related;
    }

    private static List<RelatedLocation> related(JsonArray locations) {
        List<RelatedLocation> related = new ArrayList<>();
        for (JsonElement e : locations) {
            JsonObject r = e.getAsJsonObject();
            related.add(new RelatedLocation(range(r.getAsJsonObject("range")), r.get("message").getAsString(),
                    optionalString(r, "file").orElse(""), r.has("flowStep") && r.get("flowStep").getAsBoolean()));
        }
        return related;
    }

    private static SourceRange range(JsonObject r) {
        return new SourceRange(r.get("startLine").getAsInt(), r.get("startColumn").getAsInt(),
                r.get("endLine").getAsInt(), r.get("endColumn").getAsInt());
    }

    private static Optional<String> optionalString(JsonObject o, String name) {
        return o.has(name) ? Optional.of(o.get(name).getAsString()) : Optional.empty();
    }
}
