package dev.seclens.rules.deps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Advisories by Maven package: the curated bundle shipped in this module plus whatever OSV files
 * the user adds. An advisory id seen twice keeps its last definition, so a full export dropped in
 * by a team replaces the bundled copy. Immutable.
 */
public final class AdvisoryDatabase {
    private static final String BUNDLE = "advisories/";

    /** An OSV document and the name it is reported under (a file path, or a bundled resource). */
    public record Source(String name, String json) {
    }

    /** One advisory affecting one package. */
    public record Entry(Advisory advisory, Advisory.Affected affected) {
    }

    private final Map<String, Advisory> byId;
    private final Map<String, List<Entry>> byPackage;
    private final List<String> problems;

    private AdvisoryDatabase(Map<String, Advisory> byId, List<String> problems) {
        this.byId = byId;
        this.problems = List.copyOf(problems);
        Map<String, List<Entry>> index = new HashMap<>();
        for (Advisory advisory : byId.values()) {
            for (Advisory.Affected affected : advisory.affected()) {
                index.computeIfAbsent(affected.packageName(), k -> new ArrayList<>()).add(new Entry(advisory, affected));
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byPackage = Map.copyOf(index);
    }

    public static final AdvisoryDatabase EMPTY = new AdvisoryDatabase(Map.of(), List.of());

    private static final class Bundled {
        static final AdvisoryDatabase INSTANCE = EMPTY.with(readBundle());
    }

    /** The curated advisories shipped with SecLens (read once). */
    public static AdvisoryDatabase bundled() {
        return Bundled.INSTANCE;
    }

    /** The bundle's files, in the order {@code advisories/index.txt} lists them. */
    static List<Source> readBundle() {
        List<Source> sources = new ArrayList<>();
        for (String name : resource(BUNDLE + "index.txt").split("\n")) {
            if (!name.isBlank()) {
                sources.add(new Source(BUNDLE + name.trim(), resource(BUNDLE + name.trim())));
            }
        }
        return sources;
    }

    private static String resource(String name) {
        try (InputStream in = AdvisoryDatabase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This database plus the advisories in {@code sources}; unreadable ones become {@link #problems()}. */
    public AdvisoryDatabase with(Collection<Source> sources) {
        Map<String, Advisory> merged = new LinkedHashMap<>(byId);
        List<String> allProblems = new ArrayList<>(problems);
        for (Source source : sources) {
            AdvisoryParser.Parsed parsed = AdvisoryParser.parse(source.name(), source.json());
            parsed.advisories().forEach(a -> merged.put(a.id(), a));
            allProblems.addAll(parsed.problems());
        }
        return new AdvisoryDatabase(merged, allProblems);
    }

    /** This database with more problems, for files its caller could not even read. */
    public AdvisoryDatabase withProblems(Collection<String> more) {
        List<String> all = new ArrayList<>(problems);
        all.addAll(more);
        return new AdvisoryDatabase(byId, all);
    }

    /** One message per advisory or file that could not be read, naming the file and the entry. */
    public List<String> problems() {
        return problems;
    }

    public int size() {
        return byId.size();
    }

    /** Whether any advisory names this {@code group:artifact}. */
    public boolean covers(String packageName) {
        return byPackage.containsKey(packageName);
    }

    /** The advisories that affect {@code version} of {@code packageName}, in load order. */
    public List<Entry> affecting(String packageName, MavenVersion version) {
        return byPackage.getOrDefault(packageName, List.of()).stream()
                .filter(e -> e.affected().affects(version))
                .toList();
    }
}
