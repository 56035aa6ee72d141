package dev.seclens.rules.taint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The summaries of the classes of a workspace or scan, looked up by simple class name (without a
 * symbol solver, a simple name is what a call site reliably tells). Immutable.
 */
public final class SummaryTable {
    public static final SummaryTable EMPTY = new SummaryTable(List.of());

    private final Map<String, List<ClassSummary>> byName = new HashMap<>();
    private final Map<String, List<ClassSummary>> bySupertype = new HashMap<>();
    /** A table made by {@link #with}: this one's classes of {@code replacedFile} hide the base's. */
    private final SummaryTable base;
    private final String replacedFile;
    private final int depth;

    public SummaryTable(Collection<ClassSummary> classes) {
        this(null, null, classes);
    }

    private SummaryTable(SummaryTable base, String replacedFile, Collection<ClassSummary> classes) {
        this.base = base;
        this.replacedFile = replacedFile;
        this.depth = base == null ? 0 : base.depth + 1;
        for (ClassSummary c : classes) {
            byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
            for (String s : c.supertypes()) {
                bySupertype.computeIfAbsent(s, k -> new ArrayList<>()).add(c);
            }
        }
    }

    /**
     * This table with the classes of {@code file} replaced by {@code classes}: cheap, as a layer
     * over this one, so analysing one file against the workspace does not copy the workspace.
     */
    public SummaryTable with(String file, Collection<ClassSummary> classes) {
        if (depth < 16) {
            return new SummaryTable(this, file, classes);
        }
        List<ClassSummary> all = new ArrayList<>(classes);
        all(all, file);
        return new SummaryTable(all);
    }

    private void all(List<ClassSummary> out, String hiddenFile) {
        if (base != null) {
            List<ClassSummary> below = new ArrayList<>();
            base.all(below, replacedFile);
            below.stream().filter(c -> !c.file().equals(hiddenFile)).forEach(out::add);
        }
        byName.values().forEach(list -> list.stream().filter(c -> !c.file().equals(hiddenFile)).forEach(out::add));
    }

    private List<ClassSummary> lookup(Map<String, List<ClassSummary>> own, String key, boolean bySuper) {
        List<ClassSummary> mine = own.getOrDefault(key, List.of());
        if (base == null) {
            return mine;
        }
        List<ClassSummary> below = bySuper ? base.implementations(key) : base.classes(key);
        if (below.isEmpty()) {
            return mine;
        }
        List<ClassSummary> out = new ArrayList<>(mine);
        below.stream().filter(c -> !c.file().equals(replacedFile)).forEach(out::add);
        return out;
    }

    private List<ClassSummary> implementations(String supertype) {
        return lookup(bySupertype, supertype, true);
    }

    public List<ClassSummary> classes(String simpleName) {
        return lookup(byName, simpleName, false);
    }

    /**
     * The methods a call {@code owner.name(arity args)} may run: the class's own, an inherited one
     * from a superclass in the table, or, for an interface or abstract method, every implementation.
     */
    public List<MethodSummary> methods(String owner, String name, int arity) {
        List<MethodSummary> found = new ArrayList<>();
        collect(owner, name, arity, found, new HashSet<>());
        if (found.isEmpty()) {
            for (ClassSummary impl : implementations(owner)) {
                for (MethodSummary m : impl.methods()) {
                    if (m.name().equals(name) && m.arity() == arity && !m.isConstructor()) {
                        found.add(m);
                    }
                }
            }
        }
        return found;
    }

    /**
     * The methods {@code owner} declares or inherits, each type name visited once: a large code base
     * has many classes of one simple name, and walking their supertypes again for each would explode.
     */
    private void collect(String owner, String name, int arity, List<MethodSummary> found, Set<String> visited) {
        if (!visited.add(owner) || visited.size() > 64) {
            return;
        }
        for (ClassSummary c : classes(owner)) {
            boolean own = false;
            for (MethodSummary m : c.methods()) {
                if (m.name().equals(name) && m.arity() == arity) {
                    found.add(m);
                    own = true;
                }
            }
            if (!own) {
                for (String s : c.supertypes()) {
                    collect(s, name, arity, found, visited);
                }
            }
        }
    }

    /** The supertypes, as written, of the classes named {@code type}. */
    public List<String> supertypes(String type) {
        List<String> out = new ArrayList<>();
        classes(type).forEach(c -> out.addAll(c.supertypes()));
        return out;
    }
}
