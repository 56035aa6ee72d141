package dev.seclens.server.cli;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.taint.ShownFiles;
import dev.seclens.rules.taint.SourceOutline;
import dev.seclens.rules.taint.SummaryCodec;
import dev.seclens.rules.taint.SummaryTable;
import dev.seclens.rules.taint.WorkspaceSummaries;
import dev.seclens.server.SourceNesting;
import dev.seclens.server.workspace.MapperFiles;
import dev.seclens.server.workspace.ScanTarget;
import dev.seclens.server.workspace.SourceBytes;
import dev.seclens.server.workspace.SourceWalker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder scan that parses each file once. The files' tokens ({@link SourceOutline}) put them in
 * levels, a file after the files whose classes it mentions, and the files of a level are analysed
 * in parallel. One analysis gives both a file's findings and, from the same tree, its method
 * summaries, which the later levels see; the tree is then let go.
 *
 * <p>A file's findings are final when the facts of the summaries of the files it depends on are
 * those it was analysed against (compared by {@linkplain WorkspaceSummaries#factKeys fact key}:
 * how a flow ran, its steps, is not compared, as it can change round after round in files that
 * call each other while what reaches which sink no longer does). Files that call each other, and
 * calls the tokens did not show, can leave a file analysed too early: then, round after round, the
 * files whose key changed are analysed again in the order their summaries show, up to
 * {@link WorkspaceSummaries#MAX_ROUNDS} rounds; the last round's findings stand, and the scan warns
 * once ({@link WorkspaceSummaries#settleLimit()}).
 *
 * <p>Files outside this shard are summarised (their code runs in the shard's flows), but their
 * findings are not asked for. With a cache, an unchanged file's summaries, and the whole
 * {@linkplain WorkspaceSummaries#dependencyKeys dependency key} (steps included) of the summaries
 * they were computed against, come back without a parse, and its findings too while that key holds
 * (of the files its results show, {@link ShownFiles}, the lines and steps; of the others, the facts).
 * When the cache's {@link ScanCache.Manifest} shows that no summary changed, the findings come back
 * without any summary being decoded.
 *
 * <p>Whatever goes wrong with one file but exhausting the heap, in its analysis or in the scan's
 * own work on it, makes it a file not analysed ({@code analysis failed: ...}); the others go on.
 */
final class OnePassScan {
    /** Where findings are cached, and what besides a file's bytes its entry's key takes in. */
    record Caching(ScanCache cache, Function<ScanTarget, String> ignoreFileKey) {
    }

    /** What the scan knows of one Java file between its passes. */
    private static final class JavaFile {
        final ScanTarget target;
        /** Whether its findings are reported: it is in this shard. */
        final boolean reported;
        /** The head of its summaries entry in the cache, when one was kept for its text in this run. */
        volatile ScanCache.SummariesHead head;
        /** Whether its summaries came from the cache rather than from an analysis of this run. */
        volatile boolean restored;
        /** For a file restored from the cache: the token of the summaries entry they came from. */
        volatile String token = "";
        volatile String contentKey = "";
        volatile String summariesKey = "";
        /** For a file restored from the cache: the dependency key of the summaries its cache entries were computed against. */
        volatile String against = "";
        /** For a file restored from the cache: whether the scan that kept its summaries noted them as unsettled. */
        volatile boolean keptUnsettled;
        /**
         * The files whose positions its results show ({@link ShownFiles}): as kept with its summaries,
         * for a file restored from the cache; from its results, for a file analysed in this run, once kept.
         */
        volatile Set<String> shown = Set.of();
        /**
         * For a file restored from the cache whose key held but whose outcome was not kept (a rule
         * failed, say): analysed for its outcome only, its summaries staying those restored, so that
         * the files calling it see what the scan that kept them saw.
         */
        volatile boolean outcomeOnly;
        /** Set when analysing or summarising it failed: it is reported as not analysed, and not analysed again. */
        volatile boolean failed;
        /** For a file analysed in this run: the fact key of the summaries its outcome and summaries were computed against. */
        volatile String factsAgainst = "";
        volatile FileOutcome outcome;

        JavaFile(ScanTarget target, boolean reported) {
            this.target = target;
            this.reported = reported;
        }
    }

    private final WorkspaceSummaries summaries;
    private final BatchScanner reader;
    private final int threads;
    private final Optional<Caching> caching;
    /** Decodes cached summaries, sharing their equal steps between files. */
    private final SummaryCodec.Decoder decoder = new SummaryCodec.Decoder();
    /**
     * Files whose summaries the scan that kept them noted as unsettled, when this scan took every
     * file's findings from the cache without restoring any summary; {@code null} otherwise.
     */
    private volatile Set<String> unsettledAsKept;
    /** The table each analysis thread's current file is analysed against: the same for a whole level. */
    private final ThreadLocal<SummaryTable> against = new ThreadLocal<>();

    OnePassScan(Analyzer configured, int threads, SizeLimit sizeLimit, boolean includeGenerated,
                Optional<Caching> caching) {
        this.summaries = new WorkspaceSummaries(configured.taintEngine());
        Analyzer wired = configured.withTaint(configured.taintEngine(), () -> {
            SummaryTable table = against.get();
            return table == null ? summaries.table() : table;
        });
        this.reader = new BatchScanner(wired, sizeLimit, includeGenerated);
        this.threads = threads;
        this.caching = caching;
    }

    /**
     * The workspace-wide limit of the last scan, if it applied ({@link WorkspaceSummaries#settleLimit()}):
     * as the scan that kept the summaries said it, when every file came from the cache.
     */
    Optional<String> settleLimit() {
        Set<String> kept = unsettledAsKept;
        return kept != null ? WorkspaceSummaries.settleLimit(kept) : summaries.settleLimit();
    }

    /**
     * Scans {@code targets} (this shard), summarising {@code everyTarget} (the whole tree), and
     * hands each reported file's outcome to {@code done} once it is final. When the heap runs out
     * the scan stops, and hands over what it has: the last outcome of every file analysed.
     */
    void scan(List<ScanTarget> targets, List<ScanTarget> everyTarget, ScanProgress progress,
              Consumer<FileOutcome> done) throws InterruptedException, BatchScanner.OutOfMemory {
        Set<String> reported = ConcurrentHashMap.newKeySet();
        targets.forEach(t -> reported.add(t.path()));
        Map<String, JavaFile> java = new ConcurrentHashMap<>();
        Map<String, FileOutcome> others = new ConcurrentHashMap<>();
        Map<String, SourceOutline> outlines = new ConcurrentHashMap<>();
        Map<String, String> mappers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, AnalysisThreads.factory("seclens-scan"));
        AtomicReference<String> outOfMemory = new AtomicReference<>();
        try {
            List<ScanTarget> all = new ArrayList<>(everyTarget);
            targets.stream().filter(t -> everyTarget.stream().noneMatch(e -> e.path().equals(t.path()))).forEach(all::add);
            inParallel(pool, outOfMemory, all, ScanTarget::path, (target, error) -> {
                java.remove(target.path());
                outlines.remove(target.path());
                if (reported.contains(target.path())) {
                    others.put(target.path(), failed(target.path(), error));
                    progress.fileDone(false);
                }
            }, target -> {
                boolean report = reported.contains(target.path());
                if (!report && MapperFiles.isCandidate(target.file())) {
                    mapper(target, mappers); // a mapper XML file: its statements are what the mapper interface runs
                    return;
                }
                if (!SourceWalker.isJava(target.file())) {
                    if (report) { // a build file: nothing to summarise, nothing to wait for
                        others.put(target.path(), analyse(target, progress));
                    }
                    return;
                }
                outline(new JavaFile(target, report), java, outlines, progress, true);
            });
            if (outOfMemory.get() == null && caching.isPresent()) {
                if (fromTheCacheAlone(pool, outOfMemory, java, mappers, progress)) {
                    return;
                }
                restore(pool, outOfMemory, java, outlines, progress);
            }
            // first pass: every file analysed (or, outside the shard, summarised) once, in the order its tokens give
            for (List<String> level : SourceOutline.levels(outlines)) {
                if (outOfMemory.get() != null) break;
                SummaryTable table = summaries.table();
                inParallel(pool, outOfMemory, level, path -> path, (path, error) -> {
                    fail(java.get(path), error);
                    if (java.get(path).reported) progress.fileDone(false);
                }, path -> {
                    analyse(java.get(path), table);
                    // its own summaries are not in its key, so it can be had now, on this thread
                    java.get(path).factsAgainst = summaries.factKeys(List.of(path), table).get(path);
                    if (java.get(path).reported) progress.fileDone(false);
                });
            }
            outlines.clear();
            if (outOfMemory.get() == null) settle(pool, outOfMemory, java, progress);
            if (outOfMemory.get() == null && caching.isPresent()) keep(caching.get().cache(), java, mappers, pool, outOfMemory);
        } finally {
            pool.shutdownNow();
            others.values().forEach(done);
            java.values().stream().filter(f -> f.reported && f.outcome != null).forEach(f -> done.accept(f.outcome));
        }
        if (outOfMemory.get() != null) {
            throw new BatchScanner.OutOfMemory(outOfMemory.get());
        }
    }

    /**
     * Reads a Java file for the first pass: its outline, to order it; or, cached, the head of its
     * summaries as the last run left them, so that it need not be parsed unless something it calls
     * has changed (the summaries themselves are decoded only if some file must be analysed).
     */
    private void outline(JavaFile file, Map<String, JavaFile> java, Map<String, SourceOutline> outlines,
                         ScanProgress progress, boolean fromTheCache) {
        BatchScanner.Read read = reader.read(file.target);
        if (read instanceof BatchScanner.Read.Decided decided) {
            if (file.reported) { // set aside (too large, generated, unreadable): summarised by no one
                file.outcome = decided.outcome();
                java.put(file.target.path(), file);
                progress.fileDone(false);
            }
            return;
        }
        byte[] bytes = ((BatchScanner.Read.Bytes) read).bytes();
        java.put(file.target.path(), file);
        if (caching.isPresent()) {
            ScanCache cache = caching.get().cache();
            keys(file, cache, bytes);
            file.head = fromTheCache ? cache.summariesHead(file.target.path(), file.summariesKey).orElse(null) : null;
            if (file.head != null) {
                return;
            }
        }
        outlines.put(file.target.path(), outlineOf(bytes));
    }

    private static SourceOutline outlineOf(byte[] bytes) {
        return SourceOutline.of(SourceBytes.isBinary(bytes) ? "" : SourceBytes.decode(bytes).text());
    }

    /**
     * Takes every file's outcome from the cache, restoring no summary, when the {@link ScanCache.Manifest}
     * the last scan left shows that nothing its summaries depend on changed: the same Java files,
     * each with the summaries entry the manifest names (so all together they are the summaries the
     * manifest's dependency keys were computed from), each file's outcome and summaries kept against
     * that key, and the same mapper XML files. Returns whether it did; if not, nothing was taken but
     * outcomes that hold as they are (their entry's key is their file's content and dependency key).
     */
    private boolean fromTheCacheAlone(ExecutorService pool, AtomicReference<String> outOfMemory,
                                      Map<String, JavaFile> java, Map<String, String> mappers, ScanProgress progress)
            throws InterruptedException {
        ScanCache cache = caching.orElseThrow().cache();
        List<JavaFile> summarised = java.values().stream().filter(f -> f.outcome == null).toList();
        if (summarised.stream().anyMatch(f -> f.head == null)) {
            return false; // a file's text changed, or it is new: it is analysed, against every other's summaries
        }
        Optional<ScanCache.Manifest> read = cache.getManifest();
        if (read.isEmpty() || !read.get().mappers().equals(mappers) || read.get().files().size() != summarised.size()) {
            return false;
        }
        Map<String, ScanCache.Manifest.Listed> listed = read.get().files();
        for (JavaFile f : summarised) {
            ScanCache.Manifest.Listed l = listed.get(f.target.path());
            if (l == null || !l.token().equals(f.head.token()) || !l.dependencyKey().equals(f.head.against())) {
                return false;
            }
        }
        inParallel(pool, outOfMemory, summarised.stream().filter(f -> f.reported).toList(), f -> f.target.path(),
                (f, error) -> { }, f -> cache.get(f.target.path(), cache.key(f.contentKey, f.head.against()))
                        .ifPresent(outcome -> {
                            f.outcome = outcome;
                            progress.fileDone(true);
                        }));
        if (outOfMemory.get() != null || summarised.stream().anyMatch(f -> f.reported && f.outcome == null)) {
            return false;
        }
        unsettledAsKept = summarised.stream().filter(f -> f.head.unsettled()).map(f -> f.target.path())
                .collect(Collectors.toUnmodifiableSet());
        return true;
    }

    /**
     * Restores the summaries kept for the files whose {@linkplain JavaFile#head head} was read, so
     * that the files to analyse see them; a file whose entry no longer decodes is outlined, to be
     * analysed like any file not in the cache.
     */
    private void restore(ExecutorService pool, AtomicReference<String> outOfMemory, Map<String, JavaFile> java,
                         Map<String, SourceOutline> outlines, ScanProgress progress) throws InterruptedException {
        ScanCache cache = caching.orElseThrow().cache();
        List<JavaFile> kept = java.values().stream().filter(f -> f.head != null).toList();
        inParallel(pool, outOfMemory, kept, f -> f.target.path(), (f, error) -> {
            fail(f, error);
            if (f.reported) progress.fileDone(false);
        }, f -> {
            Optional<ScanCache.KeptSummaries> entry = cache.getSummaries(f.target.path(), f.summariesKey);
            Optional<WorkspaceSummaries.Entry> decoded = entry.flatMap(k -> decoder.decode(k.summaries()));
            if (decoded.isPresent()) {
                summaries.restore(f.target.path(), decoded.get());
                f.restored = true;
                f.token = entry.get().token();
                f.against = entry.get().against();
                f.keptUnsettled = entry.get().unsettled();
                f.shown = entry.get().shown();
            } else {
                java.remove(f.target.path());
                outline(new JavaFile(f.target, f.reported), java, outlines, progress, false);
            }
        });
    }

    private void keys(JavaFile file, ScanCache cache, byte[] bytes) {
        file.contentKey = cache.contentKey(file.target.path(), bytes, caching.get().ignoreFileKey().apply(file.target));
        file.summariesKey = cache.key(file.target.path(), bytes, "summaries", "");
    }

    /**
     * Analyses (or, outside the shard, summarises) {@code file} against {@code table}, and takes
     * its summaries from the same tree.
     */
    private void analyse(JavaFile file, SummaryTable table) {
        BatchScanner.Read read = reader.read(file.target);
        if (read instanceof BatchScanner.Read.Decided decided) { // changed on disk since it was first read
            file.outcome = decided.outcome();
            return;
        }
        byte[] bytes = ((BatchScanner.Read.Bytes) read).bytes();
        caching.ifPresent(c -> keys(file, c.cache(), bytes));
        boolean outcomeOnly = file.restored && file.outcomeOnly;
        file.restored = outcomeOnly;
        if (file.reported) {
            against.set(table);
            try {
                BatchScanner.Analysed analysed = reader.analyseFile(file.target.path(), bytes);
                file.outcome = analysed.outcome();
                if (!outcomeOnly) {
                    analysed.text().ifPresent(text -> summaries.take(file.target.path(), text, analysed.unit(), table));
                }
            } finally {
                against.remove();
            }
        } else if (!SourceBytes.isBinary(bytes)) {
            String text = SourceBytes.decode(bytes).text();
            if (SourceNesting.tooDeep(text).isEmpty()) {
                summaries.summarise(file.target.path(), text, table);
            }
        }
    }

    /**
     * Summarises a mapper XML file: read, never analysed or reported, so never skipped either. With
     * a cache, {@code mappers} takes the key of its text, for the {@link ScanCache.Manifest}.
     */
    private void mapper(ScanTarget target, Map<String, String> mappers) {
        if (reader.read(target) instanceof BatchScanner.Read.Bytes read && !SourceBytes.isBinary(read.bytes())) {
            summaries.add(target.path(), SourceBytes.decode(read.bytes()).text());
            caching.ifPresent(c -> mappers.put(target.path(), c.cache().key(target.path(), read.bytes(), "mapper", "")));
        }
    }

    /** A file that is not Java (a build file), analysed on its own, or taken from the cache. */
    private FileOutcome analyse(ScanTarget target, ScanProgress progress) {
        BatchScanner.Read read = reader.read(target);
        if (!(read instanceof BatchScanner.Read.Bytes bytes)) {
            progress.fileDone(false);
            return ((BatchScanner.Read.Decided) read).outcome();
        }
        Optional<String> key = caching.map(c -> c.cache().key(target.path(), bytes.bytes(),
                c.ignoreFileKey().apply(target), ""));
        Optional<FileOutcome.Scanned> cached = key.flatMap(k -> caching.get().cache().get(target.path(), k));
        if (cached.isPresent()) {
            progress.fileDone(true);
            return cached.get();
        }
        FileOutcome outcome = reader.analyseFile(target.path(), bytes.bytes()).outcome();
        if (key.isPresent() && outcome instanceof FileOutcome.Scanned scanned && cacheable(scanned)) {
            caching.get().cache().put(target.path(), key.get(), scanned);
        }
        progress.fileDone(false);
        return outcome;
    }

    /**
     * Whether an outcome may be kept for the next scan: one cut short by the time budget may not (the
     * next scan may have the time to finish), nor one where a rule failed; one the engine's own limits
     * made partial (a capped call, a loop or method over its step budget, dropped taints) may, with its
     * note: those limits count steps, not time, so the same input gives the same partial result.
     */
    static boolean cacheable(FileOutcome.Scanned scanned) {
        return scanned.warnings().stream().noneMatch(w -> w.kind() == ScanWarning.Kind.RULE_FAILURE
                || w.kind() == ScanWarning.Kind.INCOMPLETE && Analysis.isTimeBudget(w.message()));
    }

    /**
     * Until every file's outcome was computed against the summaries now in force: in the order the
     * summaries show, the files whose fact key changed are analysed again; a file restored from the
     * cache takes its cached findings if its whole dependency key still holds. After the last round,
     * the files still not settled keep their last outcome (cached as it is) and the workspace notes
     * them; a file that has no outcome yet is analysed even then.
     */
    private void settle(ExecutorService pool, AtomicReference<String> outOfMemory, Map<String, JavaFile> java,
                        ScanProgress progress) throws InterruptedException {
        for (int round = 0; outOfMemory.get() == null; round++) {
            boolean last = round == WorkspaceSummaries.MAX_ROUNDS;
            List<String> unsettled = new ArrayList<>();
            for (List<String> allInLevel : summaries.levels()) {
                // mapper XML files are in the summaries' levels too, but never analysed
                List<String> level = allInLevel.stream().filter(java::containsKey).toList();
                SummaryTable table = summaries.table();
                Map<String, String> facts = factKeys(pool, outOfMemory, java, level, table);
                Map<String, String> whole = summaries.dependencyKeys(
                        level.stream().filter(path -> java.get(path).restored).toList(), table, path -> java.get(path).shown);
                List<String> due = level.stream()
                        .filter(path -> due(java.get(path), facts.get(path), whole.get(path), progress)).toList();
                unsettled.addAll(due);
                List<String> analysed = due;
                if (last) {
                    // the last round's outcome is the one reported, with the workspace's warning: kept as the answer
                    // to these summaries, so that the next scan does not go through the same rounds again
                    due.forEach(path -> java.get(path).factsAgainst = facts.get(path));
                    analysed = due.stream().filter(path -> java.get(path).reported && java.get(path).outcome == null)
                            .toList();
                }
                inParallel(pool, outOfMemory, analysed, path -> path, (path, error) -> {
                    JavaFile file = java.get(path);
                    if (file.outcome == null && file.reported) progress.fileDone(false);
                    fail(file, error);
                }, path -> {
                    JavaFile file = java.get(path);
                    boolean first = file.outcome == null && file.reported;
                    analyse(file, table);
                    file.factsAgainst = facts.get(path);
                    if (first) progress.fileDone(false);
                });
            }
            if (unsettled.isEmpty() || last) {
                summaries.noteUnsettled(unsettled);
                // summaries taken from the cache as they are were as unsettled as when they were kept: say so again
                summaries.noteUnsettled(java.values().stream().filter(f -> f.restored && f.keptUnsettled)
                        .map(f -> f.target.path()).toList());
                return;
            }
        }
    }

    /**
     * The {@linkplain WorkspaceSummaries#factKeys fact keys} of the files of {@code level} against
     * {@code table}, on the pool: one thread took seconds of each round on a tree the JDK's size. A
     * file whose key cannot be had is not analysed.
     */
    private Map<String, String> factKeys(ExecutorService pool, AtomicReference<String> outOfMemory,
                                         Map<String, JavaFile> java, List<String> level, SummaryTable table)
            throws InterruptedException {
        Map<String, String> keys = new ConcurrentHashMap<>();
        inParallel(pool, outOfMemory, level, path -> path, (path, error) -> fail(java.get(path), error),
                path -> keys.put(path, summaries.factKeys(List.of(path), table).get(path)));
        return keys;
    }

    /**
     * Whether {@code file} must be analysed (again) now that {@code facts} is the fact key of the
     * summaries it depends on, and {@code whole} their whole dependency key. A file restored from
     * the cache holds only while its whole key does (its summaries' steps run through the files it
     * calls), and then takes its cached outcome.
     */
    private boolean due(JavaFile file, String facts, String whole, ScanProgress progress) {
        if (file.failed) {
            return false;
        }
        if (file.restored) {
            if (!whole.equals(file.against)) {
                file.outcomeOnly = false;
                return true;
            }
            if (file.reported && file.outcome == null) {
                ScanCache cache = caching.orElseThrow().cache();
                Optional<FileOutcome.Scanned> cached = cache.get(file.target.path(), cache.key(file.contentKey, whole));
                if (cached.isPresent()) {
                    file.outcome = cached.get();
                    progress.fileDone(true);
                    return false;
                }
                file.outcomeOnly = true;
                return true;
            }
            return false;
        }
        return !facts.equals(file.factsAgainst) || file.reported && file.outcome == null;
    }

    /**
     * Keeps the outcomes and summaries computed in this run for the next, under the whole dependency
     * key of the summaries in force at the end: what a warm scan of the same files computes again.
     * Then the {@link ScanCache.Manifest} of every file's summaries entry and that key, by which the
     * next scan of the same files can take every outcome without decoding a summary.
     */
    private void keep(ScanCache cache, Map<String, JavaFile> java, Map<String, String> mappers, ExecutorService pool,
                      AtomicReference<String> outOfMemory) throws InterruptedException {
        List<JavaFile> summarised = java.values().stream().filter(f -> !f.failed && !f.contentKey.isEmpty()).toList();
        SummaryTable table = summaries.table();
        Map<String, ScanCache.Manifest.Listed> listed = new ConcurrentHashMap<>();
        // file by file, in parallel: what a file's results show, then its key, which takes only its own, then its
        // entries; a file whose key cannot be had keeps nothing, and a cache that cannot be written only costs the
        // next scan time
        inParallel(pool, outOfMemory, summarised, f -> f.target.path(), (file, error) -> { }, file -> {
            String path = file.target.path();
            Optional<String> json = file.restored ? Optional.empty() : summaries.entry(path).map(SummaryCodec::encode);
            json.ifPresent(encoded -> file.shown = shown(encoded, file.outcome));
            String whole = summaries.dependencyKeys(List.of(path), table, p -> file.shown).get(path);
            if (file.restored) {
                listed.put(path, new ScanCache.Manifest.Listed(file.token, whole));
            }
            if (file.restored && !file.outcomeOnly) {
                return;
            }
            // a file analysed for its outcome only kept its restored summaries and their key
            String against = file.restored ? file.against : whole;
            if (file.reported && file.outcome instanceof FileOutcome.Scanned scanned && cacheable(scanned)) {
                cache.put(path, cache.key(file.contentKey, against), scanned);
            }
            json.flatMap(encoded -> cache.putSummaries(path, file.summariesKey, encoded, against,
                            summaries.isUnsettled(path), file.shown))
                    .ifPresent(token -> listed.put(path, new ScanCache.Manifest.Listed(token, against)));
        });
        if (outOfMemory.get() == null) {
            cache.putManifest(new ScanCache.Manifest(listed, mappers));
        }
    }

    /** The files whose positions a file's summaries ({@code json}) and its outcome's findings and notes show. */
    private static Set<String> shown(String json, FileOutcome outcome) {
        if (!(outcome instanceof FileOutcome.Scanned scanned)) {
            return ShownFiles.of(json, List.of(), Stream.empty());
        }
        List<Finding> findings = new ArrayList<>(scanned.findings());
        scanned.suppressed().forEach(s -> findings.add(s.finding()));
        return ShownFiles.of(json, findings, scanned.warnings().stream().map(ScanWarning::message));
    }

    /**
     * Marks {@code file} as failed: reported as not analysed, with the error as the reason, and
     * left out of the later rounds. The summaries it had before (none, if it never got that far)
     * stay, as for a file that cannot be summarised again.
     */
    private static void fail(JavaFile file, Throwable error) {
        file.failed = true;
        file.outcome = failed(file.target.path(), error);
    }

    private static FileOutcome failed(String path, Throwable error) {
        return new FileOutcome.Skipped(path, "analysis failed: " + BatchScanner.describe(error));
    }

    /**
     * Runs {@code work} on each of {@code items} on the pool and waits for all. What goes wrong with
     * one item is that item's ({@code failed} decides what becomes of it), not the scan's; but a
     * file that exhausts the heap stops the scan ({@code outOfMemory} names it): a JVM out of memory
     * analyses nothing reliably.
     */
    private static <T> void inParallel(ExecutorService pool, AtomicReference<String> outOfMemory, List<T> items,
                                       Function<T, String> path, BiConsumer<T, Throwable> failed, Consumer<T> work)
            throws InterruptedException {
        List<Future<?>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(pool.submit(() -> {
                if (outOfMemory.get() != null) {
                    return; // the scan is stopping
                }
                try {
                    work.accept(item);
                } catch (OutOfMemoryError e) {
                    outOfMemory.compareAndSet(null, path.apply(item)); // this file's memory is free again once unwound
                } catch (Throwable t) { // an engine defect, a stack overflow, an I/O error: this item's only
                    failed.accept(item, t);
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("scan task failed: " + BatchScanner.describe(e.getCause()), e.getCause());
            }
        }
    }
}
