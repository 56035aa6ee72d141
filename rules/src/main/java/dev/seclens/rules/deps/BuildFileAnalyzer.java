package dev.seclens.rules.deps;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Finding;
import dev.seclens.rules.Fingerprints;
import dev.seclens.rules.Fix;
import dev.seclens.rules.IgnoreList;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.SuppressedFinding;
import dev.seclens.rules.Suppression;
import dev.seclens.rules.Suppressions;
import dev.seclens.rules.SyntaxProblem;
import dev.seclens.rules.TextEdit;
import dev.seclens.rules.TextLines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * The build-file side of the engine: reads the dependencies of a {@code pom.xml},
 * {@code build.gradle(.kts)} or {@code *.versions.toml} and reports those an advisory affects,
 * under {@code java/vulnerable-dependency}: one finding per dependency, at its version, naming
 * the advisories, with the lowest version that fixes all of them as a quick fix. A version that
 * cannot be determined is reported as info only when advisories exist for the library. Other build
 * files (a parent pom, {@code gradle.properties}) are read through the caller's lookup; this class
 * does no I/O. Immutable and thread-safe.
 */
public final class BuildFileAnalyzer {
    private final AdvisoryDatabase advisories;
    private final Function<String, Optional<String>> buildFiles;

    public BuildFileAnalyzer(AdvisoryDatabase advisories, Function<String, Optional<String>> buildFiles) {
        this.advisories = advisories;
        this.buildFiles = buildFiles;
    }

    /** The bundled advisories, and no other build file visible. */
    public static BuildFileAnalyzer bundled() {
        return new BuildFileAnalyzer(AdvisoryDatabase.bundled(), path -> Optional.empty());
    }

    public BuildFileAnalyzer withAdvisories(AdvisoryDatabase newAdvisories) {
        return new BuildFileAnalyzer(newAdvisories, buildFiles);
    }

    /** {@code lookup} gives the text of another build file by path (a parent pom, gradle.properties), if it exists. */
    public BuildFileAnalyzer withBuildFiles(Function<String, Optional<String>> lookup) {
        return new BuildFileAnalyzer(advisories, lookup);
    }

    public AdvisoryDatabase advisories() {
        return advisories;
    }

    /** Whether SecLens reads this file for dependencies: {@code pom.xml}, Gradle builds and version catalogs. */
    public static boolean isBuildFile(String path) {
        String unix = path.replace('\\', '/');
        String name = unix.substring(unix.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.equals("pom.xml") || name.equals("build.gradle") || name.equals("build.gradle.kts")
                || name.endsWith(".versions.toml");
    }

    /**
     * Analyses one build file.
     *
     * @param rule               the rule as configured (a disabled rule is not passed here at all)
     * @param configuredSeverity a severity the configuration sets, which replaces the advisories'
     * @param minimumConfidence  findings less sure than this are dropped
     * @param ignored            the accepted findings of the file's project (asked only when there are findings)
     */
    public Analysis analyze(SourceFile file, RuleMetadata rule, Optional<Severity> configuredSeverity,
            Confidence minimumConfidence, Supplier<IgnoreList> ignored) {
        String name = file.path().replace('\\', '/').toLowerCase(Locale.ROOT);
        List<DeclaredDependency> dependencies;
        List<SyntaxProblem> problems;
        List<Finding> findings = new ArrayList<>();
        if (name.endsWith(".xml")) {
            MavenPom.Result pom = MavenPom.read(file.path(), file.text(), buildFiles);
            dependencies = pom.dependencies();
            problems = pom.problems();
            findings.addAll(transitive(file.path(), pom, rule, configuredSeverity));
        } else if (name.endsWith(".toml")) {
            VersionCatalog.Result catalog = VersionCatalog.read(file.text());
            dependencies = catalog.dependencies();
            problems = catalog.problems();
        } else {
            dependencies = GradleBuild.read(file.path(), file.text(), buildFiles);
            problems = List.of();
        }
        for (DeclaredDependency dependency : dependencies) {
            finding(dependency, rule, configuredSeverity)
                    .filter(f -> f.confidence().compareTo(minimumConfidence) >= 0)
                    .ifPresent(findings::add);
        }
        findings.sort(Finding.ORDER);
        Map<Finding, String> fingerprints = fingerprints(findings, dependencies);
        List<Finding> reported = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        TextLines lines = TextLines.of(file.text());
        IgnoreList ignoreList = findings.isEmpty() ? IgnoreList.EMPTY : ignored.get();
        for (Finding finding : findings) {
            Optional<Suppression> suppression = byComment(lines, finding)
                    .or(() -> ignoreList.match(fingerprints.get(finding), finding.ruleId())
                            .map(e -> new Suppression(Suppression.Kind.IGNORE_FILE, e.reason())));
            if (suppression.isPresent()) {
                suppressed.add(new SuppressedFinding(finding, suppression.get()));
            } else {
                reported.add(finding);
            }
        }
        return new Analysis(file, Optional.empty(), reported, problems, List.of(), false, suppressed, fingerprints);
    }

    private Optional<Finding> finding(DeclaredDependency dependency, RuleMetadata rule, Optional<Severity> configuredSeverity) {
        if (!advisories.covers(dependency.packageName())) {
            return Optional.empty();
        }
        String library = "`" + dependency.packageName() + "`";
        if (dependency.version().isEmpty()) {
            return Optional.of(new Finding(rule, dependency.at(), library + ": the version cannot be determined ("
                    + dependency.origin() + "); SecLens knows advisories for this library but cannot tell whether"
                    + " this version is affected.", configuredSeverity.orElse(Severity.INFO), Confidence.LOW,
                    List.of(), Optional.empty()));
        }
        MavenVersion version = MavenVersion.of(dependency.version().get());
        List<AdvisoryDatabase.Entry> matches = advisories.affecting(dependency.packageName(), version);
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        Severity severity = severity(matches, rule, dependency.testOnly());
        Optional<MavenVersion> upgrade = lowestFixed(dependency.packageName(), version);
        StringBuilder message = new StringBuilder(library).append(' ').append(dependency.origin())
                .append(" is affected by ").append(matches.stream().map(BuildFileAnalyzer::describe)
                        .collect(Collectors.joining(", ")));
        if (dependency.testOnly()) {
            message.append(" (used by tests only)");
        }
        Optional<Fix> fix = Optional.empty();
        if (upgrade.isEmpty()) {
            message.append("; no fixed version is known: replace or remove it.");
        } else {
            message.append("; upgrade to ").append(upgrade.get());
            if (dependency.versionText().isPresent()) {
                fix = Optional.of(new Fix("Upgrade to " + upgrade.get(),
                        List.of(new TextEdit(dependency.versionText().get(), upgrade.get().toString())), List.of()));
                message.append('.');
            } else {
                message.append(dependency.elsewhere().map(where -> " (the version is set in " + where + ", change it there).")
                        .orElse("."));
            }
        }
        return Optional.of(new Finding(rule, dependency.at(), message.toString(), configuredSeverity.orElse(severity),
                Confidence.HIGH, List.of(), fix));
    }

    /**
     * Vulnerable transitive artifacts in the {@code dependency-tree.txt} beside the pom, each
     * reported on the direct dependency that brings it in. No fix: the choice between upgrading the
     * direct dependency and pinning the transitive one is the user's. Medium confidence, since the
     * tree file may be older than the pom.
     */
    private List<Finding> transitive(String path, MavenPom.Result pom, RuleMetadata rule,
            Optional<Severity> configuredSeverity) {
        Optional<String> tree = GradleBuild.sibling(path, DependencyTree.FILE_NAME).flatMap(buildFiles);
        if (tree.isEmpty()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (DependencyTree.Transitive t : DependencyTree.read(tree.get())) {
            Optional<DeclaredDependency> direct = pom.direct().stream()
                    .filter(d -> d.packageName().equals(t.direct())).findFirst();
            if (direct.isEmpty() || pom.coordinates().filter(c -> !c.equals(t.root())).isPresent()
                    || !seen.add(t.direct() + " " + t.packageName() + " " + t.version())) {
                continue;
            }
            MavenVersion version = MavenVersion.of(t.version());
            List<AdvisoryDatabase.Entry> matches = advisories.affecting(t.packageName(), version);
            if (matches.isEmpty()) {
                continue;
            }
            Severity severity = severity(matches, rule, t.testOnly() || direct.get().testOnly());
            StringBuilder message = new StringBuilder("`").append(t.direct()).append("` brings in `")
                    .append(t.packageName()).append("` ").append(t.version()).append(" (")
                    .append(String.join(" > ", t.path())).append(", in ").append(DependencyTree.FILE_NAME)
                    .append("), which is affected by ")
                    .append(matches.stream().map(BuildFileAnalyzer::describe).collect(Collectors.joining(", ")));
            Optional<MavenVersion> upgrade = lowestFixed(t.packageName(), version);
            message.append(upgrade.map(v -> "; pin `" + t.packageName() + "` to " + v
                    + " in dependencyManagement, or upgrade `" + t.direct() + "` to a version that brings in a fixed one.")
                    .orElse("; no fixed version is known: replace or exclude it."));
            findings.add(new Finding(rule, direct.get().at(), message.toString(), configuredSeverity.orElse(severity),
                    Confidence.MEDIUM, List.of(), Optional.empty()));
        }
        return findings;
    }

    /** The highest of the advisories' severities (the rule's when they give none); low for test-only use. */
    private static Severity severity(List<AdvisoryDatabase.Entry> matches, RuleMetadata rule, boolean testOnly) {
        Severity severity = matches.stream()
                .map(m -> m.advisory().severity().orElse(rule.severity()))
                .max(Comparator.naturalOrder()).orElseThrow();
        return testOnly && severity.compareTo(Severity.LOW) > 0 ? Severity.LOW : severity;
    }

    private static String describe(AdvisoryDatabase.Entry entry) {
        Advisory advisory = entry.advisory();
        List<String> names = advisory.names();
        String ids = names.size() == 1 ? names.get(0) : names.get(0) + " (" + String.join(", ", names.subList(1, names.size())) + ")";
        return advisory.severity().map(s -> ids + " " + s.label()).orElse(ids);
    }

    /**
     * The lowest version that no advisory for the package affects, among the fixed versions of the
     * ranges that affect {@code version}: the highest such fixed version, moved on while another
     * advisory affects it. Empty when an affecting range has no fixed version.
     */
    Optional<MavenVersion> lowestFixed(String packageName, MavenVersion version) {
        MavenVersion candidate = version;
        for (int round = 0; round < 20; round++) {
            List<AdvisoryDatabase.Entry> affecting = advisories.affecting(packageName, candidate);
            if (affecting.isEmpty()) {
                return candidate == version ? Optional.empty() : Optional.of(candidate);
            }
            MavenVersion next = null;
            for (AdvisoryDatabase.Entry entry : affecting) {
                Optional<MavenVersion> fixed = entry.affected().fixedAfter(candidate);
                if (fixed.isEmpty()) {
                    return Optional.empty();
                }
                if (next == null || fixed.get().compareTo(next) > 0) {
                    next = fixed.get();
                }
            }
            candidate = next;
        }
        return Optional.empty();
    }

    /** Package name and its index among findings for the same package: stable while lines move. */
    private static Map<Finding, String> fingerprints(List<Finding> findings, List<DeclaredDependency> dependencies) {
        Map<Finding, String> result = new LinkedHashMap<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (Finding finding : findings) {
            String name = dependencies.stream().filter(d -> d.at().equals(finding.range()))
                    .map(DeclaredDependency::packageName).findFirst().orElse("");
            String key = finding.ruleId() + "\n" + name;
            int index = occurrences.merge(key, 1, Integer::sum) - 1;
            result.put(finding, Fingerprints.sha256(key + "\n" + index));
        }
        return result;
    }

    /**
     * A {@code seclens-ignore} comment ({@code <!-- -->}, {@code //} or {@code #}) on the
     * finding's line, or a {@code seclens-ignore-next-line} one on the line before.
     */
    private static Optional<Suppression> byComment(TextLines lines, Finding finding) {
        int line = finding.range().startLine();
        Optional<Suppression> same = comment(lines.line(line), finding.ruleId(), false)
                .map(reason -> new Suppression(Suppression.Kind.LINE_COMMENT, reason));
        return same.or(() -> comment(lines.line(line - 1), finding.ruleId(), true)
                .map(reason -> new Suppression(Suppression.Kind.NEXT_LINE_COMMENT, reason)));
    }

    private static Optional<Optional<String>> comment(String line, String ruleId, boolean nextLine) {
        int at = line.indexOf("seclens-ignore");
        if (at < 0) {
            return Optional.empty();
        }
        String text = line.substring(at).replaceFirst("\\s*-->.*$", "");
        Matcher m = Suppressions.COMMENT.matcher(text);
        if (!m.find() || (m.group(1) != null) != nextLine || m.group(2) == null) {
            return Optional.empty();
        }
        Set<String> rules = new LinkedHashSet<>(List.of(m.group(2).trim().split("\\s*,\\s*")));
        return rules.contains(ruleId) ? Optional.of(Optional.ofNullable(m.group(3))) : Optional.empty();
    }
}
