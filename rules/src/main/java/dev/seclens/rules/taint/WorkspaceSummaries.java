package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.seclens.rules.JavaSource;
import dev.seclens.rules.ast.FileIndex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The method summaries of every Java file of a workspace or scan, kept current as files change.
 * Each file's summaries are cached by its content hash; when a file's summaries change, the files
 * that mention its classes are summarised again (they may call it), so flows through helpers in
 * other files are seen without re-analysing the whole workspace. Thread-safe; {@link #table()} is
 * a cheap immutable snapshot.
 */
public final class WorkspaceSummaries {
    /** Rounds of re-summarising dependents: deep enough for helper → helper → sink chains. */
    private static final int MAX_ROUNDS = 3;

    private final TaintEngine engine;
    private final Map<String, Entry> files = new HashMap<>();
    private volatile SummaryTable table = SummaryTable.EMPTY;
    private volatile boolean stale;

    /**
     * What the workspace knows of one file: the hash of the text it was summarised from, its
     * classes' summaries, and the class names it mentions (to find who depends on whom).
     */
    public record Entry(String hash, List<ClassSummary> classes, Set<String> mentions, Set<String> calls) {
        public Entry {
            classes = List.copyOf(classes);
            mentions = Set.copyOf(mentions);
            calls = Set.copyOf(calls);
        }
    }

    public WorkspaceSummaries(TaintEngine engine) {
        this.engine = engine;
    }

    public SummaryTable table() {
        SummaryTable current = table;
        if (stale) {
            synchronized (this) {
                current = rebuild();
            }
        }
        return current;
    }

    private SummaryTable rebuild() {
        if (stale) {
            List<ClassSummary> all = new ArrayList<>();
            files.values().forEach(e -> all.addAll(e.classes));
            table = new SummaryTable(all);
            stale = false;
        }
        return table;
    }

    public synchronized int size() {
        return files.size();
    }

    /**
     * Summarises {@code text} as the content of {@code path}, then the files that depend on it
     * ({@code texts} reads them: open documents or disk); returns every file whose summaries
     * changed, {@code path} included, so the caller can re-analyse what depends on them.
     */
    public synchronized Set<String> update(String path, String text, Function<String, Optional<String>> texts) {
        rebuild();
        Set<String> changed = new LinkedHashSet<>();
        if (summarize(path, text)) {
            changed.add(path);
            propagate(Set.of(path), texts, changed);
        }
        return changed;
    }

    /**
     * As {@link #update(String, String, Function)} for a text just analysed as {@code unit}: the
     * summaries the analysis computed are taken as they are, without parsing the text again.
     */
    public synchronized Set<String> update(String path, String text, CompilationUnit unit,
                                           Function<String, Optional<String>> texts) {
        rebuild();
        String hash = hash(text);
        Entry old = files.get(path);
        if (old != null && old.hash.equals(hash)) {
            return Set.of();
        }
        List<ClassSummary> classes = engine.summariesOf(unit).orElseGet(() -> summarizeSafely(unit, path, table));
        files.put(path, new Entry(hash, classes, mentions(unit), calls(unit)));
        table = table.with(path, classes);
        Set<String> changed = new LinkedHashSet<>();
        if (old == null ? !classes.isEmpty() : !FileTaint.sameFacts(old.classes, classes)) {
            changed.add(path);
            propagate(Set.of(path), texts, changed);
        }
        return changed;
    }

    /** Forgets {@code path} (deleted or no longer scanned); returns the files summarised again because of it. */
    public synchronized Set<String> remove(String path, Function<String, Optional<String>> texts) {
        rebuild();
        Entry old = files.remove(path);
        Set<String> changed = new LinkedHashSet<>();
        if (old != null) {
            table = table.with(path, List.of());
            changed.add(path);
            propagate(Set.of(path), texts, changed, old.classes);
        }
        return changed;
    }

    /**
     * Adds many files at once (a scan, a workspace opening): each summarised alone first, then the
     * ones that mention classes of other files again, until nothing changes or the round limit.
     */
    public void addAll(Map<String, String> texts) {
        for (Map.Entry<String, String> e : texts.entrySet()) {
            add(e.getKey(), e.getValue());
        }
        settle(path -> Optional.ofNullable(texts.get(path)));
    }

    /**
     * Adds one file of a batch, summarised on its own (callers may add files concurrently); call
     * {@link #settle} after the batch to see calls between them.
     */
    public void add(String path, String text) {
        Optional<CompilationUnit> unit = JavaSource.parse(text).unit();
        List<ClassSummary> classes = unit.map(u -> summarizeSafely(u, path, SummaryTable.EMPTY)).orElse(List.of());
        Entry entry = new Entry(hash(text), classes, unit.map(WorkspaceSummaries::mentions).orElse(Set.of()),
                unit.map(WorkspaceSummaries::calls).orElse(Set.of()));
        synchronized (this) {
            files.put(path, entry);
            stale = true;
        }
    }

    /** What the workspace holds for {@code path}, to keep (a scan's cache) and {@link #restore} later. */
    public synchronized Optional<Entry> entry(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** Takes back an entry kept from an earlier run of the same text, without parsing it again. */
    public synchronized void restore(String path, Entry entry) {
        files.put(path, entry);
        stale = true;
    }

    /**
     * After {@link #restore}s and {@link #add}s: re-summarises, wave after wave, the files that
     * mention classes of the {@code changed} ones, as if each had been edited; returns every file
     * summarised again. Restored entries of unchanged files are already settled.
     */
    public synchronized Set<String> settleChanged(Set<String> changed, Function<String, Optional<String>> texts) {
        rebuild();
        Set<String> again = new LinkedHashSet<>();
        propagate(changed, texts, again);
        return again;
    }

    /** Re-summarises files that mention classes of other files until the summaries are stable. */
    public synchronized void settle(Function<String, Optional<String>> texts) {
        rebuild();
        Set<String> interesting = new HashSet<>();
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            if (e.getValue().classes.stream().anyMatch(WorkspaceSummaries::carriesTaint)) {
                interesting.add(e.getKey());
            }
        }
        propagate(interesting, texts, new LinkedHashSet<>());
    }

    private void propagate(Set<String> changedFiles, Function<String, Optional<String>> texts, Set<String> changed) {
        propagate(changedFiles, texts, changed, List.of());
    }

    private void propagate(Set<String> changedFiles, Function<String, Optional<String>> texts, Set<String> changed,
                           List<ClassSummary> removed) {
        Set<String> wave = changedFiles;
        List<ClassSummary> gone = removed;
        for (int round = 0; round < MAX_ROUNDS && !wave.isEmpty(); round++) {
            Map<String, Set<String>> declaredIn = new HashMap<>();
            Set<String> methods = new HashSet<>();
            for (String f : wave) {
                Entry e = files.get(f);
                if (e == null) continue;
                for (ClassSummary c : e.classes) {
                    c.methods().forEach(m -> methods.add(m.name()));
                    // a call through an interface or superclass it implements may run this class's methods
                    declaredIn.computeIfAbsent(c.name(), k -> new HashSet<>()).add(f);
                    c.supertypes().forEach(s -> declaredIn.computeIfAbsent(s, k -> new HashSet<>()).add(f));
                }
            }
            for (ClassSummary c : gone) {
                c.methods().forEach(m -> methods.add(m.name()));
                declaredIn.computeIfAbsent(c.name(), k -> new HashSet<>()).add("");
                c.supertypes().forEach(s -> declaredIn.computeIfAbsent(s, k -> new HashSet<>()).add(""));
            }
            gone = List.of();
            Set<String> next = new LinkedHashSet<>();
            for (Map.Entry<String, Entry> e : new ArrayList<>(files.entrySet())) {
                String dependent = e.getKey();
                // a file of the wave is a dependent too when it mentions a class of another file of the wave
                boolean mentionsOthers = e.getValue().mentions.stream().map(declaredIn::get)
                        .anyMatch(in -> in != null && !Set.of(dependent).containsAll(in));
                // and only when it calls one of their methods: mentioning a type is not running its code
                if (!mentionsOthers || e.getValue().calls.stream().noneMatch(methods::contains)) {
                    continue;
                }
                Optional<String> text = texts.apply(dependent);
                if (text.isPresent() && resummarize(dependent, text.get())) {
                    next.add(dependent);
                    changed.add(dependent);
                }
            }
            wave = next;
            rebuild();
        }
    }

    /** Summarises one file; true when its summaries differ from what the table had. */
    private boolean summarize(String path, String text) {
        String hash = hash(text);
        Entry old = files.get(path);
        if (old != null && old.hash.equals(hash)) {
            return false;
        }
        return summarizeAndLayer(path, hash, text, old);
    }

    /**
     * Summarises a dependent against the table as it was when its wave began; the table takes the
     * new summaries when the wave ends ({@link #rebuild}), so a wave over thousands of files does
     * not stack a layer of table per file.
     */
    private boolean resummarize(String path, String text) {
        boolean changed = store(path, hash(text), text, files.get(path));
        stale = true;
        return changed;
    }

    private boolean summarizeAndLayer(String path, String hash, String text, Entry old) {
        boolean changed = store(path, hash, text, old);
        table = table.with(path, files.get(path).classes);
        return changed;
    }

    private boolean store(String path, String hash, String text, Entry old) {
        Optional<CompilationUnit> unit = JavaSource.parse(text).unit();
        List<ClassSummary> classes = unit.map(u -> summarizeSafely(u, path, table)).orElse(List.of());
        Set<String> mentions = unit.map(WorkspaceSummaries::mentions).orElse(Set.of());
        files.put(path, new Entry(hash, classes, mentions, unit.map(WorkspaceSummaries::calls).orElse(Set.of())));
        return old == null ? !classes.isEmpty() : !FileTaint.sameFacts(old.classes, classes);
    }

    /** A file the engine cannot summarise (too deep for the stack, say) contributes nothing, like one that does not parse. */
    private List<ClassSummary> summarizeSafely(CompilationUnit unit, String path, SummaryTable against) {
        try {
            return engine.summarize(unit, path, against);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of();
        }
    }

    /**
     * The files that mention a class of one of {@code paths}: their own flows may pass through
     * those classes, so their analysis may change when those files do.
     */
    public synchronized Set<String> dependents(Set<String> paths) {
        Set<String> names = new HashSet<>();
        for (String p : paths) {
            Entry e = files.get(p);
            if (e != null) e.classes.forEach(c -> names.add(c.name()));
        }
        Set<String> out = new LinkedHashSet<>();
        files.forEach((path, e) -> {
            if (!paths.contains(path) && e.mentions.stream().anyMatch(names::contains)) out.add(path);
        });
        return out;
    }

    /**
     * A hash of the summaries of the other files' classes that {@code path} mentions: what its
     * flows across files depend on, for caches of its findings. Empty for a file not summarised.
     */
    public String dependencyKey(String path) {
        SummaryTable current = table();
        Entry entry;
        synchronized (this) {
            entry = files.get(path);
        }
        if (entry == null) {
            return "";
        }
        StringBuilder facts = new StringBuilder();
        for (String name : new java.util.TreeSet<>(entry.mentions)) {
            for (ClassSummary c : current.classes(name)) {
                if (!c.file().equals(path)) {
                    facts.append(c.file()).append('|').append(c).append('\n');
                }
            }
        }
        return facts.isEmpty() ? "" : hash(facts.toString());
    }

    /** The names of the methods a file calls, {@code <init>} for constructors. */
    private static Set<String> calls(CompilationUnit unit) {
        Set<String> names = new HashSet<>();
        FileIndex index = FileIndex.of(unit).orElseThrow();
        index.calls().forEach(c -> names.add(c.getNameAsString()));
        if (!index.creations().isEmpty()) {
            names.add("<init>");
        }
        unit.findAll(com.github.javaparser.ast.expr.MethodReferenceExpr.class).forEach(r -> names.add(r.getIdentifier()));
        names.addAll(MyBatisMappers.providerMethods(index)); // MyBatis runs the SQL they return for the mapper
        return names;
    }

    /** Class names a file refers to: types, constructor calls, static call scopes. */
    private static Set<String> mentions(CompilationUnit unit) {
        Set<String> names = new HashSet<>();
        unit.findAll(ClassOrInterfaceType.class).forEach(t -> names.add(t.getNameAsString()));
        unit.findAll(NameExpr.class).forEach(n -> {
            String s = n.getNameAsString();
            if (!s.isEmpty() && Character.isUpperCase(s.charAt(0))) names.add(s);
        });
        return names;
    }

    private static boolean carriesTaint(ClassSummary c) {
        return c.methods().stream().anyMatch(m -> m.returns().isTainted() || m.intoReceiver().isTainted()
                || !m.reaches().isEmpty());
    }

    static String hash(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
