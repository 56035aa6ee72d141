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
 * client and by the server.
 */
final class ScannedFiles {

    /** What was published for one file, under which URI, with the result id pull clients get. */
    record Entry(String path, String uri, List<Diagnostic> diagnostics, String resultId) {
        Entry {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** @return the entry it replaces, if any */
    Optional<Entry> put(String path, String uri, List<Diagnostic> diagnostics) {
        return Optional.ofNullable(entries.put(path,
                new Entry(path, uri, diagnostics, PullDiagnostics.resultId(diagnostics))));
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
