package dev.seclens.server.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.seclens.rules.Finding;
import dev.seclens.rules.Fix;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SuppressedFinding;
import dev.seclens.rules.TextEdit;

/**
 * SecLens's own JSON report, documented in docs/cli.md. Its shape is stable within a
 * {@code formatVersion}: fields may be added, none are removed or change meaning. Every list is
 * present even when empty, and nothing in it depends on the clock.
 */
final class JsonReport implements Report {
    static final int FORMAT_VERSION = 1;

    private final String toolVersion;

    JsonReport(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    @Override
    public String render(ScanResult result) {
        JsonObject root = new JsonObject();
        root.addProperty("formatVersion", FORMAT_VERSION);
        JsonObject tool = new JsonObject();
        tool.addProperty("name", "SecLens");
        tool.addProperty("version", toolVersion);
        root.add("tool", tool);

        JsonArray findings = new JsonArray();
        for (FileOutcome.Scanned file : result.files()) {
            for (Finding f : file.findings()) {
                findings.add(finding(file, f));
            }
        }
        root.add("findings", findings);

        JsonArray suppressed = new JsonArray();
        for (FileOutcome.Scanned file : result.files()) {
            for (SuppressedFinding s : file.suppressed()) {
                JsonObject o = finding(file, s.finding());
                JsonObject suppression = new JsonObject();
                suppression.addProperty("kind", s.suppression().kind().id());
                s.suppression().reason().ifPresent(r -> suppression.addProperty("reason", r));
                o.add("suppression", suppression);
                suppressed.add(o);
            }
        }
        root.add("suppressed", suppressed);

        JsonArray warnings = new JsonArray();
        for (ScanWarning w : result.warnings()) {
            JsonObject o = new JsonObject();
            o.addProperty("path", w.path());
            o.addProperty("kind", w.kind().id());
            w.ruleId().ifPresent(id -> o.addProperty("rule", id));
            o.addProperty("message", w.message());
            w.range().ifPresent(r -> o.add("range", JsonOutput.range(r)));
            warnings.add(o);
        }
        root.add("warnings", warnings);

        JsonArray skipped = new JsonArray();
        for (FileOutcome.Skipped s : result.skipped()) {
            JsonObject o = new JsonObject();
            o.addProperty("path", s.path());
            o.addProperty("reason", s.reason());
            skipped.add(o);
        }
        root.add("skipped", skipped);

        JsonArray generated = new JsonArray();
        for (FileOutcome.Generated g : result.generated()) {
            JsonObject o = new JsonObject();
            o.addProperty("path", g.path());
            o.addProperty("reason", g.reason());
            generated.add(o);
        }
        root.add("generated", generated);
        result.incomplete().ifPresent(reason -> root.addProperty("incomplete", reason));
        root.add("summary", summary(result));
        return JsonOutput.print(root);
    }

    private static JsonObject finding(FileOutcome.Scanned file, Finding f) {
        JsonObject o = new JsonObject();
        o.addProperty("path", file.path());
        o.addProperty("rule", f.ruleId());
        o.addProperty("title", f.rule().title());
        o.addProperty("severity", f.severity().label());
        o.addProperty("confidence", f.confidence().label());
        o.addProperty("message", f.message());
        o.add("range", JsonOutput.range(f.range()));
        o.add("cwe", JsonOutput.numbers(f.rule().cwe()));
        o.addProperty("owasp", f.rule().owasp().code());
        o.addProperty("docUri", f.rule().docUri());
        JsonArray related = new JsonArray();
        for (RelatedLocation r : f.related()) {
            JsonObject rel = new JsonObject();
            rel.addProperty("message", r.message());
            if (r.isInAnotherFile()) {
                rel.addProperty("path", r.file());
            }
            rel.add("range", JsonOutput.range(r.range()));
            related.add(rel);
        }
        o.add("related", related);
        if (!f.threatModel().isEmpty()) {
            o.addProperty("threatModel", f.threatModel());
        }
        f.fix().ifPresent(fix -> o.add("fix", fix(fix)));
        o.addProperty("fingerprint", file.fingerprint(f));
        return o;
    }

    /** A fix as reports (and the scan cache) write it: title, edits with ranges, imports. */
    static JsonObject fix(Fix fix) {
        JsonObject o = new JsonObject();
        o.addProperty("title", fix.title());
        JsonArray edits = new JsonArray();
        for (TextEdit edit : fix.edits()) {
            JsonObject e = new JsonObject();
            e.add("range", JsonOutput.range(edit.range()));
            e.addProperty("newText", edit.newText());
            edits.add(e);
        }
        o.add("edits", edits);
        JsonArray imports = new JsonArray();
        fix.imports().forEach(imports::add);
        o.add("imports", imports);
        return o;
    }

    private static JsonObject summary(ScanResult result) {
        JsonObject o = new JsonObject();
        o.addProperty("files", result.files().size());
        o.addProperty("lines", result.lines());
        o.addProperty("findings", result.findingCount());
        o.addProperty("suppressed", result.suppressedCount());
        result.baselined().ifPresent(n -> o.addProperty("baseline", n));
        o.addProperty("warnings", result.warnings().size());
        o.addProperty("skipped", result.skipped().size());
        o.addProperty("generated", result.generated().size());
        o.addProperty("complete", result.incomplete().isEmpty());
        result.cache().ifPresent(c -> {
            JsonObject cache = new JsonObject();
            cache.addProperty("files", c.files());
            cache.addProperty("folder", c.folder().toString());
            o.add("cache", cache);
        });
        JsonObject bySeverity = new JsonObject();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            bySeverity.addProperty(s.label(), result.files().stream()
                    .flatMap(f -> f.findings().stream())
                    .filter(f -> f.severity() == s)
                    .count());
        }
        o.add("bySeverity", bySeverity);
        return o;
    }
}
