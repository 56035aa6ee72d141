package dev.seclens.server.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.Suppression;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * SARIF 2.1.0, as code-scanning services (GitHub, GitLab, Azure DevOps) ingest it. Paths under
 * the working directory are relative to {@code %SRCROOT%} so that the log is the same on every
 * machine except for {@code originalUriBaseIds}; skipped files and warnings are tool execution
 * notifications, since they are facts about the run rather than about the code.
 */
final class SarifReport implements Report {
    static final String SCHEMA =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    static final String INFORMATION_URI = "https://seclens.dev";
    static final String SRCROOT = "%SRCROOT%";
    /** The key of SecLens's fingerprint in {@code partialFingerprints}, which {@code --baseline} reads back. */
    static final String FINGERPRINT_KEY = "seclens/v1";

    private final String toolVersion;
    private final Collection<RuleMetadata> enabledRules;
    private final Path sourceRoot;

    SarifReport(String toolVersion, Collection<RuleMetadata> enabledRules, Path sourceRoot) {
        this.toolVersion = toolVersion;
        this.enabledRules = enabledRules;
        this.sourceRoot = sourceRoot.toAbsolutePath().normalize();
    }

    /** CRITICAL and HIGH fail a check, MEDIUM warns, the rest are notes. */
    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** GitHub's security-severity: 9.0+ critical, 7.0+ high, 4.0+ medium, else low. */
    static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "1.0";
        };
    }

    @Override
    public String render(ScanResult result) {
        Map<String, RuleMetadata> rules = rulesById(result);
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        JsonArray ruleArray = new JsonArray();
        for (RuleMetadata rule : rules.values()) {
            ruleIndex.put(rule.id(), ruleArray.size());
            ruleArray.add(rule(rule));
        }

        JsonObject driver = new JsonObject();
        driver.addProperty("name", "SecLens");
        driver.addProperty("version", toolVersion);
        driver.addProperty("informationUri", INFORMATION_URI);
        driver.add("rules", ruleArray);
        JsonObject tool = new JsonObject();
        tool.add("driver", driver);

        JsonArray results = new JsonArray();
        for (FileOutcome.Scanned file : result.files()) {
            // Suppressed findings stay results, marked with their suppression, in position order.
            Map<Finding, Suppression> suppressions = new LinkedHashMap<>();
            file.suppressed().forEach(s -> suppressions.put(s.finding(), s.suppression()));
            List<Finding> all = new ArrayList<>(file.findings());
            all.addAll(suppressions.keySet());
            all.sort(Finding.ORDER);
            for (Finding f : all) {
                JsonObject r = result(file.path(), f, ruleIndex.get(f.ruleId()));
                JsonObject fingerprints = new JsonObject();
                fingerprints.addProperty(FINGERPRINT_KEY, file.fingerprint(f));
                r.add("partialFingerprints", fingerprints);
                Suppression s = suppressions.get(f);
                if (s != null) {
                    JsonObject suppression = new JsonObject();
                    suppression.addProperty("kind", s.kind().inSource() ? "inSource" : "external");
                    s.reason().ifPresent(reason -> suppression.addProperty("justification", reason));
                    r.add("suppressions", array(suppression));
                }
                results.add(r);
            }
        }

        JsonObject invocation = new JsonObject();
        // Files the run could not analyse are error-level notifications, which SARIF readers take
        // to mean that the results may be incomplete; a run that stopped early did not succeed.
        invocation.addProperty("executionSuccessful", result.incomplete().isEmpty());
        invocation.add("toolExecutionNotifications", notifications(result, ruleIndex));
        result.cache().ifPresent(cache -> {
            JsonObject properties = new JsonObject();
            properties.addProperty("filesFromCache", cache.files());
            properties.addProperty("cacheFolder", cache.folder().toString());
            invocation.add("properties", properties);
        });

        JsonObject srcRoot = new JsonObject();
        srcRoot.addProperty("uri", directoryUri(sourceRoot));
        JsonObject baseIds = new JsonObject();
        baseIds.add(SRCROOT, srcRoot);

        JsonObject run = new JsonObject();
        run.add("tool", tool);
        run.add("invocations", array(invocation));
        run.add("originalUriBaseIds", baseIds);
        run.addProperty("columnKind", "utf16CodeUnits");
        run.add("results", results);

        JsonObject log = new JsonObject();
        log.addProperty("$schema", SCHEMA);
        log.addProperty("version", "2.1.0");
        log.add("runs", array(run));
        return JsonOutput.print(log);
    }

    /** Every enabled rule, not only those that fired, so that services can show what was checked. */
    private Map<String, RuleMetadata> rulesById(ScanResult result) {
        Map<String, RuleMetadata> rules = new TreeMap<>();
        enabledRules.forEach(r -> rules.putIfAbsent(r.id(), r));
        result.files().forEach(f -> f.findings().forEach(x -> rules.putIfAbsent(x.ruleId(), x.rule())));
        result.files().forEach(f -> f.suppressed().forEach(x -> rules.putIfAbsent(x.finding().ruleId(),
                x.finding().rule())));
        return rules;
    }

    private static JsonObject rule(RuleMetadata rule) {
        JsonObject o = new JsonObject();
        o.addProperty("id", rule.id());
        o.addProperty("name", pascalCase(rule.name()));
        o.add("shortDescription", text(rule.title()));
        o.add("fullDescription", text(rule.summary()));
        String doc = rule.documentation();
        JsonObject help = new JsonObject();
        help.addProperty("text", doc != null ? doc : rule.summary() + " See " + rule.docUri());
        if (doc != null) {
            help.addProperty("markdown", doc);
        }
        o.add("help", help);
        o.addProperty("helpUri", rule.docUri());
        JsonObject config = new JsonObject();
        config.addProperty("level", level(rule.severity()));
        o.add("defaultConfiguration", config);
        JsonArray tags = new JsonArray();
        tags.add("security");
        rule.cwe().forEach(cwe -> tags.add("external/cwe/cwe-" + cwe));
        tags.add("external/owasp/" + rule.owasp().code().toLowerCase(Locale.ROOT));
        JsonObject properties = new JsonObject();
        properties.add("tags", tags);
        properties.addProperty("precision", rule.confidence().label());
        properties.addProperty("security-severity", securitySeverity(rule.severity()));
        o.add("properties", properties);
        return o;
    }

    private JsonObject result(String path, Finding f, int ruleIndex) {
        JsonObject o = new JsonObject();
        o.addProperty("ruleId", f.ruleId());
        o.addProperty("ruleIndex", ruleIndex);
        o.addProperty("level", level(f.severity()));
        o.add("message", text(f.message()));
        o.add("locations", array(location(path, Optional.of(f.range()))));
        if (!f.related().isEmpty()) {
            JsonArray related = new JsonArray();
            for (RelatedLocation r : f.related()) {
                JsonObject loc = location(r.isInAnotherFile() ? r.file() : path, Optional.of(r.range()));
                loc.addProperty("id", related.size() + 1);
                loc.add("message", text(r.message()));
                related.add(loc);
            }
            o.add("relatedLocations", related);
            JsonArray flows = new JsonArray();
            codeFlow(path, f, f.related()).ifPresent(flows::add);
            f.otherFlows().forEach(other -> codeFlow(path, f, other).ifPresent(flows::add));
            if (!flows.isEmpty()) {
                o.add("codeFlows", flows);
            }
        }
        JsonObject properties = new JsonObject();
        properties.addProperty("severity", f.severity().label());
        properties.addProperty("confidence", f.confidence().label());
        if (!f.threatModel().isEmpty()) {
            properties.addProperty("threatModel", f.threatModel());
        }
        o.add("properties", properties);
        return o;
    }

    /**
     * A path tainted data took ({@code locations}' flow steps: the finding's own path or one of
     * its other sources'), source first and the finding last, as a SARIF thread flow.
     */
    private Optional<JsonObject> codeFlow(String path, Finding f, List<RelatedLocation> locations) {
        JsonArray steps = new JsonArray();
        for (RelatedLocation r : locations) {
            if (r.flowStep()) {
                steps.add(threadFlowLocation(location(r.isInAnotherFile() ? r.file() : path, Optional.of(r.range())),
                        r.message()));
            }
        }
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        steps.add(threadFlowLocation(location(path, Optional.of(f.range())), "sink: " + f.ruleId()));
        JsonObject threadFlow = new JsonObject();
        threadFlow.add("locations", steps);
        JsonObject flow = new JsonObject();
        flow.add("threadFlows", array(threadFlow));
        return Optional.of(flow);
    }

    private static JsonObject threadFlowLocation(JsonObject location, String message) {
        location.add("message", text(message));
        JsonObject o = new JsonObject();
        o.add("location", location);
        return o;
    }

    private JsonArray notifications(ScanResult result, Map<String, Integer> ruleIndex) {
        JsonArray notifications = new JsonArray();
        result.incomplete().ifPresent(reason -> {
            JsonObject n = new JsonObject();
            n.addProperty("level", "error");
            n.add("message", text("Scan incomplete: " + reason + "; the results are those found until then."));
            JsonObject descriptor = new JsonObject();
            descriptor.addProperty("id", "incomplete-scan");
            n.add("descriptor", descriptor);
            notifications.add(n);
        });
        for (FileOutcome.Generated g : result.generated()) {
            notifications.add(notification("note", "generated-file", "Not analysed: " + g.reason(),
                    location(g.path(), Optional.empty())));
        }
        for (FileOutcome.Skipped s : result.skipped()) {
            notifications.add(notification("error", "skipped-file", "Skipped: " + s.reason(),
                    location(s.path(), Optional.empty())));
        }
        for (ScanWarning w : result.warnings()) {
            String level = w.kind() == ScanWarning.Kind.RULE_FAILURE ? "error" : "warning";
            JsonObject n = notification(level, w.kind().id(), w.message(), location(w.path(), w.range()));
            w.ruleId().filter(ruleIndex::containsKey).ifPresent(id -> {
                JsonObject rule = new JsonObject();
                rule.addProperty("id", id);
                rule.addProperty("index", ruleIndex.get(id));
                n.add("associatedRule", rule);
            });
            notifications.add(n);
        }
        return notifications;
    }

    private static JsonObject notification(String level, String descriptorId, String message, JsonObject location) {
        JsonObject o = new JsonObject();
        o.addProperty("level", level);
        o.add("message", text(message));
        o.add("locations", array(location));
        JsonObject descriptor = new JsonObject();
        descriptor.addProperty("id", descriptorId);
        o.add("descriptor", descriptor);
        return o;
    }

    private JsonObject location(String path, Optional<SourceRange> range) {
        JsonObject physical = new JsonObject();
        physical.add("artifactLocation", artifact(path));
        range.ifPresent(r -> physical.add("region", JsonOutput.range(r)));
        JsonObject o = new JsonObject();
        o.add("physicalLocation", physical);
        return o;
    }

    /** Relative paths become URI references against %SRCROOT%; absolute ones, file URIs. */
    private JsonObject artifact(String path) {
        JsonObject o = new JsonObject();
        if (Path.of(path).isAbsolute()) {
            o.addProperty("uri", Path.of(path).toUri().toString());
        } else {
            o.addProperty("uri", relativeUri(path));
            o.addProperty("uriBaseId", SRCROOT);
        }
        return o;
    }

    static String relativeUri(String path) {
        try {
            int colon = path.indexOf(':');
            int slash = path.indexOf('/');
            // A colon in the first segment would read as a URI scheme; "./" keeps it a path.
            boolean looksLikeScheme = colon >= 0 && (slash < 0 || colon < slash);
            return new URI(null, null, looksLikeScheme ? "./" + path : path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a path: " + path, e);
        }
    }

    private static String directoryUri(Path dir) {
        String uri = dir.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    private static JsonObject text(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        return o;
    }

    private static JsonArray array(JsonObject element) {
        JsonArray a = new JsonArray();
        a.add(element);
        return a;
    }

    private static String pascalCase(String kebab) {
        StringBuilder name = new StringBuilder();
        for (String part : kebab.split("-")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.toString();
    }
}
