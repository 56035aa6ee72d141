package dev.seclens.server.cli;

import dev.seclens.rules.AnalysisThreads;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.WorkspaceSummaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The first pass of a scan: the method summaries of every file, so that the analysis pass sees
 * untrusted data flowing through helpers in other files. Only summaries are kept, not syntax trees;
 * a file that cannot be read or parsed here is reported by the analysis pass, not twice.
 */
final class ScanSummaries {
    private ScanSummaries() {
    }

    static WorkspaceSummaries of(TaintEngine engine, List<ScanTarget> targets, int threads, OptionalLong maxFileSize)
            throws InterruptedException {
        WorkspaceSummaries summaries = new WorkspaceSummaries(engine);
        Map<String, Path> files = new HashMap<>();
        targets.forEach(t -> files.put(t.path(), t.file()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, AnalysisThreads.factory("seclens-summaries"));
        try {
            List<Future<?>> work = new ArrayList<>();
            for (ScanTarget target : targets) {
                work.add(pool.submit(() -> read(target.file(), maxFileSize)
                        .ifPresent(text -> summaries.add(target.path(), text))));
            }
            for (Future<?> f : work) {
                await(f);
            }
            await(pool.submit(() -> summaries.settle(path -> read(files.get(path), maxFileSize))));
        } finally {
            pool.shutdownNow();
        }
        return summaries;
    }

    private static void await(Future<?> future) throws InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            // the analysis pass meets the same file and reports why it failed
        }
    }

    private static Optional<String> read(Path file, OptionalLong maxFileSize) {
        try {
            if (file == null || maxFileSize.isPresent() && Files.size(file) > maxFileSize.getAsLong()) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            return SourceBytes.isBinary(bytes) ? Optional.empty() : Optional.of(SourceBytes.decode(bytes).text());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
