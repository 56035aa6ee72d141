package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;

/**
 * One open document as the server last knew it; immutable, so analysis threads can hold it while
 * the protocol thread moves on. {@code version} is the client's, {@code revision} the server's own
 * counter: it also moves when the text changes without a new version (a save, a lost sync), so it
 * is what decides whether an analysis is stale.
 *
 * @param file     the URI's path and the text as the server holds it
 * @param analysed whether SecLens analyses the document: Java, or a build file it reads dependencies from
 * @param inSync   false after a change could not be applied: the text is then not the client's
 * @param analysis the analysis of exactly this revision, or null while none has finished
 * @param previous the last analysis of an earlier revision while this one's is under way, or null: for
 *                 answers that cannot wait, such as hover, and, with its syntax tree if it kept one, for
 *                 this revision's analysis to parse again only the method body an edit changed
 */
record TextDocument(String uri, SourceFile file, boolean analysed, Integer version, long revision, boolean inSync,
                    Analysis analysis, Analysis previous) {

    static TextDocument opened(String uri, String languageId, Integer version, String text, long revision) {
        SourceFile file = new SourceFile(pathOf(uri), text);
        // Trust the client's "java"; otherwise (empty, plaintext, a client-specific id) the extension decides.
        // Build files are recognised by name whatever the language id (xml, groovy, kotlin, toml).
        boolean analysed = "java".equals(languageId) || file.isJava() || BuildFileAnalyzer.isBuildFile(file.path());
        return new TextDocument(uri, file, analysed, version, revision, true, null, null);
    }

    TextDocument withText(String newText, Integer newVersion, long newRevision) {
        return new TextDocument(uri, new SourceFile(file.path(), newText), analysed, newVersion, newRevision, true, null,
                analysis != null ? analysis : previous);
    }

    TextDocument outOfSync(Integer newVersion, long newRevision) {
        return new TextDocument(uri, file, analysed, newVersion, newRevision, false, null, null);
    }

    TextDocument withAnalysis(Analysis newAnalysis) {
        return new TextDocument(uri, file, analysed, version, revision, inSync, newAnalysis,
                newAnalysis == null ? previous : null);
    }

    /** The analysis of this revision if there is one, else of the last revision analysed; null when none. */
    Analysis lastAnalysis() {
        Analysis last = analysis != null ? analysis : previous;
        return last == null ? null : last.withoutUnit();
    }

    String text() {
        return file.text();
    }

    /** Whether the analysis still holds its syntax tree, which the store drops from all but the recent documents. */
    boolean hasSyntaxTree() {
        return analysis != null && analysis.unit().isPresent();
    }

    boolean needsAnalysis() {
        return analysed && inSync && analysis == null;
    }

    /**
     * The file path the URI names, which decides test-code status; for URIs that are not files
     * (an unsaved buffer) the URI's path part, or the URI itself.
     */
    static String pathOf(String uri) {
        try {
            URI parsed = new URI(uri);
            if ("file".equalsIgnoreCase(parsed.getScheme())) {
                try {
                    return Path.of(parsed).toString();
                } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                    // a UNC authority or a path this platform cannot represent: fall through
                }
            }
            return parsed.getPath() != null && !parsed.getPath().isEmpty() ? parsed.getPath() : uri;
        } catch (URISyntaxException e) {
            return uri;
        }
    }
}
