package dev.seclens.rules.taint;

import dev.seclens.rules.model.TypeRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The workspace's symbol table: the summaries of the classes of a workspace or scan, keyed by
 * fully qualified name, with the supertype relation resolved against the whole workspace, and the
 * call targets a call may run (its call graph). Immutable.
 */
public final class SummaryTable {
    public static final SummaryTable EMPTY = new SummaryTable(List.of());
    /** The name under which an observer is told of a read of a class's constructors. */
    static final String CONSTRUCTOR = "<init>";
    /** A virtual call with more targets than this runs the first ones only, and is reported as capped. */
    static final int MAX_TARGETS = 8;
    /** Subtypes walked for one virtual call: a hierarchy larger than this is not worth following whole. */
    private static final int MAX_SUBTYPES_WALKED = 256;

    private final Map<String, List<ClassSummary>> byName = new HashMap<>();
    /** Classes under every name their supertypes may resolve to; {@link #subtypes} keeps those that do. */
    private final Map<String, List<ClassSummary>> bySupertypeCandidate = new HashMap<>();
    /** Classes by the static fields ({@code owner#field}) their methods write untrusted data to. */
    private final Map<String, List<ClassSummary>> byStaticWrite = new HashMap<>();
    /** The same classes by the owner of those fields alone, for what depends on any of them. */
    private final Map<String, List<ClassSummary>> byStaticWriteOwner = new HashMap<>();
    /** Classes by the types of the beans their {@code @Bean} methods provide ({@link ClassSummary#beanTypes}). */
    private final Map<String, List<ClassSummary>> byBeanType = new HashMap<>();
    /** A table made by {@link #with}: this one's classes of {@code replacedFile} hide the base's. */
    private final SummaryTable base;
    private final String replacedFile;
    private final int depth;
    /** Per file, the limits settling the workspace applied to it (summaries that failed or did not settle). */
    private final Map<String, List<String>> limits;
    /** The statements of the workspace's MyBatis mapper XML files, by namespace (the mapper interface's name). */
    private final Map<String, List<MapperXml.Statement>> mapperStatements;
    /** Made by {@link #observing}: the file whose method summaries or static writes a lookup reports reading. */
    private final String observedFile;
    private final Reads observer;
    /**
     * Per class flagged as test code, whether a production class extends it: asked for every test
     * class among a call's targets, and a walk of its subtypes each time (the analysis threads of a
     * scan share the table).
     */
    private final Map<String, Boolean> extendedByProduction = new java.util.concurrent.ConcurrentHashMap<>();
    /** What {@link #methods} answered, by question: the analysis threads of a scan share the table. */
    private final Map<Question, Answer> answers = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Told what a lookup read of the observed file's classes: the summaries of one method name
     * ({@code "<init>"} for constructors), or, with a null name, everything the rounds change of the
     * class (every method's summary and its static writes).
     */
    interface Reads {
        void read(String className, String methodName);
    }

    /** The methods a call may run, and whether there were more than {@link #MAX_TARGETS} of them. */
    public record Targets(List<MethodSummary> methods, boolean capped) {
        static final Targets NONE = new Targets(List.of(), false);

        public boolean isEmpty() {
            return methods.isEmpty();
        }
    }

    public SummaryTable(Collection<ClassSummary> classes) {
        this(classes, Map.of());
    }

    /** A table that also says, per file, which limits building it applied (shown with the file's findings). */
    public SummaryTable(Collection<ClassSummary> classes, Map<String, List<String>> limits) {
        this(classes, limits, List.of());
    }

    /** A table that also knows the statements of the workspace's MyBatis mapper XML files. */
    public SummaryTable(Collection<ClassSummary> classes, Map<String, List<String>> limits,
                        Collection<MapperXml.Statement> statements) {
        this(null, null, classes, limits, byNamespace(statements), null, null);
    }

    private SummaryTable(SummaryTable base, String replacedFile, Collection<ClassSummary> classes,
                         Map<String, List<String>> limits, Map<String, List<MapperXml.Statement>> mapperStatements,
                         String observedFile, Reads observer) {
        this.limits = Map.copyOf(limits);
        this.mapperStatements = mapperStatements;
        this.observedFile = observedFile;
        this.observer = observer;
        this.base = base;
        this.replacedFile = replacedFile;
        this.depth = base == null ? 0 : base.depth + 1;
        for (ClassSummary c : classes) {
            byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
            for (String written : c.staticWrites().keySet()) {
                int hash = written.lastIndexOf('#');
                for (String candidate : written.substring(0, hash).split("\\|")) {
                    byStaticWrite.computeIfAbsent(candidate + written.substring(hash), k -> new ArrayList<>()).add(c);
                    List<ClassSummary> writers = byStaticWriteOwner.computeIfAbsent(candidate, k -> new ArrayList<>());
                    if (!writers.contains(c)) writers.add(c);
                }
            }
            c.beanTypes().forEach(t -> byBeanType.computeIfAbsent(t, k -> new ArrayList<>()).add(c));
            for (String s : c.supertypes()) {
                for (String candidate : s.split("\\|")) {
                    bySupertypeCandidate.computeIfAbsent(candidate, k -> new ArrayList<>()).add(c);
                }
            }
        }
    }

    /**
     * This table with the classes of {@code file} replaced by {@code classes}: cheap, as a layer
     * over this one, so analysing one file against the workspace does not copy the workspace.
     */
    public SummaryTable with(String file, Collection<ClassSummary> classes) {
        return with(file, classes, null);
    }

    /**
     * As {@link #with}, and {@code onRead} is told whenever a lookup may read the method summaries or
     * static writes of {@code file}'s classes, and which: what else it tells of them (names, supertypes,
     * constants, function parameters) does not depend on those summaries. So a file's analysis
     * knows whether, and where, its own summaries could have changed what it found.
     */
    SummaryTable observing(String file, Collection<ClassSummary> classes, Reads onRead) {
        return with(file, classes, onRead);
    }

    private SummaryTable with(String file, Collection<ClassSummary> classes, Reads onRead) {
        if (depth < 16) {
            return new SummaryTable(this, file, classes, limits, mapperStatements, onRead == null ? null : file, onRead);
        }
        List<ClassSummary> all = new ArrayList<>(classes);
        all(all, file);
        return new SummaryTable(null, null, all, limits, mapperStatements, onRead == null ? null : file, onRead);
    }

    /** {@code classes}, after telling the observer of those that belong to the observed file, read whole. */
    private List<ClassSummary> observed(List<ClassSummary> classes) {
        if (observer != null) {
            classes.forEach(c -> observedMethod(c, null));
        }
        return classes;
    }

    /** Tells the observer that the summaries of {@code c}'s methods {@code name} (all, if null) were read, if {@code c} is observed. */
    private void observedMethod(ClassSummary c, String name) {
        if (observer != null && c.file().equals(observedFile)) {
            observer.read(c.name(), name);
        }
    }

    private static Map<String, List<MapperXml.Statement>> byNamespace(Collection<MapperXml.Statement> statements) {
        Map<String, List<MapperXml.Statement>> out = new HashMap<>();
        statements.forEach(s -> out.computeIfAbsent(s.namespace(), k -> new ArrayList<>()).add(s));
        return out;
    }

    /** The mapper XML statements of the namespace {@code mapper} with this id, in every file that declares them. */
    public List<MapperXml.Statement> mapperStatements(String mapper, String id) {
        return mapperStatements.getOrDefault(mapper, List.of()).stream().filter(s -> s.id().equals(id)).toList();
    }

    /** Whether some mapper XML file of the workspace has statements for the namespace {@code mapper}. */
    public boolean hasMapperStatements(String mapper) {
        return mapperStatements.containsKey(mapper);
    }

    /** The limits that building this table applied to {@code file}'s summaries; empty when none. */
    public List<String> limitsOf(String file) {
        return limits.getOrDefault(file, List.of());
    }

    private void all(List<ClassSummary> out, String hiddenFile) {
        if (base != null) {
            List<ClassSummary> below = new ArrayList<>();
            base.all(below, replacedFile);
            below.stream().filter(c -> !c.file().equals(hiddenFile)).forEach(out::add);
        }
        byName.values().forEach(list -> list.stream().filter(c -> !c.file().equals(hiddenFile)).forEach(out::add));
    }

    private enum Index { NAME, SUPERTYPE, STATIC_WRITE, STATIC_WRITE_OWNER, BEAN_TYPE }

    private List<ClassSummary> lookup(Index index, String key) {
        Map<String, List<ClassSummary>> own = switch (index) {
            case NAME -> byName;
            case SUPERTYPE -> bySupertypeCandidate;
            case STATIC_WRITE -> byStaticWrite;
            case STATIC_WRITE_OWNER -> byStaticWriteOwner;
            case BEAN_TYPE -> byBeanType;
        };
        List<ClassSummary> mine = own.getOrDefault(key, List.of());
        if (base == null) {
            return mine;
        }
        List<ClassSummary> below = base.lookup(index, key);
        if (below.isEmpty()) {
            return mine;
        }
        List<ClassSummary> out = new ArrayList<>(mine);
        below.stream().filter(c -> !c.file().equals(replacedFile)).forEach(out::add);
        return out;
    }

    /** The classes of the workspace with this fully qualified name (one, unless two source roots repeat it). */
    public List<ClassSummary> classes(String qualifiedName) {
        return observed(lookup(Index.NAME, qualifiedName));
    }

    /** As {@link #classes}, for what reads no method summary or static write of them. */
    private List<ClassSummary> shapes(String qualifiedName) {
        return lookup(Index.NAME, qualifiedName);
    }

    /**
     * The classes of the workspace with this fully qualified name, for what they declare (supertypes,
     * constants, function types and parameters): none of it depends on method summaries, so reading
     * it is not reported to an observer.
     */
    public List<ClassSummary> declared(String qualifiedName) {
        return shapes(qualifiedName);
    }

    /** What one class's methods store in a static field ({@code field}: its name, or a store's entry). */
    public record StaticWrite(String file, String field, Value value) {
    }

    /**
     * What the workspace's classes store in the static field {@code field} of the class
     * {@code owner} (fully qualified), each writer's owner reference resolved against the workspace.
     */
    public List<StaticWrite> staticWrites(String owner, String field) {
        List<StaticWrite> out = new ArrayList<>();
        for (ClassSummary c : observed(lookup(Index.STATIC_WRITE, owner + "#" + field))) {
            c.staticWrites().forEach((written, value) -> {
                int hash = written.lastIndexOf('#');
                if (written.substring(hash + 1).equals(field) && resolve(written.substring(0, hash)).equals(owner)) {
                    out.add(new StaticWrite(c.file(), field, value));
                }
            });
        }
        return out;
    }

    /** What the workspace's classes store in the static fields of {@code owner} whose names start with {@code prefix}. */
    public List<StaticWrite> staticWritesStartingWith(String owner, String prefix) {
        List<StaticWrite> out = new ArrayList<>();
        for (ClassSummary c : staticWritersOf(owner)) {
            c.staticWrites().forEach((written, value) -> {
                int hash = written.lastIndexOf('#');
                if (written.startsWith(prefix, hash + 1) && resolve(written.substring(0, hash)).equals(owner)) {
                    out.add(new StaticWrite(c.file(), written.substring(hash + 1), value));
                }
            });
        }
        return out;
    }

    /** The classes whose methods store untrusted data in some static field of {@code owner}. */
    public List<ClassSummary> staticWritersOf(String owner) {
        List<ClassSummary> out = new ArrayList<>();
        for (ClassSummary c : observed(lookup(Index.STATIC_WRITE_OWNER, owner))) {
            if (c.staticWrites().keySet().stream().anyMatch(k -> resolve(k.substring(0, k.lastIndexOf('#'))).equals(owner))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The classes with {@code @Bean} methods providing {@code type} (fully qualified), which the
     * container injects into fields and constructor parameters of that type in other files.
     */
    public List<ClassSummary> beanFactoriesOf(String type) {
        return lookup(Index.BEAN_TYPE, type);
    }

    /** The classes whose static fields {@code c}'s methods write untrusted data to, resolved. */
    public Set<String> staticWriteOwners(ClassSummary c) {
        Set<String> out = new HashSet<>();
        c.staticWrites().keySet().forEach(k -> out.add(resolve(k.substring(0, k.lastIndexOf('#')))));
        return out;
    }

    /** Whether the workspace declares a class of this fully qualified name. */
    public boolean knows(String qualifiedName) {
        return !shapes(qualifiedName).isEmpty();
    }

    /** What an {@linkplain TypeRef#encoded() encoded reference} written in some file denotes in this workspace. */
    public String resolve(String reference) {
        if (reference.endsWith("[]")) {
            return resolve(reference.substring(0, reference.length() - 2).replace("[]|", "|")) + "[]";
        }
        return TypeRef.resolve(reference, this::knows);
    }

    /** The resolved supertypes of the class {@code qualifiedName}. */
    public List<String> supertypes(String qualifiedName) {
        List<String> out = new ArrayList<>();
        for (ClassSummary c : shapes(qualifiedName)) {
            c.supertypes().forEach(s -> out.add(resolve(s)));
        }
        return out;
    }

    /**
     * The declared type, resolved, of the field {@code name} that the workspace class {@code owner}
     * or one of its supertypes declares for other files to read ({@link ClassSummary#fieldTypes}).
     */
    public Optional<String> fieldType(String owner, String name) {
        Deque<String> pending = new ArrayDeque<>(List.of(owner));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty() && seen.size() < 64) {
            String type = pending.poll();
            if (!seen.add(type)) continue;
            for (ClassSummary c : shapes(type)) {
                String declared = c.fieldTypes().get(name);
                if (declared != null) return Optional.of(resolve(declared));
            }
            pending.addAll(supertypes(type));
        }
        return Optional.empty();
    }

    /** The classes that directly extend or implement {@code qualifiedName}. */
    public List<ClassSummary> subtypes(String qualifiedName) {
        return subtypes(observed(lookup(Index.SUPERTYPE, qualifiedName)), qualifiedName);
    }

    private List<ClassSummary> subtypes(List<ClassSummary> candidates, String qualifiedName) {
        List<ClassSummary> out = new ArrayList<>();
        for (ClassSummary c : candidates) {
            if (c.supertypes().stream().anyMatch(s -> resolve(s).equals(qualifiedName))) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(ClassSummary::name));
        return out;
    }

    /**
     * Whether the type {@code sub} is {@code sup} or extends it, as far as the workspace tells: yes,
     * no, or unknown when the walk leaves the workspace through a library class.
     */
    public Tri isSubtype(String sub, String sup) {
        if (sub.equals(sup) || sup.equals("java.lang.Object")) {
            return Tri.YES;
        }
        Deque<String> queue = new ArrayDeque<>(List.of(sub));
        Set<String> seen = new HashSet<>();
        boolean leftWorkspace = false;
        while (!queue.isEmpty() && seen.size() < 64) {
            String t = queue.poll();
            if (!seen.add(t)) continue;
            if (t.equals(sup)) return Tri.YES;
            if (!knows(t)) {
                leftWorkspace = true;
                continue;
            }
            queue.addAll(supertypes(t));
        }
        // a library class cannot extend a class of the workspace
        return leftWorkspace && !knows(sup) ? Tri.UNKNOWN : Tri.NO;
    }

    /** A three-valued answer. */
    public enum Tri { YES, NO, UNKNOWN }

    /**
     * The methods {@code owner.name(arity args)} may run. {@code exact}: the receiver's class is
     * known (an allocation, a static call, {@code super}), so only its own or inherited method runs;
     * otherwise also the overriding methods of the workspace's subclasses and implementations, test
     * classes only when the caller is test code itself.
     */
    public Targets methods(String owner, String name, int arity, boolean exact, boolean fromTest) {
        // asked again and again (each call site, in every pass of a method's loops and of its file's rounds) of a
        // table that does not change; the walk over subtypes behind each answer was 4% of the JDK's cold scan
        Question question = new Question(owner, name, arity, exact, fromTest);
        Answer answer = answers.get(question);
        if (answer == null) { // not computeIfAbsent: a long walk would hold up the other threads' questions
            answer = answer(question);
            answers.putIfAbsent(question, answer);
        }
        if (observer != null) {
            answer.observedClasses().forEach(c -> observer.read(c, name));
        }
        return answer.targets();
    }

    private Answer answer(Question q) {
        List<MethodSummary> found = new ArrayList<>();
        List<String> observedClasses = new ArrayList<>();
        collect(q.owner(), q.name(), q.arity(), found, new HashSet<>(), observedClasses);
        boolean dispatches = !q.exact() && found.stream().noneMatch(MethodSummary::isStatic);
        if (dispatches) {
            overrides(q.owner(), q.name(), q.arity(), found, q.fromTest(), observedClasses);
        }
        if (!q.fromTest()) {
            found.removeIf(m -> isTestClass(m.owner()));
        }
        Targets targets;
        if (found.size() > MAX_TARGETS) {
            targets = new Targets(List.copyOf(found.subList(0, MAX_TARGETS)), true);
        } else {
            targets = found.isEmpty() ? Targets.NONE : new Targets(List.copyOf(found), false);
        }
        return new Answer(targets, List.copyOf(observedClasses));
    }

    /** A question {@link #methods} answers. */
    private record Question(String owner, String name, int arity, boolean exact, boolean fromTest) {
    }

    /** Its answer, and the observed file's classes whose summaries of the method finding it read. */
    private record Answer(Targets targets, List<String> observedClasses) {
    }

    /** Adds {@code c} to {@code observedClasses} if it belongs to the observed file. */
    private void noteObserved(ClassSummary c, List<String> observedClasses) {
        if (observer != null && c.file().equals(observedFile)) {
            observedClasses.add(c.name());
        }
    }

    /**
     * Whether the class {@code qualifiedName} is test code: every class of that name was flagged so
     * (by its file's name: the test sources hold no summaries), and no class outside test code
     * extends it, directly or not. A production class only named like a test, such as the JDK's
     * XPath {@code NodeTest}, which production iterators extend, is not.
     */
    private boolean isTestClass(String qualifiedName) {
        List<ClassSummary> classes = shapes(qualifiedName);
        return !classes.isEmpty() && classes.stream().allMatch(ClassSummary::test)
                && !extendedByProduction(qualifiedName);
    }

    private boolean extendedByProduction(String qualifiedName) {
        return extendedByProduction.computeIfAbsent(qualifiedName, this::walkForProductionSubtype);
    }

    private boolean walkForProductionSubtype(String qualifiedName) {
        Deque<String> queue = new ArrayDeque<>(List.of(qualifiedName));
        Set<String> seen = new HashSet<>(queue);
        while (!queue.isEmpty() && seen.size() < MAX_SUBTYPES_WALKED) {
            String type = queue.poll();
            for (ClassSummary sub : subtypes(lookup(Index.SUPERTYPE, type), type)) {
                if (!sub.test()) {
                    return true;
                }
                if (seen.add(sub.name())) {
                    queue.add(sub.name());
                }
            }
        }
        return false;
    }

    /**
     * The method {@code owner} declares or inherits, each type visited once: a type reached twice
     * (a diamond of interfaces) adds nothing new.
     */
    private void collect(String owner, String name, int arity, List<MethodSummary> found, Set<String> visited,
                         List<String> observedClasses) {
        if (!visited.add(owner) || visited.size() > 64) {
            return;
        }
        for (ClassSummary c : shapes(owner)) {
            noteObserved(c, observedClasses);
            boolean own = false;
            for (MethodSummary m : c.methods()) {
                if (m.name().equals(name) && accepts(m, arity) && !m.isConstructor()) {
                    found.add(m);
                    own = true;
                }
            }
            if (!own) {
                for (String s : c.supertypes()) {
                    collect(resolve(s), name, arity, found, visited, observedClasses);
                }
            }
        }
    }

    /** The methods of {@code owner}'s subtypes, breadth first, that override {@code name}. */
    private void overrides(String owner, String name, int arity, List<MethodSummary> found, boolean fromTest,
                           List<String> observedClasses) {
        Deque<String> queue = new ArrayDeque<>(List.of(owner));
        Set<String> seen = new HashSet<>(List.of(owner));
        while (!queue.isEmpty() && seen.size() < MAX_SUBTYPES_WALKED && found.size() <= MAX_TARGETS) {
            String type = queue.poll();
            List<ClassSummary> candidates = lookup(Index.SUPERTYPE, type);
            candidates.forEach(c -> noteObserved(c, observedClasses));
            for (ClassSummary sub : subtypes(candidates, type)) {
                if (!seen.add(sub.name()) || (!fromTest && sub.test() && isTestClass(sub.name()))) {
                    continue;
                }
                for (MethodSummary m : sub.methods()) {
                    if (m.name().equals(name) && accepts(m, arity) && !m.isConstructor() && !m.isStatic()
                            && !found.contains(m)) {
                        found.add(m);
                    }
                }
                queue.add(sub.name());
            }
        }
    }

    /**
     * Whether {@code m} can be called with {@code arity} arguments: its own count, or, when its last
     * parameter is an array, any count from one less (a varargs call; code passing a different count
     * to a plain array parameter would not compile).
     */
    static boolean accepts(MethodSummary m, int arity) {
        if (m.arity() == arity) {
            return true;
        }
        return m.arity() > 0 && arity >= m.arity() - 1 && m.parameterTypes().get(m.arity() - 1).endsWith("[]");
    }

    /** The constructors of {@code type} with {@code arity} parameters. */
    public List<MethodSummary> constructors(String type, int arity) {
        List<MethodSummary> out = new ArrayList<>();
        for (ClassSummary c : shapes(type)) {
            observedMethod(c, CONSTRUCTOR);
            for (MethodSummary m : c.methods()) {
                if (m.isConstructor() && accepts(m, arity)) out.add(m);
            }
        }
        return out;
    }
}
