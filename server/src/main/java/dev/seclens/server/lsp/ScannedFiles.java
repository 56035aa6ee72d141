package dev.seclens.server.lsp;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.Diagnostic;

/**
 * The diagnostics of files that are not open, as the workspace scan found them on disk. Only the
 * diagnostics are kept, never the syntax trees, so memory grows with the findings, not the code.
 * Keyed by file path: the URI the diagnostics are published under may be spelt differently by the
 * client and by the server. Bounded: past {@link #DEFAULT_CAPACITY} files, a file without
 * diagnostics is not kept (it has nothing to show) and a new file with diagnostics is left out.
 */
final class ScannedFiles {
    static final int DEFAULT_CAPACITY = 100_000;

    /** What was published for one file, under which URI, with the result id pull clients get. */
    record Entry(String path, String uri, List<Diagnostic> diagnostics, String resultId) {
        Entry {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;

    ScannedFiles() {
        this(DEFAULT_CAPACITY);
    }

    ScannedFiles(int capacity) {
        this.capacity = capacity;
    }

    /** @return the entry it replaces (or removes, when full and the file has no diagnostics), if any */
    Optional<Entry> put(String path, String uri, List<Diagnostic> diagnostics) {
        if (entries.size() >= capacity && !entries.containsKey(path) && !diagnostics.isEmpty()) {
            return Optional.empty();
        }
        if (entries.size() >= capacity && diagnostics.isEmpty()) {
            return Optional.ofNullable(entries.remove(path));
        }
        return Optional.ofNullable(entries.put(path,
                new Entry(path, uri, diagnostics, PullDiagnostics.resultId(diagnostics))));
    }

    int size() {
        return entries.size();
    }

    Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    Optional<Entry> remove(String path) {
        return Optional.ofNullable(entries.remove(path));
    }

    Collection<Entry> all() {
        return List.copyOf(entries.values());
    }
}
