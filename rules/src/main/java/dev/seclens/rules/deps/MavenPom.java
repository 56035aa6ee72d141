package dev.seclens.rules.deps;

import dev.seclens.rules.SourceRange;
import dev.seclens.rules.SyntaxProblem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dependencies a {@code pom.xml} declares, with versions resolved the way Maven would as far
 * as the workspace allows: {@code ${property}} from this pom or its parents, {@code project.version},
 * and versions managed in a {@code dependencyManagement} section here or in a parent. Parents are
 * found at {@code relativePath} (default {@code ../pom.xml}) through the caller's lookup and used
 * only when their coordinates match. Plugins and their dependencies are ignored; BOM imports are
 * not followed, so dependencies whose versions they (or a parent outside the workspace) manage are
 * left out rather than reported as undeterminable.
 */
final class MavenPom {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final int MAX_PARENTS = 10;

    /**
     * The dependencies, or the problem that made the pom unreadable.
     *
     * @param direct      the dependencies that are not only managed, which bring in transitive ones
     * @param coordinates the project's {@code group:artifact}, when the pom gives both
     */
    record Result(List<DeclaredDependency> dependencies, List<DeclaredDependency> direct, Optional<String> coordinates,
                  List<SyntaxProblem> problems) {
    }

    /** One pom in the parent chain: its root element and its path (for messages). */
    private record Pom(String path, XmlDocument.Element project) {
        Optional<String> version() {
            return project.childText("version").or(() -> project.child("parent").flatMap(p -> p.childText("version")));
        }
    }

    /** A property's value and the pom that defines it. */
    private record Property(String value, Pom pom, Optional<SourceRange> valueRange) {
    }

    private final List<Pom> chain;

    private MavenPom(List<Pom> chain) {
        this.chain = chain;
    }

    static Result read(String path, String text, Function<String, Optional<String>> buildFiles) {
        XmlDocument.Parsed parsed = XmlDocument.parse(text);
        if (parsed.root().isEmpty()) {
            return new Result(List.of(), List.of(), Optional.empty(), parsed.problems());
        }
        XmlDocument.Element project = parsed.root().get();
        if (!project.name().equals("project")) {
            return new Result(List.of(), List.of(), Optional.empty(), List.of());
        }
        List<Pom> chain = new ArrayList<>();
        chain.add(new Pom(path, project));
        Set<String> seen = new HashSet<>(Set.of(normalised(path)));
        while (chain.size() <= MAX_PARENTS) {
            Optional<Pom> parent = parent(chain.get(chain.size() - 1), buildFiles);
            if (parent.isEmpty() || !seen.add(normalised(parent.get().path()))) {
                break;
            }
            chain.add(parent.get());
        }
        MavenPom pom = new MavenPom(chain);
        List<DeclaredDependency> direct = new ArrayList<>();
        for (XmlDocument.Element dependency : direct(chain.get(0))) {
            pom.declared(dependency).ifPresent(direct::add);
        }
        Optional<String> coordinates = pom.property("project.groupId").map(Property::value)
                .flatMap(group -> project.childText("artifactId").map(artifact -> group + ":" + artifact));
        return new Result(pom.dependencies(), direct, coordinates, List.of());
    }

    /** The declared parent, when the workspace has a pom at its relative path with the same coordinates. */
    private static Optional<Pom> parent(Pom child, Function<String, Optional<String>> buildFiles) {
        Optional<XmlDocument.Element> declared = child.project().child("parent");
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        String relative = declared.get().child("relativePath").map(XmlDocument.Element::text).orElse("../pom.xml");
        if (relative.isEmpty()) {
            return Optional.empty(); // an empty relativePath means: look it up in repositories only
        }
        String parentPath;
        try {
            Path folder = Path.of(child.path()).getParent();
            Path target = (folder == null ? Path.of(relative) : folder.resolve(relative)).normalize();
            parentPath = (relative.endsWith(".xml") ? target : target.resolve("pom.xml")).toString();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        Optional<XmlDocument.Element> parent = buildFiles.apply(parentPath)
                .flatMap(text -> XmlDocument.parse(text).root())
                .filter(root -> root.name().equals("project"));
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        Pom pom = new Pom(parentPath, parent.get());
        String groupId = parent.get().childText("groupId")
                .or(() -> parent.get().child("parent").flatMap(p -> p.childText("groupId"))).orElse("");
        boolean same = groupId.equals(declared.get().childText("groupId").orElse(""))
                && parent.get().childText("artifactId").equals(declared.get().childText("artifactId"));
        return same ? Optional.of(pom) : Optional.empty();
    }

    private static String normalised(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return path;
        }
    }

    private List<DeclaredDependency> dependencies() {
        Pom self = chain.get(0);
        List<DeclaredDependency> result = new ArrayList<>();
        for (XmlDocument.Element managed : managed(self)) {
            if (!isImport(managed)) {
                declared(managed).ifPresent(result::add);
            }
        }
        for (XmlDocument.Element dependency : direct(self)) {
            declared(dependency).ifPresent(result::add);
        }
        return result;
    }

    private static List<XmlDocument.Element> direct(Pom pom) {
        List<XmlDocument.Element> result = new ArrayList<>(pom.project().at("dependencies", "dependency"));
        result.addAll(pom.project().at("profiles", "profile", "dependencies", "dependency"));
        return result;
    }

    private static List<XmlDocument.Element> managed(Pom pom) {
        List<XmlDocument.Element> result = new ArrayList<>(pom.project().at("dependencyManagement", "dependencies", "dependency"));
        result.addAll(pom.project().at("profiles", "profile", "dependencyManagement", "dependencies", "dependency"));
        return result;
    }

    private static boolean isImport(XmlDocument.Element dependency) {
        return dependency.childText("scope").filter("import"::equals).isPresent();
    }

    private Optional<DeclaredDependency> declared(XmlDocument.Element dependency) {
        Optional<String> group = dependency.childText("groupId").map(g -> interpolate(g).orElse(g));
        Optional<String> artifact = dependency.childText("artifactId");
        if (group.isEmpty() || artifact.isEmpty()) {
            return Optional.empty();
        }
        String name = group.get() + ":" + artifact.get();
        boolean test = dependency.childText("scope").filter("test"::equals).isPresent();
        Optional<XmlDocument.Element> version = dependency.child("version").filter(v -> !v.text().isEmpty());
        if (version.isPresent()) {
            return Optional.ofNullable(fromVersion(name, version.get(), test));
        }
        return Optional.ofNullable(fromManagement(name, dependency, test));
    }

    /**
     * A version written on the dependency: a literal, or properties defined here or in a parent; null
     * when a property is undefined but a parent outside the workspace may define it.
     */
    private DeclaredDependency fromVersion(String name, XmlDocument.Element version, boolean test) {
        String written = version.text();
        SourceRange at = version.textRange().orElse(version.startTag());
        if (!written.contains("${")) {
            return new DeclaredDependency(name, Optional.of(written), written, at, version.textRange(), Optional.empty(), test);
        }
        Matcher single = PROPERTY.matcher(written);
        Optional<String> value = interpolate(written);
        if (value.isEmpty()) {
            if (hasParentOutside()) {
                return null; // the parent outside the workspace defines the property, as Maven requires
            }
            return new DeclaredDependency(name, Optional.empty(), "`" + written + "`: " + undefined(written), at,
                    Optional.empty(), Optional.empty(), test);
        }
        if (single.matches()) {
            Optional<Property> property = property(single.group(1));
            if (property.isPresent() && !property.get().value().contains("${")) {
                Property p = property.get();
                boolean here = p.pom() == chain.get(0);
                String origin = "`" + written + "` = " + p.value() + (here
                        ? p.valueRange().map(r -> " (line " + r.startLine() + ")").orElse("")
                        : " (in " + p.pom().path() + ")");
                return new DeclaredDependency(name, value, origin, at, here ? p.valueRange() : Optional.empty(),
                        here ? Optional.empty() : Optional.of(p.pom().path()), test);
            }
        }
        return new DeclaredDependency(name, value, "`" + written + "` = " + value.get(), at, Optional.empty(),
                Optional.of("the expression `" + written + "`"), test);
    }

    /** Whether versions may come from outside the workspace: a BOM imported in the chain, or a parent not in it. */
    private boolean versionsManagedOutside() {
        return hasParentOutside() || chain.stream().anyMatch(pom -> managed(pom).stream().anyMatch(MavenPom::isImport));
    }

    /** Whether the last pom of the chain declares a parent the workspace does not have (one from a repository). */
    private boolean hasParentOutside() {
        return chain.get(chain.size() - 1).project().child("parent").isPresent();
    }

    /**
     * A dependency without a version takes it from dependencyManagement. Managed here, the managed
     * entry is reported itself; managed in a parent, it is reported here; managed nowhere we can
     * see, it is left out when a BOM import or a parent outside the workspace manages it (a normal
     * build: nothing to say), and its version is unknown otherwise. Null when there is nothing to report.
     */
    private DeclaredDependency fromManagement(String name, XmlDocument.Element dependency, boolean test) {
        SourceRange at = dependency.startTag();
        for (Pom pom : chain) {
            for (XmlDocument.Element managed : managed(pom)) {
                boolean same = managed.childText("groupId").map(g -> interpolate(g).orElse(g))
                        .map(g -> (g + ":" + managed.childText("artifactId").orElse("")).equals(name)).orElse(false);
                if (!same || managed.child("version").isEmpty()) {
                    continue;
                }
                if (pom == chain.get(0)) {
                    return null;
                }
                Optional<String> value = interpolate(managed.child("version").get().text());
                String where = pom.path();
                return value.map(v -> new DeclaredDependency(name, Optional.of(v), v + " (managed in " + where + ")", at,
                                Optional.empty(), Optional.of(where), test))
                        .orElseGet(() -> new DeclaredDependency(name, Optional.empty(),
                                "managed in " + where + " as `" + managed.child("version").get().text() + "`, which "
                                        + undefined(managed.child("version").get().text()),
                                at, Optional.empty(), Optional.empty(), test));
            }
        }
        if (versionsManagedOutside()) {
            return null; // as Maven means it: the imported BOM or the outer parent gives the version
        }
        return new DeclaredDependency(name, Optional.empty(), "no version is given here and no pom in the"
                + " workspace manages it", at, Optional.empty(), Optional.empty(), test);
    }

    private String undefined(String expression) {
        List<String> missing = new ArrayList<>();
        Matcher m = PROPERTY.matcher(expression);
        while (m.find()) {
            if (interpolate("${" + m.group(1) + "}").isEmpty()) {
                missing.add(m.group(1));
            }
        }
        return "property " + String.join(", ", missing) + " is not defined in this pom or a parent in the workspace";
    }

    /** The text with every {@code ${name}} replaced, or empty when one cannot be. */
    private Optional<String> interpolate(String text) {
        return interpolate(text, 0);
    }

    private Optional<String> interpolate(String text, int depth) {
        if (depth > 10) {
            return Optional.empty(); // a property defined through itself
        }
        Matcher m = PROPERTY.matcher(text);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            Optional<String> value = property(m.group(1)).flatMap(p -> interpolate(p.value(), depth + 1));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            m.appendReplacement(result, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(result);
        return Optional.of(result.toString());
    }

    /** A property from the nearest pom that defines it, or one of Maven's project properties. */
    private Optional<Property> property(String name) {
        Pom self = chain.get(0);
        switch (name) {
            case "project.version", "pom.version", "version" -> {
                return self.version().map(v -> new Property(v, self, Optional.empty()));
            }
            case "project.groupId", "pom.groupId" -> {
                return self.project().childText("groupId").or(() -> self.project().child("parent")
                        .flatMap(p -> p.childText("groupId"))).map(v -> new Property(v, self, Optional.empty()));
            }
            case "project.parent.version" -> {
                return self.project().child("parent").flatMap(p -> p.childText("version"))
                        .map(v -> new Property(v, self, Optional.empty()));
            }
            default -> {
                for (Pom pom : chain) {
                    Map<String, XmlDocument.Element> properties = new LinkedHashMap<>();
                    pom.project().at("properties").forEach(p -> p.children().forEach(c -> properties.putIfAbsent(c.name(), c)));
                    XmlDocument.Element defined = properties.get(name);
                    if (defined != null) {
                        return Optional.of(new Property(defined.text(), pom, defined.textRange()));
                    }
                }
                return Optional.empty();
            }
        }
    }
}
