package dev.seclens.server.cli;

import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.taint.SummaryCodec;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.WorkspaceSummaries;
import dev.seclens.server.SourceNesting;
import dev.seclens.server.UserFiles;
import dev.seclens.server.workspace.GeneratedSources;
import dev.seclens.server.workspace.MapperFiles;
import dev.seclens.server.workspace.ScanTarget;
import dev.seclens.server.workspace.SourceBytes;
import dev.seclens.server.workspace.SourceWalker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The first pass of a scan: the method summaries of every file, so that the analysis pass sees
 * untrusted data flowing through helpers in other files. Only summaries are kept, not syntax trees;
 * a file that cannot be read or parsed here is reported by the analysis pass, not twice. With a
 * cache, an unchanged file's settled summaries come back without a parse, and only the files that
 * mention a changed file's classes are summarised again.
 */
final class ScanSummaries {
    private ScanSummaries() {
    }

    static WorkspaceSummaries of(TaintEngine engine, List<ScanTarget> targets, int threads, Sources sources,
                                 Optional<ScanCache> cache) throws InterruptedException {
        WorkspaceSummaries summaries = new WorkspaceSummaries(engine);
        Map<String, Path> files = new HashMap<>();
        // the Java files, and the mapper XML files whose statements MyBatis runs for mapper methods
        List<ScanTarget> java = targets.stream()
                .filter(t -> SourceWalker.isJava(t.file()) || MapperFiles.isCandidate(t.file())).toList();
        java.forEach(t -> files.put(t.path(), t.file()));
        Map<String, String> keys = new ConcurrentHashMap<>();
        Set<String> summarised = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads, AnalysisThreads.factory("seclens-summaries"));
        try {
            List<Future<?>> work = new ArrayList<>();
            for (ScanTarget target : java) {
                work.add(pool.submit(() -> sources.read(target.file()).ifPresent(bytes -> {
                    String text = SourceBytes.decode(bytes).text();
                    Optional<WorkspaceSummaries.Entry> kept = cache.flatMap(c -> {
                        String key = c.key(target.path(), bytes, "summaries", "");
                        keys.put(target.path(), key);
                        return c.getSummaries(target.path(), key).flatMap(SummaryCodec::decode);
                    });
                    if (kept.isPresent()) {
                        summaries.restore(target.path(), kept.get());
                    } else {
                        summaries.add(target.path(), text);
                        summarised.add(target.path());
                    }
                })));
            }
            for (Future<?> f : work) {
                await(f);
            }
            Future<Set<String>> settled = pool.submit(() -> summarised.size() == java.size()
                    ? settleAll(summaries, files, sources, threads)
                    : summaries.settleChanged(Set.copyOf(summarised), path -> sources.text(files.get(path))));
            try {
                summarised.addAll(settled.get());
            } catch (ExecutionException e) {
                // the analysis pass meets the same files and reports why they failed
            }
        } finally {
            pool.shutdownNow();
        }
        cache.ifPresent(c -> summarised.forEach(path -> summaries.entry(path).ifPresent(entry ->
                c.putSummaries(path, keys.get(path), SummaryCodec.encode(entry)))));
        return summaries;
    }

    private static Set<String> settleAll(WorkspaceSummaries summaries, Map<String, Path> files, Sources sources,
                                         int threads) {
        summaries.settle(path -> sources.text(files.get(path)), threads);
        return Set.copyOf(files.keySet());
    }

    private static void await(Future<?> future) throws InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            // the analysis pass meets the same file and reports why it failed
        }
    }

    /**
     * Which sources the summary pass reads: those the analysis pass will analyse, so that a file
     * over the size limit or a generated one is not parsed here either.
     */
    record Sources(SizeLimit sizeLimit, boolean includeGenerated) {
        Optional<String> text(Path file) {
            return read(file).map(bytes -> SourceBytes.decode(bytes).text());
        }

        Optional<byte[]> read(Path file) {
            if (file == null) {
                return Optional.empty();
            }
            try {
                byte[] bytes = UserFiles.read(file, file.toString(), sizeLimit.bytes(), Optional.empty());
                if (SourceBytes.isBinary(bytes)) {
                    return Optional.empty();
                }
                String text = SourceBytes.decode(bytes).text();
                // too deep for the parser, or generated: the analysis pass sets it aside with the reason
                return SourceNesting.tooDeep(text).isPresent()
                        || !includeGenerated && GeneratedSources.recognise(text.substring(0,
                        Math.min(text.length(), GeneratedSources.HEAD_BYTES))).isPresent()
                        ? Optional.empty() : Optional.of(bytes);
            } catch (UserFiles.Refused | RuntimeException e) {
                return Optional.empty(); // the analysis pass reports why
            }
        }
    }
}
