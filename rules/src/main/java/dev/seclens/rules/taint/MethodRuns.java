package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rounds of one file's analysis ({@link FileTaint#run}) run every method again against the
 * summaries, fields and keys the last round left. A method none of whose reads changed since its
 * last run would run the same again: this keeps, per method, what its last run read of what the
 * rounds change (its own file's method summaries by name, whole classes, field keys and prefixes,
 * collections' keys) and what it did (flows, field and static writes, inserted keys, limits, in
 * order), so that the round replays it instead. Comparisons are exact, steps included: a replayed
 * method leaves what running it would have left.
 */
final class MethodRuns {
    /** One method's last run. */
    static final class Run {
        private MethodSummary summary;
        private final Set<String> methodsRead = new HashSet<>();
        private final Set<String> classesRead = new HashSet<>();
        private final Set<String> fieldKeysRead = new HashSet<>();
        private final Set<String> fieldPrefixesRead = new HashSet<>();
        private final Set<Node> keyFieldsRead = Collections.newSetFromMap(new IdentityHashMap<>());
        private final List<Runnable> effects = new ArrayList<>();
        /** Taints dropped and fields folded by the method itself, its effects' own apart (they count again when replayed). */
        private int dropped;
        private int folded;

        MethodSummary summary() {
            return summary;
        }
    }

    private final Map<CallableDeclaration<?>, Run> last = new IdentityHashMap<>();
    private Run recording;
    /** What the effects of the method being recorded dropped and folded: the round's, not the method's. */
    private int effectsDropped;
    private int effectsFolded;
    private int replayed;
    /** What changed between the last two rounds' results; null when anything may have (the first round, a class's shape). */
    private Changes changes;

    /** The method's last run, if nothing it read has changed since. */
    Optional<Run> unchanged(CallableDeclaration<?> method) {
        Run run = last.get(method);
        return run != null && changes != null && changes.spare(run) ? Optional.of(run) : Optional.empty();
    }

    /** How many method runs were replayed so far. */
    int replayed() {
        return replayed;
    }

    /** Replays {@code run}'s effects, in order, and counts its drops and folds again. */
    void replay(Run run) {
        replayed++;
        run.effects.forEach(Runnable::run);
        Value.countAgain(run.dropped, run.folded);
    }

    /** Runs {@code method} on {@code interpreter}, recording what it reads and does. */
    Run record(CallableDeclaration<?> method, java.util.function.Supplier<MethodSummary> interpreter) {
        Run run = new Run();
        int droppedBefore = Value.countDropped();
        int foldedBefore = Value.countFoldedFields();
        effectsDropped = 0;
        effectsFolded = 0;
        recording = run;
        try {
            run.summary = interpreter.get();
        } finally {
            recording = null;
        }
        run.dropped += Value.countDropped();
        run.folded += Value.countFoldedFields();
        Value.countAgain(droppedBefore + run.dropped + effectsDropped, foldedBefore + run.folded + effectsFolded);
        last.put(method, run);
        return run;
    }

    /**
     * Applies an effect of the method being run, and keeps it to replay. Its own drops and folds are
     * not the method's: a replay counts them again as it applies it.
     */
    void effect(Runnable apply) {
        Run run = recording;
        if (run == null) {
            apply.run();
            return;
        }
        run.effects.add(apply);
        recording = null;
        run.dropped += Value.countDropped();
        run.folded += Value.countFoldedFields();
        try {
            apply.run();
        } finally {
            effectsDropped += Value.countDropped();
            effectsFolded += Value.countFoldedFields();
            recording = run;
        }
    }

    void summariesRead(String className, String methodName) {
        if (recording != null) {
            if (methodName == null) recording.classesRead.add(className);
            else recording.methodsRead.add(className + "#" + methodName);
        }
    }

    void fieldRead(String key) {
        if (recording != null) recording.fieldKeysRead.add(key);
    }

    void fieldPrefixRead(String prefix) {
        if (recording != null) recording.fieldPrefixesRead.add(prefix);
    }

    void keysRead(Node field) {
        if (recording != null) recording.keyFieldsRead.add(field);
    }

    /** No method may be replayed in the next round: something all of them may read changed. */
    void everythingChanged() {
        changes = null;
    }

    /**
     * Notes what changed from one round's results ({@code before}) to the next's ({@code after}):
     * what the round after reads.
     */
    void roundDone(List<ClassSummary> before, List<ClassSummary> after, Map<String, Value> fieldsBefore,
                   Map<String, Value> fieldsAfter, Map<String, Map<Object, Value>> byWriterBefore,
                   Map<String, Map<Object, Value>> byWriterAfter, Set<Node> keysBefore, Set<Node> keysAfter) {
        changes = Changes.between(before, after);
        if (changes == null) return;
        Set<String> keys = new HashSet<>(fieldsBefore.keySet());
        keys.addAll(fieldsAfter.keySet());
        keys.addAll(byWriterBefore.keySet());
        keys.addAll(byWriterAfter.keySet());
        for (String key : keys) {
            if (!identical(fieldsBefore.get(key), fieldsAfter.get(key))
                    || !identicalWriters(byWriterBefore.get(key), byWriterAfter.get(key))) {
                changes.fieldKeys.add(key);
            }
        }
        keysBefore.stream().filter(k -> !keysAfter.contains(k)).forEach(changes.keyFields::add);
        keysAfter.stream().filter(k -> !keysBefore.contains(k)).forEach(changes.keyFields::add);
    }

    /** What changed between two rounds' results, in the terms a {@link Run} records its reads. */
    private static final class Changes {
        final Set<String> methods = new HashSet<>();
        final Set<String> classes = new HashSet<>();
        final Set<String> fieldKeys = new HashSet<>();
        final Set<Node> keyFields = Collections.newSetFromMap(new IdentityHashMap<>());

        /** The changes in the classes' method summaries and static writes; null if anything else of them changed. */
        static Changes between(List<ClassSummary> before, List<ClassSummary> after) {
            if (before.size() != after.size()) return null;
            Changes out = new Changes();
            for (int i = 0; i < before.size(); i++) {
                ClassSummary a = before.get(i);
                ClassSummary b = after.get(i);
                if (!shape(a).equals(shape(b))) return null;
                Map<String, List<MethodSummary>> x = byName(a.methods());
                Map<String, List<MethodSummary>> y = byName(b.methods());
                Set<String> names = new HashSet<>(x.keySet());
                names.addAll(y.keySet());
                for (String name : names) {
                    if (!identicalSummaries(x.getOrDefault(name, List.of()), y.getOrDefault(name, List.of()))) {
                        out.methods.add(a.name() + "#" + name);
                        out.classes.add(a.name());
                    }
                }
                if (!Value.identical(a.staticWrites(), b.staticWrites())) out.classes.add(a.name());
            }
            return out;
        }

        /** Whether nothing {@code run} read is among these changes. */
        boolean spare(Run run) {
            return Collections.disjoint(run.methodsRead, methods) && Collections.disjoint(run.classesRead, classes)
                    && Collections.disjoint(run.fieldKeysRead, fieldKeys) && Collections.disjoint(run.keyFieldsRead, keyFields)
                    && fieldKeys.stream().noneMatch(k -> run.fieldPrefixesRead.stream().anyMatch(k::startsWith));
        }

        /** Everything of a class but what the rounds compute: its method summaries and static writes. */
        private static ClassSummary shape(ClassSummary c) {
            return new ClassSummary(c.name(), c.file(), c.supertypes(), c.isInterface(), c.test(), List.of(), Map.of(),
                    c.constants(), c.functionParameters(), c.functionTypes(), c.freeMarkerSetups(), c.fieldTypes(),
                    c.ownToString());
        }

        private static Map<String, List<MethodSummary>> byName(List<MethodSummary> methods) {
            Map<String, List<MethodSummary>> out = new LinkedHashMap<>();
            methods.forEach(m -> out.computeIfAbsent(m.isConstructor() ? SummaryTable.CONSTRUCTOR : m.name(),
                    k -> new ArrayList<>()).add(m));
            return out;
        }
    }

    private static boolean identicalSummaries(List<MethodSummary> a, List<MethodSummary> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!identical(a.get(i), b.get(i))) return false;
        return true;
    }

    /** Equal in every part, steps and the order of taints included. */
    static boolean identical(MethodSummary a, MethodSummary b) {
        return a == b || a.owner().equals(b.owner()) && a.name().equals(b.name())
                && a.parameterTypes().equals(b.parameterTypes()) && Objects.equals(a.returnType(), b.returnType())
                && a.isStatic() == b.isStatic() && a.isConstructor() == b.isConstructor()
                && Objects.equals(a.file(), b.file()) && a.line() == b.line()
                && identical(a.returns(), b.returns()) && identical(a.intoReceiver(), b.intoReceiver())
                && a.reaches().equals(b.reaches()) && a.validates().equals(b.validates())
                && Value.identical(a.thrown(), b.thrown()) && Value.identical(a.callbacks(), b.callbacks())
                && Value.identical(a.intoParameters(), b.intoParameters()) && Objects.equals(a.lookupKey(), b.lookupKey());
    }

    private static boolean identical(Value a, Value b) {
        return a == null ? b == null : b != null && a.identicalTo(b);
    }

    /** The same writers (methods, by identity), each having written an identical value. */
    private static boolean identicalWriters(Map<Object, Value> a, Map<Object, Value> b) {
        if (a == null || b == null) return a == b;
        if (a.size() != b.size()) return false;
        for (Map.Entry<Object, Value> e : a.entrySet()) {
            Value other = b.get(e.getKey());
            if (other == null || !e.getValue().identicalTo(other)) return false;
        }
        return true;
    }
}
