package dev.seclens.server.cli;

import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.Analyzer;
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
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A folder scan that parses each file once. The files' tokens ({@link SourceOutline}) put them in
 * levels, a file after the files whose classes it mentions, and the files of a level are analysed
 * in parallel. One analysis gives both a file's findings and, from the same tree, its method
 * summaries, which the later levels see; the tree is then let go.
 *
 * <p>A file's findings are final when the summaries of the files it depends on are those it was
 * analysed against (compared by {@linkplain WorkspaceSummaries#dependencyKeys dependency key}).
 * Files that call each other, and calls the tokens did not show, can leave a file analysed too
 * early: then, round after round, the files whose key changed are analysed again in the order
 * their summaries show, up to {@link WorkspaceSummaries#MAX_ROUNDS} rounds; the last round's
 * findings stand, and the scan warns once ({@link WorkspaceSummaries#settleLimit()}).
 *
 * <p>Files outside this shard are summarised (their code runs in the shard's flows), but their
 * findings are not asked for. With a cache, an unchanged file's summaries, and the dependency key
 * they were computed against, come back without a parse, and its findings too while that key holds.
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
        /** Whether its summaries came from the cache rather than from an analysis of this run. */
        volatile boolean restored;
        volatile String contentKey = "";
        volatile String summariesKey = "";
        /** The dependency key of the summaries its outcome and its own summaries were computed against. */
        volatile String against = "";
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

    /** The summaries of the last scan, for its workspace-wide limit. */
    WorkspaceSummaries summaries() {
        return summaries;
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, AnalysisThreads.factory("seclens-scan"));
        AtomicReference<String> outOfMemory = new AtomicReference<>();
        try {
            List<ScanTarget> all = new ArrayList<>(everyTarget);
            targets.stream().filter(t -> everyTarget.stream().noneMatch(e -> e.path().equals(t.path()))).forEach(all::add);
            inParallel(pool, outOfMemory, all, ScanTarget::path, target -> {
                boolean report = reported.contains(target.path());
                if (!report && MapperFiles.isCandidate(target.file())) {
                    mapper(target); // a mapper XML file: its statements are what the mapper interface runs
                    return;
                }
                if (!SourceWalker.isJava(target.file())) {
                    if (report) { // a build file: nothing to summarise, nothing to wait for
                        others.put(target.path(), analyse(target, progress));
                    }
                    return;
                }
                outline(new JavaFile(target, report), java, outlines, progress);
            });
            // first pass: every file analysed (or, outside the shard, summarised) once, in the order its tokens give
            for (List<String> level : SourceOutline.levels(outlines)) {
                if (outOfMemory.get() != null) break;
                SummaryTable table = summaries.table();
                inParallel(pool, outOfMemory, level, path -> path, path -> {
                    analyse(java.get(path), table);
                    if (java.get(path).reported) progress.fileDone(false);
                });
                summaries.dependencyKeys(level, table).forEach((path, key) -> java.get(path).against = key);
            }
            outlines.clear();
            if (outOfMemory.get() == null) settle(pool, outOfMemory, java, progress);
        } finally {
            pool.shutdownNow();
            others.values().forEach(done);
            java.values().stream().filter(f -> f.reported && f.outcome != null).forEach(f -> done.accept(f.outcome));
        }
        if (outOfMemory.get() != null) {
            throw new BatchScanner.OutOfMemory(outOfMemory.get());
        }
        caching.ifPresent(c -> keep(c.cache(), java));
    }

    /**
     * Reads a Java file for the first pass: its outline, to order it; or, cached, its summaries as
     * the last run left them, so that it need not be parsed unless something it calls has changed.
     */
    private void outline(JavaFile file, Map<String, JavaFile> java, Map<String, SourceOutline> outlines,
                         ScanProgress progress) {
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
        String text = SourceBytes.isBinary(bytes) ? "" : SourceBytes.decode(bytes).text();
        java.put(file.target.path(), file);
        if (caching.isPresent()) {
            ScanCache cache = caching.get().cache();
            keys(file, cache, bytes);
            Optional<ScanCache.KeptSummaries> kept = cache.getSummaries(file.target.path(), file.summariesKey);
            Optional<WorkspaceSummaries.Entry> entry = kept.flatMap(k -> SummaryCodec.decode(k.summaries()));
            if (entry.isPresent()) {
                summaries.restore(file.target.path(), entry.get());
                file.restored = true;
                file.against = kept.get().against();
                return;
            }
        }
        outlines.put(file.target.path(), SourceOutline.of(text));
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
        file.restored = false;
        if (file.reported) {
            against.set(table);
            try {
                BatchScanner.Analysed analysed = reader.analyseFile(file.target.path(), bytes);
                file.outcome = analysed.outcome();
                analysed.text().ifPresent(text -> summaries.take(file.target.path(), text, analysed.unit(), table));
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

    /** Summarises a mapper XML file: read, never analysed or reported, so never skipped either. */
    private void mapper(ScanTarget target) {
        if (reader.read(target) instanceof BatchScanner.Read.Bytes read && !SourceBytes.isBinary(read.bytes())) {
            summaries.add(target.path(), SourceBytes.decode(read.bytes()).text());
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
        if (key.isPresent() && outcome instanceof FileOutcome.Scanned scanned && complete(scanned)) {
            caching.get().cache().put(target.path(), key.get(), scanned);
        }
        progress.fileDone(false);
        return outcome;
    }

    /** Partial results are not kept: the next scan may have the time to finish. */
    private static boolean complete(FileOutcome.Scanned scanned) {
        return scanned.warnings().stream()
                .noneMatch(w -> w.kind() == ScanWarning.Kind.INCOMPLETE || w.kind() == ScanWarning.Kind.RULE_FAILURE);
    }

    /**
     * Until every file's outcome was computed against the summaries now in force: in the order the
     * summaries show, the files whose dependency key changed are analysed again; a file restored
     * from the cache takes its cached findings if its key still holds. After the last round, the
     * files still not settled keep their last outcome (cached as it is) and the workspace notes them.
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
                Map<String, String> keys = summaries.dependencyKeys(level, table);
                List<String> due = level.stream().filter(path -> due(java.get(path), keys.get(path), progress)).toList();
                unsettled.addAll(due);
                if (last) {
                    // the last round's outcome is the one reported, with the workspace's warning: kept as the answer
                    // to these summaries, so that the next scan does not go through the same rounds again
                    due.forEach(path -> java.get(path).against = keys.get(path));
                } else {
                    inParallel(pool, outOfMemory, due, path -> path, path -> {
                        JavaFile file = java.get(path);
                        boolean first = file.outcome == null && file.reported;
                        analyse(file, table);
                        file.against = keys.get(path);
                        if (first) progress.fileDone(false);
                    });
                }
            }
            if (unsettled.isEmpty()) {
                return;
            }
            if (last) {
                summaries.noteUnsettled(unsettled);
                return;
            }
        }
    }

    /**
     * Whether {@code file} must be analysed (again) now that {@code key} is what the summaries it
     * depends on say; a file restored from the cache whose key still holds takes its cached outcome.
     */
    private boolean due(JavaFile file, String key, ScanProgress progress) {
        if (file.restored && file.reported && file.outcome == null && key.equals(file.against)) {
            ScanCache cache = caching.orElseThrow().cache();
            Optional<FileOutcome.Scanned> cached = cache.get(file.target.path(), cache.key(file.contentKey, key));
            if (cached.isPresent()) {
                file.outcome = cached.get();
                progress.fileDone(true);
                return false;
            }
        }
        return !key.equals(file.against) || file.reported && file.outcome == null;
    }

    /** Keeps the settled outcomes and summaries computed in this run for the next. */
    private void keep(ScanCache cache, Map<String, JavaFile> java) {
        for (JavaFile file : java.values()) {
            if (file.restored || file.contentKey.isEmpty()) {
                continue;
            }
            if (file.reported && file.outcome instanceof FileOutcome.Scanned scanned && complete(scanned)) {
                cache.put(file.target.path(), cache.key(file.contentKey, file.against), scanned);
            }
            summaries.entry(file.target.path()).ifPresent(entry -> cache.putSummaries(file.target.path(),
                    file.summariesKey, new ScanCache.KeptSummaries(SummaryCodec.encode(entry), file.against)));
        }
    }

    /**
     * Runs {@code work} on each of {@code items} on the pool and waits for all. A file that exhausts
     * the heap stops the scan ({@code outOfMemory} names it): a JVM out of memory analyses nothing
     * reliably. The work itself turns whatever else goes wrong with a file into its outcome.
     */
    private static <T> void inParallel(ExecutorService pool, AtomicReference<String> outOfMemory, List<T> items,
                                       Function<T, String> path, Consumer<T> work) throws InterruptedException {
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
