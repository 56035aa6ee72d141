package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.JavaSource;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.model.TypeRef;
import dev.seclens.rules.model.TypeScope;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import java.util.function.Supplier;

/**
 * The method summaries of every Java file of a workspace or scan, kept current as files change.
 * Each file's summaries are cached by its content hash; when a file's summaries change, the files
 * that mention its classes are summarised again (they may call it), so flows through helpers in
 * other files are seen without re-analysing the whole workspace. Thread-safe; {@link #table()} is
 * a cheap immutable snapshot.
 */
public final class WorkspaceSummaries {
    /** Rounds of re-summarising dependents: deep enough for helper → helper → sink chains. */
    public static final int MAX_ROUNDS = 3;

    private final TaintEngine engine;
    private final Map<String, Entry> files = new HashMap<>();
    private volatile SummaryTable table = SummaryTable.EMPTY;
    private volatile boolean stale;
    /** Per file, the summaries that could not be computed; the table carries them to the file's analysis. */
    private final Map<String, Set<String>> limits = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Files whose summaries were still changing when the rounds ran out. Said once for the workspace,
     * not per file: in a large group of classes that call each other (half of a server's files), a
     * note on each would drown the notes that matter, and what is missed is the longest call chains.
     */
    private final Set<String> unsettled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Where a source, sink or channel lies, as the facts text writes it ({@code range=12:5-12:30}). */
    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("range=\\d+:\\d+-\\d+:\\d+");
    /** The table {@link #keyDigests} were computed against, and the digests of the classes' summaries for dependency keys. */
    private SummaryTable keyDigestsOf;
    private Map<Identity, KeyDigests> keyDigests = new java.util.concurrent.ConcurrentHashMap<>();
    /** The table {@link #factDigests} were computed against, and the digests of each class's facts, method by method. */
    private SummaryTable factDigestsOf;
    private Map<Identity, Map<String, String>> factDigests;

    /**
     * What the workspace knows of one file: the hash of the text it was summarised from, its
     * classes' summaries, and the class names it mentions (to find who depends on whom); for a
     * MyBatis mapper XML file, its statements that substitute parameters into their SQL instead.
     */
    public record Entry(String hash, List<ClassSummary> classes, Set<String> mentions, Set<String> calls,
                        List<MapperXml.Statement> statements) {
        public Entry {
            classes = List.copyOf(classes);
            mentions = Set.copyOf(mentions);
            calls = Set.copyOf(calls);
            statements = statements == null ? List.of() : List.copyOf(statements); // kept before mapper files were read
        }

        public Entry(String hash, List<ClassSummary> classes, Set<String> mentions, Set<String> calls) {
            this(hash, classes, mentions, calls, List.of());
        }

        /** The mapper interfaces whose methods this file's statements run. */
        Set<String> namespaces() {
            Set<String> out = new HashSet<>();
            statements.forEach(st -> out.add(st.namespace()));
            return out;
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
            List<MapperXml.Statement> statements = new ArrayList<>();
            files.values().forEach(e -> {
                all.addAll(e.classes);
                statements.addAll(e.statements);
            });
            Map<String, List<String>> notes = new HashMap<>();
            limits.forEach((path, set) -> {
                if (files.containsKey(path) && !set.isEmpty()) notes.put(path, List.copyOf(new java.util.TreeSet<>(set)));
            });
            table = new SummaryTable(all, notes, statements);
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
        Entry old = files.get(path);
        Set<String> changed = new LinkedHashSet<>();
        if (summarize(path, text)) {
            changed.add(path);
            // a mapper XML file's former statements: the interfaces they ran for are summarised again too
            propagate(Set.of(path), texts, changed, old != null && !old.statements.isEmpty() ? old : null);
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
        Entry entry = javaEntry(path, hash, () -> Optional.of(unit),
                u -> engine.summariesOf(u).orElseGet(() -> summarizeSafely(u, path, table)));
        List<ClassSummary> classes = entry.classes;
        files.put(path, entry);
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
        limits.remove(path);
        Set<String> changed = new LinkedHashSet<>();
        if (old != null) {
            if (old.statements.isEmpty()) {
                table = table.with(path, List.of());
            } else {
                stale = true; // the statements leave the table with the next rebuild
                rebuild();
            }
            changed.add(path);
            propagate(Set.of(path), texts, changed, old);
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
        if (MapperXml.isCandidate(path)) {
            Entry entry = mapperEntry(path, hash(text), text);
            synchronized (this) {
                files.put(path, entry);
                stale = true;
            }
            return;
        }
        Entry entry = entryOf(path, hash(text), text, SummaryTable.EMPTY);
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

    /**
     * After a batch of {@link #add}s: re-summarises the files whose calls reach methods of other
     * files that carry taint, in dependency order (the files a file calls are settled before it;
     * files that call each other are settled together, up to {@link #MAX_ROUNDS} rounds), each
     * level of independent files in parallel on {@code threads} threads.
     */
    public void settle(Function<String, Optional<String>> texts, int threads) {
        unsettled.clear(); // settling the whole batch decides again which files do not settle
        Map<String, Entry> snapshot;
        synchronized (this) {
            rebuild();
            snapshot = new HashMap<>(files);
        }
        SummaryTable current = table;
        Set<String> carrying = new HashSet<>();
        snapshot.forEach((path, e) -> {
            // a mapper XML file carries the SQL its statements run for the mapper interface's methods
            if (!e.statements.isEmpty() || e.classes.stream().anyMatch(WorkspaceSummaries::carriesTaint)) {
                carrying.add(path);
            }
        });
        Map<String, Set<String>> dependsOn = callGraph(snapshot, current);
        List<List<String>> components = Dependencies.stronglyConnected(dependsOn);
        Map<String, Integer> componentOf = new HashMap<>();
        for (int i = 0; i < components.size(); i++) {
            for (String f : components.get(i)) componentOf.put(f, i);
        }
        // components come dependencies first; a level holds components whose dependencies are in earlier levels
        int[] level = new int[components.size()];
        List<List<Integer>> levels = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            int l = 0;
            for (String f : components.get(i)) {
                for (String d : dependsOn.get(f)) {
                    int c = componentOf.get(d);
                    if (c != i) l = Math.max(l, level[c] + 1);
                }
            }
            level[i] = l;
            while (levels.size() <= l) levels.add(new ArrayList<>());
            levels.get(l).add(i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads),
                dev.seclens.rules.AnalysisThreads.factory("seclens-settle"));
        try {
            for (List<Integer> inLevel : levels) {
                List<String> due = new ArrayList<>();
                for (int c : inLevel) {
                    for (String f : components.get(c)) {
                        boolean reachesTaint = dependsOn.get(f).stream().anyMatch(carrying::contains);
                        if (reachesTaint) {
                            due.add(f);
                        }
                    }
                }
                for (int round = 0; round < MAX_ROUNDS && !due.isEmpty(); round++) {
                    Set<String> changed = resummarizeAll(due, texts, pool);
                    for (String f : changed) {
                        if (files.get(f).classes.stream().anyMatch(WorkspaceSummaries::carriesTaint)) carrying.add(f);
                    }
                    // only files that call each other need another round: every file of the group that calls
                    // one that changed, whether it was due before or not (a ring passes a sink back one file a round)
                    List<String> again = new ArrayList<>();
                    for (int c : inLevel) {
                        if (components.get(c).size() < 2) continue;
                        for (String f : components.get(c)) {
                            if (dependsOn.get(f).stream().anyMatch(d -> changed.contains(d) && componentOf.get(d) == c)) {
                                again.add(f);
                            }
                        }
                    }
                    due = again;
                }
                if (!due.isEmpty()) {
                    noteUnsettled(due);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #settle(Function, int)} on as many threads as the machine has cores. */
    public void settle(Function<String, Optional<String>> texts) {
        settle(texts, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Which files each file of {@code snapshot} depends on: the files declaring (or implementing)
     * a class it mentions, or a class that one extends, when it calls a method of theirs by name.
     */
    private static Map<String, Set<String>> callGraph(Map<String, Entry> snapshot, SummaryTable current) {
        // who answers a call by class name: a class, and the classes that implement or extend it
        Map<String, Set<String>> declaredIn = new HashMap<>();
        Map<String, Set<String>> methodsOf = new HashMap<>();
        // a mapper interface depends on the XML files whose statements run its methods, and its callers on it
        Map<String, Set<String>> statementsIn = new HashMap<>();
        Map<String, Set<String>> statementIds = new HashMap<>();
        // and on the files of the fragments of other namespaces its statements include
        Map<String, Set<String>> includedNamespaces = new HashMap<>();
        snapshot.forEach((path, e) -> e.statements.forEach(st -> {
            statementsIn.computeIfAbsent(st.namespace(), k -> new HashSet<>()).add(path);
            statementIds.computeIfAbsent(st.namespace(), k -> new HashSet<>()).add(st.id());
            st.includes().forEach(i -> includedNamespaces.computeIfAbsent(st.namespace(), k -> new HashSet<>()).add(i.namespace()));
        }));
        snapshot.forEach((path, e) -> {
            Set<String> methods = new HashSet<>();
            for (ClassSummary c : e.classes) {
                c.methods().forEach(m -> methods.add(m.name()));
                methods.addAll(statementIds.getOrDefault(c.name(), Set.of()));
                declaredIn.computeIfAbsent(c.name(), k -> new HashSet<>()).add(path);
                c.supertypes().forEach(st -> declaredIn.computeIfAbsent(current.resolve(st), k -> new HashSet<>())
                        .add(path));
            }
            methodsOf.put(path, methods);
        });
        Map<String, Set<String>> dependsOn = new HashMap<>();
        snapshot.forEach((path, e) -> {
            Set<String> deps = new HashSet<>();
            for (ClassSummary c : e.classes) {
                deps.addAll(statementsIn.getOrDefault(c.name(), Set.of()));
                includedNamespaces.getOrDefault(c.name(), Set.of()).forEach(n -> deps.addAll(statementsIn.getOrDefault(n, Set.of())));
            }
            for (String mention : e.mentions) {
                String type = current.resolve(mention);
                Set<String> answering = new HashSet<>(declaredIn.getOrDefault(type, Set.of()));
                ancestors(current, type).forEach(c -> answering.add(c.file())); // the methods it inherits
                for (String other : answering) {
                    if (!other.equals(path) && e.calls.stream().anyMatch(methodsOf.getOrDefault(other, Set.of())::contains)) {
                        deps.add(other);
                    }
                }
            }
            dependsOn.put(path, deps);
        });
        return dependsOn;
    }

    /**
     * The files held, in levels of the calls between them as their summaries show: a file after
     * the files it calls, files that call each other in one level.
     */
    public List<List<String>> levels() {
        Map<String, Entry> snapshot;
        synchronized (this) {
            rebuild();
            snapshot = new HashMap<>(files);
        }
        return Dependencies.levels(callGraph(snapshot, table));
    }

    /**
     * Takes the summaries of {@code path} from its analysis: the ones the taint rules computed on
     * {@code unit} against {@code against} along with its flows, or, when they did not run (a file
     * of test code, say), computed on the same tree. No parse; nothing is summarised again. The
     * {@link #table()} shows them from its next call on. Returns whether its summaries changed.
     *
     * @param unit the tree analysed; empty when the text does not parse, which summarises nothing
     */
    public boolean take(String path, String text, Optional<CompilationUnit> unit, SummaryTable against) {
        return put(path, javaEntry(path, hash(text), () -> unit,
                u -> engine.summariesOf(u).orElseGet(() -> summarizeSafely(u, path, against))));
    }

    /**
     * Parses and summarises {@code path} against {@code against}, for a file whose calls matter
     * but whose findings are not asked for (a file of another shard). Returns whether its summaries changed.
     */
    public boolean summarise(String path, String text, SummaryTable against) {
        return put(path, entryOf(path, hash(text), text, against));
    }

    private synchronized boolean put(String path, Entry entry) {
        Entry old = files.put(path, entry);
        stale = true;
        return old == null ? !entry.classes.isEmpty() : !FileTaint.sameFacts(old.classes, entry.classes);
    }

    /**
     * The dependency keys of {@code paths} against {@code against}: what the flows of each depend
     * on in other files, for a scan to tell whether a file's cached results were computed against
     * summaries that have changed since. Of the files whose positions a file's results show
     * ({@code shown}, {@link ShownFiles}), the key takes the whole summaries, lines and steps
     * included ({@link #wholeText}); of the others, only the facts as the cache keeps them, without
     * the positions of their sources and sinks, since those are nowhere in the results. Files not
     * held get the empty key.
     */
    public Map<String, String> dependencyKeys(java.util.Collection<String> paths, SummaryTable against,
                                              Function<String, Set<String>> shown) {
        Map<String, Entry> entries = held(paths);
        Map<Identity, KeyDigests> digested = keyDigests(against);
        Map<String, String> keys = new HashMap<>();
        for (String path : paths) {
            Entry entry = entries.get(path);
            Set<String> showing = entry == null ? Set.of() : shown.apply(path);
            // decided once per file: a large tree's file can depend on thousands of classes, many of them again and again
            Map<String, Boolean> showsFile = new HashMap<>();
            keys.put(path, entry == null ? "" : dependencyKey(path, entry, against,
                    c -> {
                        KeyDigests d = digested.computeIfAbsent(new Identity(c), k -> KeyDigests.of(c));
                        return showsFile.computeIfAbsent(c.file(), f -> f.equals(path) || ShownFiles.shows(showing, f))
                                ? d.whole() : d.placeless();
                    }));
        }
        return keys;
    }

    /** The entries held for {@code paths}, as they are now. */
    private synchronized Map<String, Entry> held(java.util.Collection<String> paths) {
        Map<String, Entry> entries = new HashMap<>();
        paths.forEach(p -> {
            Entry e = files.get(p);
            if (e != null) entries.put(p, e);
        });
        return entries;
    }

    /**
     * The digests of summaries for files keyed against {@code table}: a summary is hashed once
     * however many files mention its class, and, while the table stays the same (the levels of a
     * warm scan, all restored from the cache), however many levels ask. A new table starts afresh,
     * so the digests of summaries it no longer holds are let go. Concurrent: a scan computes the
     * keys of many files at once.
     */
    private synchronized Map<Identity, KeyDigests> keyDigests(SummaryTable table) {
        if (keyDigestsOf != table) {
            keyDigestsOf = table;
            keyDigests = new java.util.concurrent.ConcurrentHashMap<>();
        }
        return keyDigests;
    }

    /**
     * A class's summary as a dependency key takes it: whole ({@link #wholeText}), for a file whose
     * results show its positions; or its facts as the cache keeps them without the positions of
     * their sources and sinks, for the others ({@link ShownFiles}). Both from one text of its facts:
     * building it is most of the work, on a tree the size of the JDK's minutes of it.
     */
    private record KeyDigests(String whole, String placeless) {
        static KeyDigests of(ClassSummary c) {
            String facts = factsText(SummaryCodec.asKept(c));
            return new KeyDigests(hash(facts + placesText(c)), hash(POSITION.matcher(facts).replaceAll("range=")));
        }
    }

    /** A summary as a key by identity: its record's equality would compare, and hash, all it holds. */
    private record Identity(ClassSummary summary) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity i && i.summary == summary;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(summary);
        }
    }

    /**
     * A class's summary as text for the cache's dependency key: its {@linkplain #factsText facts} as
     * the cache keeps them (so the summaries a warm scan restores give the key the cold scan wrote),
     * and the lines and steps that the findings of files calling it show.
     */
    static String wholeText(ClassSummary c) {
        return factsText(SummaryCodec.asKept(c)) + placesText(c);
    }

    /** Where a class's methods start, and the steps of the flows that reach their sinks. */
    private static String placesText(ClassSummary c) {
        StringBuilder out = new StringBuilder();
        for (MethodSummary m : c.methods()) {
            out.append(m.name()).append(" line ").append(m.line());
            m.reaches().forEach(r -> out.append(" steps ").append(r.taint().steps()));
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * As {@link #dependencyKeys}, from the facts of those summaries only ({@link #factsText}), and of
     * those only what each file can read: every class's own facts (supertypes, constants, static
     * writes, ...) and the facts of the methods it calls by name, {@code <init>} for constructors.
     * Unlike the whole text, which says how each flow ran (its steps) and where each method starts,
     * these stop changing when the summaries of files that call each other settle, so a scan's
     * rounds converge on them; and a change to a method a file never calls (in a large group of
     * classes that call each other, most of the changes from round to round) leaves its key as it was.
     */
    public Map<String, String> factKeys(java.util.Collection<String> paths, SummaryTable against) {
        Map<String, Entry> entries = held(paths);
        Map<Identity, Map<String, String>> digests = factDigests(against);
        Map<String, String> keys = new HashMap<>();
        for (String path : paths) {
            Entry entry = entries.get(path);
            keys.put(path, entry == null ? "" : dependencyKey(path, entry, against, c -> {
                Map<String, String> byMethod = digests.computeIfAbsent(new Identity(c), k -> methodFactDigests(c));
                StringBuilder read = new StringBuilder(byMethod.get(""));
                new java.util.TreeSet<>(entry.calls).forEach(name -> {
                    String digest = byMethod.get(name);
                    if (digest != null) read.append(' ').append(name).append('=').append(digest);
                });
                return read.toString();
            }));
        }
        return keys;
    }

    /** A class's facts as digests: its own under {@code ""}, and its methods' by name (overloads together). */
    private static Map<String, String> methodFactDigests(ClassSummary c) {
        Map<String, StringBuilder> texts = new HashMap<>();
        texts.put("", new StringBuilder(classFactsText(c)));
        for (MethodSummary m : c.methods()) {
            texts.computeIfAbsent(m.name(), k -> new StringBuilder()).append(methodFactsText(m)).append('\n');
        }
        Map<String, String> out = new HashMap<>();
        texts.forEach((name, text) -> out.put(name, hash(text.toString())));
        return out;
    }

    /** As {@link #keyDigests}, for {@link #factKeys}. */
    private synchronized Map<Identity, Map<String, String>> factDigests(SummaryTable table) {
        if (factDigestsOf != table) {
            factDigestsOf = table;
            factDigests = new java.util.concurrent.ConcurrentHashMap<>();
        }
        return factDigests;
    }

    /**
     * A class's summary as facts: what {@link FileTaint#sameFacts} compares and what else a caller's
     * analysis reads (signatures, supertypes, constants, static writes, validations), without the
     * steps that explain each flow or the lines methods start on; maps and taints in a fixed order.
     */
    static String factsText(ClassSummary c) {
        StringBuilder out = new StringBuilder(classFactsText(c));
        for (MethodSummary m : c.methods()) {
            out.append(methodFactsText(m)).append('\n');
        }
        return out.toString();
    }

    /** The facts of a class that do not belong to one of its methods. */
    private static String classFactsText(ClassSummary c) {
        StringBuilder out = new StringBuilder();
        out.append(c.name()).append(' ').append(c.supertypes()).append(c.isInterface() ? " interface" : "")
                .append(c.test() ? " test" : "").append(" constants ").append(c.constants())
                .append(c.functionParameters().isEmpty() ? "" : " function" + c.functionParameters())
                .append(c.functionTypes().isEmpty() ? "" : " functionTypes" + c.functionTypes())
                .append(c.freeMarkerSetups().isEmpty() ? "" : " freemarker" + c.freeMarkerSetups()).append('\n');
        c.staticWrites().forEach((field, value) -> out.append(" static ").append(field).append('=')
                .append(value.factsText()).append('\n'));
        return out.toString();
    }

    private static String methodFactsText(MethodSummary m) {
        StringBuilder out = new StringBuilder();
        out.append(m.name()).append(m.parameterTypes()).append(' ').append(m.returnType())
                .append(m.isStatic() ? " static" : "").append(m.isConstructor() ? " constructor" : "")
                .append(" returns ").append(m.returns().factsText())
                .append(" into ").append(m.intoReceiver().factsText())
                .append(" validates ").append(new java.util.TreeMap<>(m.validates().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                e -> new java.util.TreeSet<>(e.getValue())))));
        if (m.lookupKey() != null) out.append(" lookupKey ").append(m.lookupKey());
        m.thrown().forEach((type, v) -> out.append(" throws ").append(type).append('=').append(v.factsText()));
        m.callbacks().forEach((i, v) -> out.append(" callback ").append(i).append('=').append(v.factsText()));
        m.intoParameters().forEach((i, v) -> out.append(" intoParameter ").append(i).append('=').append(v.factsText()));
        for (MethodSummary.Reach r : m.reaches()) {
            out.append(" reaches ").append(r.taint().factText()).append(" -> ").append(r.sink())
                    .append(" writer ").append(r.writer()).append(" when ").append(new java.util.TreeMap<>(r.when()))
                    .append(" dispatch ").append(r.dispatch());
        }
        return out.toString();
    }

    /**
     * Summarises {@code paths} again, in parallel, each against the table as it is now; then the
     * table takes them all at once. Returns the files whose summaries changed.
     */
    private Set<String> resummarizeAll(List<String> paths, Function<String, Optional<String>> texts,
                                       ExecutorService pool) {
        SummaryTable against = table;
        List<Future<Optional<Entry>>> work = new ArrayList<>();
        for (String path : paths) {
            work.add(pool.submit(() -> texts.apply(path).map(text -> entryOf(path, hash(text), text, against))));
        }
        Set<String> changed = new HashSet<>();
        synchronized (this) {
            for (int i = 0; i < paths.size(); i++) {
                Optional<Entry> entry;
                try {
                    entry = work.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return changed;
                } catch (ExecutionException e) {
                    // a file that cannot be summarised again keeps what it had, and says so
                    note(paths.get(i), "its summaries could not be computed again (" + e.getCause() + ")");
                    continue;
                }
                if (entry.isEmpty()) continue;
                Entry old = files.put(paths.get(i), entry.get());
                if (old == null || !FileTaint.sameFacts(old.classes, entry.get().classes)) {
                    changed.add(paths.get(i));
                }
            }
            stale = true;
            rebuild();
        }
        return changed;
    }

    private void propagate(Set<String> changedFiles, Function<String, Optional<String>> texts, Set<String> changed) {
        propagate(changedFiles, texts, changed, null);
    }

    /**
     * {@code namespaces} and the namespaces whose statements include, from another mapper file, a
     * fragment of one of them (and so on): their SQL changes with those fragments.
     */
    private Set<String> includingNamespaces(Set<String> namespaces) {
        Set<String> out = new HashSet<>(namespaces);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Entry e : files.values()) {
                for (MapperXml.Statement st : e.statements) {
                    if (!out.contains(st.namespace()) && st.includes().stream().anyMatch(i -> out.contains(i.namespace()))) {
                        grew |= out.add(st.namespace());
                    }
                }
            }
        }
        return Set.copyOf(out);
    }

    /** The classes that extend or implement {@code type}, directly or not: each inherits the methods of it that it does not override. */
    private Set<String> inheritors(String type) {
        Set<String> out = new LinkedHashSet<>();
        java.util.Deque<String> queue = new java.util.ArrayDeque<>(List.of(type));
        while (!queue.isEmpty()) {
            for (ClassSummary sub : table.subtypes(queue.poll())) {
                if (out.add(sub.name())) queue.add(sub.name());
            }
        }
        return out;
    }

    /** {@code removed}: what the workspace held for a file just removed, or a mapper file's former entry, or null. */
    private void propagate(Set<String> changedFiles, Function<String, Optional<String>> texts, Set<String> changed,
                           Entry removed) {
        Set<String> wave = changedFiles;
        List<ClassSummary> gone = removed == null ? List.of() : removed.classes;
        // the mapper interfaces whose statements changed: the files declaring them are summarised again
        Set<String> mappers = removed == null ? new HashSet<>() : new HashSet<>(removed.namespaces());
        // what a dependent summarised again had: a mapper method whose statement lost its ${} loses its summary
        Map<String, List<ClassSummary>> former = new HashMap<>();
        for (int round = 0; round < MAX_ROUNDS && !wave.isEmpty(); round++) {
            Map<String, Set<String>> declaredIn = new HashMap<>();
            Set<String> methods = new HashSet<>();
            for (String f : wave) {
                former.getOrDefault(f, List.of()).forEach(c -> c.methods().forEach(m -> methods.add(m.name())));
            }
            former.clear();
            Set<String> staticOwners = new HashSet<>();
            for (String f : wave) {
                mappers.addAll(citing(f)); // a cached interface still cites statements its XML file no longer has
                Entry e = files.get(f);
                if (e == null) continue;
                mappers.addAll(e.namespaces());
                for (ClassSummary c : e.classes) {
                    c.methods().forEach(m -> methods.add(m.name()));
                    // a call through an interface or superclass it implements may run this class's methods
                    declaredIn.computeIfAbsent(c.name(), k -> new HashSet<>()).add(f);
                    c.supertypes().forEach(s -> declaredIn.computeIfAbsent(table.resolve(s), k -> new HashSet<>()).add(f));
                    // and a call on a subclass that inherits them: Derived.wrap(v) runs Base.wrap
                    inheritors(c.name()).forEach(sub -> declaredIn.computeIfAbsent(sub, k -> new HashSet<>()).add(f));
                    // a file reading a static field this class writes depends on it without calling it
                    for (String owner : table.staticWriteOwners(c)) {
                        staticOwners.add(owner);
                        declaredIn.computeIfAbsent(owner, k -> new HashSet<>()).add(f);
                    }
                }
            }
            for (ClassSummary c : gone) {
                c.methods().forEach(m -> methods.add(m.name()));
                declaredIn.computeIfAbsent(c.name(), k -> new HashSet<>()).add("");
                c.supertypes().forEach(s -> declaredIn.computeIfAbsent(table.resolve(s), k -> new HashSet<>()).add(""));
                inheritors(c.name()).forEach(sub -> declaredIn.computeIfAbsent(sub, k -> new HashSet<>()).add(""));
            }
            gone = List.of();
            Set<String> next = new LinkedHashSet<>();
            Set<String> statementsChanged = includingNamespaces(mappers);
            mappers.clear();
            for (Map.Entry<String, Entry> e : new ArrayList<>(files.entrySet())) {
                String dependent = e.getKey();
                if (e.getValue().classes.stream().anyMatch(c -> statementsChanged.contains(c.name()))) {
                    former.put(dependent, e.getValue().classes);
                    Optional<String> text = texts.apply(dependent);
                    if (text.isPresent() && resummarize(dependent, text.get())) {
                        next.add(dependent);
                        changed.add(dependent);
                    }
                    continue;
                }
                // a file of the wave is a dependent too when it mentions a class of another file of the wave
                // (a name resolved against the table before the wave: a class just removed still answers to it)
                boolean mentionsOthers = e.getValue().mentions.stream().map(m -> declaredIn.get(resolveAlso(m, declaredIn.keySet())))
                        .anyMatch(in -> in != null && !Set.of(dependent).containsAll(in));
                // and only when it calls one of their methods: mentioning a type is not running its code
                boolean readsStatics = !staticOwners.isEmpty() && e.getValue().mentions.stream()
                        .anyMatch(m -> staticOwners.contains(resolveAlso(m, staticOwners)));
                if (!mentionsOthers || !readsStatics && e.getValue().calls.stream().noneMatch(methods::contains)) {
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
        if (!wave.isEmpty()) {
            noteUnsettled(wave);
        }
    }

    /** The classes whose methods reach a sink in the mapper XML file {@code path}: the interfaces it ran for. */
    private Set<String> citing(String path) {
        Set<String> out = new HashSet<>();
        if (!MapperXml.isCandidate(path)) {
            return out;
        }
        files.values().forEach(e -> e.classes.forEach(c -> {
            if (c.methods().stream().anyMatch(m -> m.reaches().stream().anyMatch(r -> r.sink().file().equals(path)))) {
                out.add(c.name());
            }
        }));
        return out;
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
        Entry entry = files.get(path);
        if (entry.statements.isEmpty() && (old == null || old.statements.isEmpty())) {
            table = table.with(path, entry.classes);
        } else {
            stale = true; // a layer holds classes only: mapper statements come with a whole table
            rebuild();
        }
        return changed;
    }

    private boolean store(String path, String hash, String text, Entry old) {
        Entry entry = entryOf(path, hash, text, table);
        files.put(path, entry);
        return old == null ? !entry.classes.isEmpty() || !entry.statements.isEmpty()
                : !FileTaint.sameFacts(old.classes, entry.classes) || !old.statements.equals(entry.statements);
    }

    /** A mapper XML file's entry: its statements, no classes; any other XML file's is empty. */
    private static Entry mapperEntry(String path, String hash, String text) {
        return new Entry(hash, List.of(), Set.of(), Set.of(), MapperXml.statements(path, text));
    }

    /** Parses and summarises one file against {@code against}; no state is touched, so it may run in parallel. */
    private Entry entryOf(String path, String hash, String text, SummaryTable against) {
        if (MapperXml.isCandidate(path)) {
            return mapperEntry(path, hash, text);
        }
        return javaEntry(path, hash, () -> JavaSource.parse(text).unit(), u -> summarizeSafely(u, path, against));
    }

    /**
     * A Java file's entry from its tree ({@code unit}, empty when the text does not parse, which
     * summarises nothing): its classes' summaries, which {@code classes} gives, and what it depends on.
     *
     * <p>A file of the test sources ({@link SourceFile#isInTestSources}) holds nothing and depends
     * on nothing, and is not even parsed. No rule runs in it, so none of its own flows reads a
     * summary, and production code cannot call it: its summaries, and analysing it again whenever a
     * class it uses changes, would be work that no finding sees. It is held all the same, with its
     * text's hash, so that it is known as analysed. A class only named like a test is summarised as
     * any other: production classes may extend it.
     */
    private static Entry javaEntry(String path, String hash, Supplier<Optional<CompilationUnit>> unit,
                                   Function<CompilationUnit, List<ClassSummary>> classes) {
        Optional<CompilationUnit> tree = SourceFile.isInTestSources(path) ? Optional.empty() : unit.get();
        return tree.map(u -> new Entry(hash, classes.apply(u), mentions(u), calls(u)))
                .orElseGet(() -> new Entry(hash, List.of(), Set.of(), Set.of()));
    }

    /** A file the engine cannot summarise (too deep for the stack, say) contributes nothing, like one that does not parse. */
    private List<ClassSummary> summarizeSafely(CompilationUnit unit, String path, SummaryTable against) {
        try {
            List<ClassSummary> classes = engine.summarize(unit, path, against);
            if (limits.remove(path) != null) {
                stale = true; // the next table drops the note
            }
            return classes;
        } catch (RuntimeException | StackOverflowError e) {
            note(path, "its summaries could not be computed (" + e.getClass().getSimpleName()
                    + "); calls into it from other files are not followed");
            return List.of();
        }
    }

    private void note(String path, String limit) {
        if (limits.computeIfAbsent(path, p -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(limit)) {
            stale = true; // the next table carries the note; a note already there costs no rebuild on each edit
        }
    }

    /** Files still changing when the rounds ran out: their callers may miss flows through them. */
    public void noteUnsettled(java.util.Collection<String> paths) {
        unsettled.addAll(paths);
    }

    /** Whether {@code path} was {@linkplain #noteUnsettled noted} as still changing when the rounds ran out. */
    public boolean isUnsettled(String path) {
        return unsettled.contains(path);
    }

    /**
     * The workspace-wide limit of the last settling, if it applied: files that call each other whose
     * summaries still changed after {@link #MAX_ROUNDS} rounds, so the longest chains of calls among
     * them may not be followed to the end.
     */
    public synchronized Optional<String> settleLimit() {
        unsettled.retainAll(files.keySet());
        return settleLimit(unsettled);
    }

    /**
     * The workspace-wide limit for {@code unsettled} files, as {@link #settleLimit()} says it: for a
     * scan that takes it from its cache, with the summaries it was said of, which it does not restore.
     */
    public static Optional<String> settleLimit(java.util.Collection<String> unsettled) {
        if (unsettled.isEmpty()) {
            return Optional.empty();
        }
        String example = new java.util.TreeSet<>(unsettled).first();
        return Optional.of("taint summaries of " + unsettled.size() + " files that call each other (" + example
                + (unsettled.size() > 1 ? " and others" : "") + ") did not settle in " + MAX_ROUNDS
                + " rounds; flows along the longest call chains among them may be missed");
    }

    /**
     * The files that mention a class of one of {@code paths}: their own flows may pass through
     * those classes, so their analysis may change when those files do.
     */
    public synchronized Set<String> dependents(Set<String> paths) {
        Set<String> names = new HashSet<>();
        for (String p : paths) {
            Entry e = files.get(p);
            // callers of the mapper interfaces whose statements they are or whose statements include their fragments
            if (e != null) names.addAll(includingNamespaces(e.namespaces()));
            if (e != null) e.classes.forEach(c -> {
                names.add(c.name());
                c.supertypes().forEach(st -> names.add(table.resolve(st)));
                names.addAll(table.staticWriteOwners(c)); // readers of the static fields it writes
                names.addAll(c.beanTypes()); // where the container injects the beans it provides
            });
        }
        Set<String> out = new LinkedHashSet<>();
        files.forEach((path, e) -> {
            if (!paths.contains(path) && e.mentions.stream().anyMatch(m -> names.contains(resolveAlso(m, names)))) {
                out.add(path);
            }
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
        return entry == null ? "" : dependencyKey(path, entry, current, WorkspaceSummaries::wholeText);
    }

    private static String dependencyKey(String path, Entry entry, SummaryTable current,
                                        Function<ClassSummary, String> text) {
        StringBuilder facts = new StringBuilder();
        for (ClassSummary own : entry.classes) {
            if (current.hasMapperStatements(own.name())) { // the mapper XML files of a mapper declared here
                facts.append(own.name()).append('|').append(text.apply(own)).append('\n');
            }
        }
        for (String mention : new java.util.TreeSet<>(entry.mentions)) {
            String type = current.resolve(mention);
            List<ClassSummary> involved = new ArrayList<>(current.classes(type));
            involved.addAll(current.subtypes(type)); // a call through an interface runs its implementations
            involved.addAll(current.staticWritersOf(type)); // a read of its static fields sees what they store
            involved.addAll(current.beanFactoriesOf(type)); // a field of that type is what their @Bean methods make
            involved.addAll(ancestors(current, type)); // a method it inherits runs a supertype's code
            for (ClassSummary c : involved) {
                if (!c.file().equals(path)) {
                    facts.append(c.file()).append('|').append(text.apply(c)).append('\n');
                }
            }
        }
        return facts.isEmpty() ? "" : hash(facts.toString());
    }

    /** The classes {@code type} extends or implements, directly or not, that the table holds. */
    private static List<ClassSummary> ancestors(SummaryTable table, String type) {
        List<ClassSummary> out = new ArrayList<>();
        Set<String> seen = new HashSet<>(Set.of(type));
        java.util.Deque<String> work = new java.util.ArrayDeque<>(table.supertypes(type));
        while (!work.isEmpty()) {
            String supertype = work.pop();
            if (seen.add(supertype)) {
                out.addAll(table.classes(supertype));
                work.addAll(table.supertypes(supertype));
            }
        }
        return out;
    }

    /**
     * What a mention denotes: as the table resolves it, or, when the table no longer has it (the
     * class was removed), the first of its candidates {@code known} has.
     */
    private String resolveAlso(String mention, java.util.Collection<String> known) {
        String resolved = table.resolve(mention);
        if (table.knows(resolved) || known.contains(resolved)) {
            return resolved;
        }
        return TypeRef.resolve(mention, known::contains);
    }

    /** The names of the methods a file calls, {@code <init>} for constructors. */
    private static Set<String> calls(CompilationUnit unit) {
        Set<String> names = new HashSet<>();
        FileIndex index = FileIndex.of(unit).orElseThrow();
        index.calls().forEach(c -> names.add(c.getNameAsString()));
        // constructors run by new, by this(...) or super(...), and by Type::new
        if (!index.creations().isEmpty()
                || index.statements().stream().anyMatch(s -> s instanceof com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt)
                || index.methodReferences().stream().anyMatch(r -> r.getIdentifier().equals("new"))) {
            names.add("<init>");
        }
        index.methodReferences().forEach(r -> names.add(r.getIdentifier()));
        names.addAll(MyBatisMappers.providerMethods(index)); // MyBatis runs the SQL they return for the mapper
        return names;
    }

    /**
     * The classes a file refers to (types, constructor calls, static call scopes), each as the
     * {@linkplain TypeRef#encoded() reference} its scope makes of the name, so the workspace
     * resolves it to the one class it means.
     */
    private static Set<String> mentions(CompilationUnit unit) {
        TypeScope scope = TypeScope.of(unit).orElseThrow();
        FileIndex index = FileIndex.of(unit).orElseThrow();
        Set<String> refs = new HashSet<>();
        index.classTypes().forEach(t -> refs.add(scope.resolve(t, t.getNameWithScope()).encoded()));
        index.namesByIdentifier().forEach((s, names) -> {
            if (!s.isEmpty() && Character.isUpperCase(s.charAt(0))) names.forEach(n -> refs.add(scope.resolve(n, s).encoded()));
        });
        return refs;
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
