package dev.seclens.server.lsp;

import com.github.javaparser.ast.CompilationUnit;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.taint.SummaryTable;
import dev.seclens.rules.taint.TaintEngine;
import dev.seclens.rules.taint.WorkspaceSummaries;
import dev.seclens.server.workspace.JavaFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Flows across files in the editor: the method summaries of the workspace (one set per content of
 * the taint specifications in use, as folders may add their own, so reloading a configuration
 * whose specifications did not change keeps them), filled by the workspace scan and
 * kept current as documents and MyBatis mapper XML files change. When an edit changes what a
 * file's methods do with untrusted data, the open documents that use that file are analysed again.
 */
final class CrossFileFlows {
    /** Sets of summaries kept for specifications no longer in use, in case a configuration edit is undone. */
    private static final int KEPT_SPECIFICATIONS = 4;
    private final Map<String, WorkspaceSummaries> summaries = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WorkspaceSummaries> eldest) {
            return size() > KEPT_SPECIFICATIONS;
        }
    };
    private final DocumentStore store;
    private volatile Consumer<String> reanalyse = path -> { };

    CrossFileFlows(DocumentStore store) {
        this.store = store;
    }

    /** Who re-analyses the documents open on a path. */
    void onDependentChanged(Consumer<String> reanalyseOpenDocuments) {
        this.reanalyse = reanalyseOpenDocuments;
    }

    synchronized WorkspaceSummaries summaries(TaintEngine engine) {
        return summaries.computeIfAbsent(engine.specHash(), hash -> new WorkspaceSummaries(engine));
    }

    /** The live table of the other files' summaries, for {@link Analyzer#withTaint}. */
    Supplier<SummaryTable> table(TaintEngine engine) {
        WorkspaceSummaries workspace = summaries(engine);
        return workspace::table;
    }

    /**
     * After {@code path} was analysed with this text as {@code unit}: its summaries brought up to
     * date (those the analysis computed, so nothing is parsed again), and the open documents whose
     * flows may pass through it (or through files summarised again because of it) queued for
     * analysis. Runs on the analysis thread.
     */
    void afterAnalysis(Analyzer analyzer, String path, String text, CompilationUnit unit) {
        WorkspaceSummaries workspace = summaries(analyzer.taintEngine());
        Set<String> changed = workspace.update(path, text, unit, this::text);
        if (changed.isEmpty()) {
            return;
        }
        Set<String> affected = new LinkedHashSet<>(changed);
        affected.addAll(workspace.dependents(changed));
        affected.remove(path);
        affected.forEach(reanalyse);
    }

    /** Whether the workspace summaries {@code analyzer} uses hold something for {@code path}. */
    boolean knows(Analyzer analyzer, String path) {
        return summaries(analyzer.taintEngine()).entry(path).isPresent();
    }

    /**
     * After the MyBatis mapper XML file {@code path} changed on disk (or was deleted): its statements
     * brought up to date, so the mapper interfaces they run for and the callers of those are
     * summarised again, and the open documents among those queued for analysis. Returns the files
     * whose analysis may have changed, open or not.
     */
    Set<String> mapperChanged(Analyzer analyzer, String path) {
        WorkspaceSummaries workspace = summaries(analyzer.taintEngine());
        Optional<String> text = text(path);
        Set<String> changed = text.isPresent() ? workspace.update(path, text.get(), this::text)
                : workspace.remove(path, this::text);
        Set<String> affected = new LinkedHashSet<>(changed);
        affected.addAll(workspace.dependents(changed));
        affected.remove(path);
        affected.forEach(reanalyse);
        return affected;
    }

    /**
     * Summarises every file of a workspace scan ({@code files}: path → the analyzer it gets) before
     * anything is analysed, then settles calls between them, and hands {@code limits} what settling
     * could not finish (said once for the workspace). Returns false when cancelled.
     */
    boolean summariseWorkspace(Map<Path, Analyzer> files, java.util.function.BooleanSupplier cancelled,
                               Consumer<String> limits) {
        Set<WorkspaceSummaries> touched = new LinkedHashSet<>();
        for (Map.Entry<Path, Analyzer> e : files.entrySet()) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            String path = e.getKey().toString();
            WorkspaceSummaries workspace = summaries(e.getValue().taintEngine());
            text(path).ifPresent(t -> workspace.add(path, t));
            touched.add(workspace);
        }
        touched.forEach(w -> w.settle(this::text));
        touched.forEach(w -> w.settleLimit().ifPresent(limits));
        return true;
    }

    /** The text a dependent is summarised from: its open document, else the file on disk. */
    Optional<String> text(String path) {
        Optional<String> open = store.textOf(path);
        if (open.isPresent()) {
            return open;
        }
        try {
            return JavaFiles.read(Path.of(path), WorkspaceScan.MAX_FILE_BYTES);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
