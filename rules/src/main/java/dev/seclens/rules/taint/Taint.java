package dev.seclens.rules.taint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Untrusted data from one origin, the kinds of use it has been made safe for, and the steps it took.
 * Only the first and the last steps are kept past {@link #MAX_STEPS}, so long loops stay cheap.
 */
public record Taint(Origin origin, Set<String> cleared, List<Step> steps) {
    static final int MAX_STEPS = 10;

    public Taint {
        cleared = Set.copyOf(cleared);
        steps = List.copyOf(steps);
    }

    public static Taint of(Origin origin) {
        return new Taint(origin, Set.of(), List.of());
    }

    /** Data from {@code source}, already safe for the kinds the source's specification says. */
    static Taint of(Origin origin, TaintSpecs.Source source) {
        return new Taint(origin, source.safeFor(), List.of());
    }

    public boolean reaches(String kind) {
        return !cleared.contains(kind);
    }

    Taint clear(Set<String> kinds) {
        Set<String> all = new HashSet<>(cleared);
        all.addAll(kinds);
        return new Taint(origin, all, steps);
    }

    Taint step(Step step) {
        if (!steps.isEmpty() && steps.get(steps.size() - 1).equals(step)) {
            return this;
        }
        List<Step> more = new ArrayList<>(steps);
        if (more.size() >= MAX_STEPS) {
            more.remove(1);
        }
        more.add(step);
        return new Taint(origin, cleared, more);
    }

    /**
     * This taint of a parameter or the receiver made to cover {@code other}, a taint of the same
     * one: the fields both paths share, safe only for the kinds both were made safe for.
     */
    Taint widenedWith(Taint other) {
        List<String> a = origin.path();
        List<String> b = other.origin().path();
        int common = 0;
        while (common < a.size() && common < b.size() && a.get(common).equals(b.get(common))) common++;
        if (common == a.size() && other.cleared().containsAll(cleared)) {
            return this; // already the wider of the two: most joins of a parameter with itself
        }
        Set<String> both = new HashSet<>(cleared);
        both.retainAll(other.cleared());
        return new Taint(origin.withPath(a.subList(0, common)), both, steps);
    }

    /** This taint as {@link #sameFact} sees it, as text: its origin and its cleared kinds, sorted. */
    String factText() {
        return origin + " cleared " + new java.util.TreeSet<>(cleared);
    }

    /** Two taints are the same fact when origin and cleared kinds agree; steps only explain it. */
    boolean sameFact(Taint other) {
        return origin.equals(other.origin) && cleared.equals(other.cleared);
    }
}
