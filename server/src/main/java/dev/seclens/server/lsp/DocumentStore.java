package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The open documents by URI. Changes are applied in the order the client sent them under one
 * lock; readers get immutable {@link TextDocument} snapshots.
 *
 * <p>A change that cannot be applied (a line past the end, a negative position, a range that ends
 * before it starts, no text) means the server no longer has the client's text. Rather than guess,
 * the document is marked out of sync: it is not analysed, and the next full-text change, didOpen
 * or save brings it back. Benign overshoots are not errors: a character beyond its line end is
 * clamped to the line end, and the line just past the last one to the end of the text.
 */
final class DocumentStore {
    /**
     * How many documents keep their analysis's syntax tree (what code actions and fixes work on,
     * and most of an analysis's memory); the others keep their findings, and a code action on them
     * parses again.
     */
    static final int DEFAULT_SYNTAX_TREES = 8;

    /** What a didChange did: the document afterwards, and the changes that had to be dropped. */
    record Change(TextDocument document, List<String> rejected, boolean lostSync) {
    }

    private final Map<String, TextDocument> documents = new HashMap<>();
    /** URIs whose analysis holds a syntax tree, least recently analysed first. */
    private final Set<String> withSyntaxTrees = new LinkedHashSet<>();
    private final int maxSyntaxTrees;
    private long revisions;

    DocumentStore() {
        this(DEFAULT_SYNTAX_TREES);
    }

    DocumentStore(int maxSyntaxTrees) {
        this.maxSyntaxTrees = maxSyntaxTrees;
    }

    synchronized TextDocument open(String uri, String languageId, Integer version, String text) {
        TextDocument document = TextDocument.opened(uri, languageId, version, text, ++revisions);
        documents.put(uri, document);
        return document;
    }

    /** Applies {@code changes} in order; empty if the document is not open. */
    synchronized Optional<Change> change(String uri, Integer version, List<TextDocumentContentChangeEvent> changes) {
        TextDocument before = documents.get(uri);
        if (before == null) {
            return Optional.empty();
        }
        String text = before.text();
        boolean inSync = before.inSync();
        List<String> rejected = new ArrayList<>();
        for (TextDocumentContentChangeEvent change : changes) {
            if (change.getRange() == null && change.getText() != null) {
                text = change.getText();
                inSync = true;
            } else if (inSync) {
                try {
                    text = ContentChanges.apply(text, change);
                } catch (ContentChanges.InvalidChangeException e) {
                    rejected.add(e.getMessage());
                    inSync = false;
                }
            }
            // else: an incremental change to text we no longer have; wait for a full one
        }
        TextDocument after = inSync
                ? before.withText(text, version, ++revisions)
                : before.outOfSync(version, ++revisions);
        documents.put(uri, after);
        return Optional.of(new Change(after, rejected, before.inSync() && !inSync));
    }

    /**
     * Makes {@code text} the document's text when it differs or the document was out of sync, as
     * after a save; empty when the document is not open or nothing changed.
     */
    synchronized Optional<TextDocument> replace(String uri, String text) {
        TextDocument before = documents.get(uri);
        if (before == null || (before.inSync() && before.text().equals(text))) {
            return Optional.empty();
        }
        TextDocument after = before.withText(text, before.version(), ++revisions);
        documents.put(uri, after);
        return Optional.of(after);
    }

    /**
     * {@link #replace} if the document is still at {@code revision}: a text read from disk in the
     * background must not overwrite one the client sent meanwhile.
     */
    synchronized Optional<TextDocument> replaceIfCurrent(String uri, long revision, String text) {
        TextDocument before = documents.get(uri);
        return before != null && before.revision() == revision ? replace(uri, text) : Optional.empty();
    }

    synchronized Optional<TextDocument> get(String uri) {
        return Optional.ofNullable(documents.get(uri));
    }

    /** Whether {@code revision} is still the document's latest: an analysis of it is not stale. */
    synchronized boolean isCurrent(String uri, long revision) {
        TextDocument document = documents.get(uri);
        return document != null && document.revision() == revision;
    }

    /** Keeps {@code analysis} with its document if the revision it analysed is still current. */
    synchronized boolean recordAnalysis(String uri, long revision, Analysis analysis) {
        TextDocument document = documents.get(uri);
        if (document == null || document.revision() != revision) {
            return false;
        }
        documents.put(uri, document.withAnalysis(analysis));
        withSyntaxTrees.remove(uri);
        if (analysis.unit().isPresent()) {
            withSyntaxTrees.add(uri);
        }
        while (withSyntaxTrees.size() > maxSyntaxTrees) {
            String oldest = withSyntaxTrees.iterator().next();
            withSyntaxTrees.remove(oldest);
            TextDocument evicted = documents.get(oldest);
            if (evicted != null && evicted.analysis() != null) {
                documents.put(oldest, evicted.withAnalysis(evicted.analysis().withoutUnit()));
            }
        }
        return true;
    }

    /** How many documents hold a syntax tree now (at most the bound given at construction). */
    synchronized int syntaxTrees() {
        return (int) documents.values().stream().filter(TextDocument::hasSyntaxTree).count();
    }

    /** Whether a document is open on the file at {@code path} (under whatever URI spelling). */
    synchronized boolean isOpen(String path) {
        return documents.values().stream().anyMatch(document -> document.file().path().equals(path));
    }

    /**
     * Forgets every analysis, as after a configuration change: each document gets a new revision
     * (so runs in flight are stale) with the same text. Returns the documents afterwards.
     */
    synchronized List<TextDocument> invalidateAll() {
        return invalidate(document -> true);
    }

    /** Forgets the analysis of the documents open on the file at {@code path}, as {@link #invalidateAll} does. */
    synchronized List<TextDocument> invalidate(String path) {
        return invalidate(document -> document.file().path().equals(path));
    }

    private List<TextDocument> invalidate(java.util.function.Predicate<TextDocument> which) {
        List<TextDocument> after = new ArrayList<>();
        for (TextDocument before : List.copyOf(documents.values())) {
            if (!which.test(before)) {
                continue;
            }
            TextDocument next = before.inSync()
                    ? before.withText(before.text(), before.version(), ++revisions)
                    : before.outOfSync(before.version(), ++revisions);
            documents.put(before.uri(), next);
            after.add(next);
        }
        return after;
    }

    /** The text of the in-sync document open on the file at {@code path}, if there is one. */
    synchronized Optional<String> textOf(String path) {
        return documents.values().stream().filter(d -> d.inSync() && d.file().path().equals(path))
                .map(TextDocument::text).findFirst();
    }

    synchronized Optional<TextDocument> close(String uri) {
        withSyntaxTrees.remove(uri);
        return Optional.ofNullable(documents.remove(uri));
    }
}
