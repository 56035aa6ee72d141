package dev.seclens.rules;

import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.WorkspaceSummaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The annotated fixture files under {@code src/test/resources/fixtures/<rule-name>/}: a trailing
 * {@code // expect: RULE-ID[, RULE-ID]} marks a line that must produce each finding, and
 * {@code // ok: RULE-ID} a deliberate safe look-alike, and {@code // suppressed: RULE-ID} a finding
 * that a suppression must match (reported as suppressed, not as a finding). A fixture folder's
 * {@code .properties} files are visible to the analyser as the project's files. Build files
 * ({@code pom.xml}, Gradle builds, version catalogs) carry the same markers in their own comments:
 * {@code <!-- expect: RULE-ID -->}, {@code // expect:} and {@code # expect:}. A line
 * {@code // threat-models: remote, local} enables those threat models for the fixture, and a line
 * {@code // log-level: debug} makes logging calls from that level up log-injection sinks (as the rule's
 * {@code minimumLevel} setting would; INFO without it).
 */
final class Fixtures {
    private static final Pattern THREAT_MODELS = Pattern.compile("//\\s*threat-models:\\s*([\\w ,]+)");
    private static final Pattern LOG_LEVEL = Pattern.compile("//\\s*log-level:\\s*(\\w+)");
    private static final Pattern MARKER = Pattern.compile("(?://|<!--|#)\\s*(expect|ok|suppressed):\\s*([\\w/\\-]+(?:\\s*,\\s*[\\w/\\-]+)*)");

    /** A finding as the fixtures speak of it. */
    record Expectation(int line, String ruleId) implements Comparable<Expectation> {
        @Override
        public int compareTo(Expectation o) {
            int c = Integer.compare(line, o.line);
            return c != 0 ? c : ruleId.compareTo(o.ruleId);
        }

        @Override
        public String toString() {
            return "line " + line + " " + ruleId;
        }
    }

    private Fixtures() {
    }

    static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> all() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(Fixtures::isFixture).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isFixture(Path path) {
        return path.toString().endsWith(".java") || BuildFileAnalyzer.isBuildFile(path.toString());
    }

    /** Other build files by path relative to the fixtures root, as a workspace would give them (parent poms). */
    static Optional<String> buildFile(String relativePath) {
        Path file = root().resolve(relativePath).normalize();
        try {
            return file.startsWith(root()) && Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture as the analyser sees it: its path relative to the fixtures root decides test-code status. */
    static SourceFile source(Path fixture) {
        try {
            String relative = root().relativize(fixture).toString().replace('\\', '/');
            return new SourceFile(relative, Files.readString(fixture, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For a fixture inside a folder named {@code *.project}, the summaries of every Java file of
     * that folder and of its MyBatis mapper XML files, so that flows across its files are seen as in
     * a workspace.
     */
    static Optional<WorkspaceSummaries> project(Path fixture, TaintEngine engine) {
        for (Path dir = fixture.getParent(); dir != null && !dir.equals(root()); dir = dir.getParent()) {
            if (dir.getFileName().toString().endsWith(".project")) {
                Map<String, String> texts = new TreeMap<>();
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.filter(f -> f.toString().endsWith(".java")
                            || dev.seclens.rules.taint.MapperXml.isCandidate(f.toString())).toList()) {
                        texts.put(source(p).path(), source(p).text());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                WorkspaceSummaries summaries = new WorkspaceSummaries(engine);
                summaries.addAll(texts);
                return Optional.of(summaries);
            }
        }
        return Optional.empty();
    }

    /**
     * The threat models a fixture enables with a line {@code // threat-models: remote, local} (as a
     * configuration's {@code threatModels} would); the default ones without it.
     */
    static Set<String> threatModels(String text) {
        Matcher m = THREAT_MODELS.matcher(text);
        if (!m.find()) {
            return TaintEngine.DEFAULT_THREAT_MODELS;
        }
        Set<String> models = new TreeSet<>();
        for (String model : m.group(1).split(",")) {
            models.add(model.trim());
        }
        return models;
    }

    /** The lowest log level a fixture's logging sinks start at ({@code // log-level: debug}); INFO without it. */
    static String minimumLogLevel(String text) {
        Matcher m = LOG_LEVEL.matcher(text);
        return m.find() ? m.group(1) : dev.seclens.rules.taint.TaintSpecs.DEFAULT_MINIMUM_LOG_LEVEL;
    }

    /** The fixtures' other files (their {@code .properties}), by path relative to the fixtures root. */
    static ProjectFiles projectFiles() {
        Path root = root();
        return path -> {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static Set<Expectation> markers(String text, String kind) {
        Set<Expectation> result = new TreeSet<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            while (m.find()) {
                if (m.group(1).equals(kind)) {
                    for (String id : m.group(2).split(",")) {
                        result.add(new Expectation(i + 1, id.trim()));
                    }
                }
            }
        }
        return result;
    }
}
