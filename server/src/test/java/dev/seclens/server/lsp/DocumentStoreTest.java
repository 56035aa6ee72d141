package dev.seclens.server.lsp;

import static dev.seclens.server.lsp.ContentChangesTest.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

class DocumentStoreTest {
    private static final String URI = "file:///project/src/main/java/A.java";
    private final DocumentStore store = new DocumentStore();

    @Test
    void appliesTheChangesOfOneNotificationInOrderEachOnTheResultOfTheLast() {
        store.open(URI, "java", 1, "abcdef");
        // the second edit overlaps the text the first one inserted
        DocumentStore.Change change = store.change(URI, 2,
                List.of(edit(0, 1, 0, 3, "XYZ"), edit(0, 2, 0, 5, "-"), edit(0, 0, 0, 0, ">"))).orElseThrow();
        assertEquals(">aX-ef", change.document().text());
        assertEquals(2, change.document().version());
        assertTrue(change.rejected().isEmpty());
    }

    @Test
    void anInvalidChangeLosesSyncUntilAFullTextChangeRestoresIt() {
        store.open(URI, "java", 1, "one\ntwo");
        DocumentStore.Change lost = store.change(URI, 2, List.of(edit(9, 0, 9, 1, "X"))).orElseThrow();
        assertFalse(lost.document().inSync());
        assertTrue(lost.lostSync());
        assertEquals(1, lost.rejected().size());

        DocumentStore.Change still = store.change(URI, 3, List.of(edit(0, 0, 0, 0, "Y"))).orElseThrow();
        assertFalse(still.document().inSync());
        assertFalse(still.lostSync(), "already lost: not reported twice");
        assertFalse(still.document().needsAnalysis());

        DocumentStore.Change back = store.change(URI, 4,
                List.of(new TextDocumentContentChangeEvent("fresh\ntext"), edit(0, 0, 0, 0, ">"))).orElseThrow();
        assertTrue(back.document().inSync());
        assertEquals(">fresh\ntext", back.document().text());
        assertEquals(4, back.document().version());
    }

    @Test
    void aSaveReplacesTheTextOnlyWhenItDiffersOrSyncWasLost() {
        store.open(URI, "java", 1, "same");
        assertTrue(store.replace(URI, "same").isEmpty());
        assertEquals("other", store.replace(URI, "other").orElseThrow().text());

        store.change(URI, 2, List.of(edit(7, 0, 7, 0, "X")));
        TextDocument resynced = store.replace(URI, "other").orElseThrow();
        assertTrue(resynced.inSync());
        assertEquals(2, resynced.version());
    }

    @Test
    void everyTextChangeMakesEarlierRevisionsStale() {
        long first = store.open(URI, "java", 1, "a").revision();
        assertTrue(store.isCurrent(URI, first));
        long second = store.change(URI, 2, List.of(edit(0, 1, 0, 1, "b"))).orElseThrow().document().revision();
        assertFalse(store.isCurrent(URI, first));
        assertFalse(store.recordAnalysis(URI, first, null));
        assertTrue(store.isCurrent(URI, second));
        store.close(URI);
        assertFalse(store.isCurrent(URI, second));
        assertTrue(store.change(URI, 3, List.of()).isEmpty());
    }

    @Test
    void analysesJavaByLanguageIdOrElseByExtension() {
        assertTrue(store.open(URI, "java", 1, "").analysed());
        assertTrue(store.open(URI, "", 1, "").analysed());
        assertTrue(store.open("untitled:Untitled-1", "java", 1, "").analysed());
        assertTrue(store.open("file:///project/pom.xml", "xml", 1, "").analysed());
        assertTrue(store.open("file:///project/build.gradle.kts", "kotlin", 1, "").analysed());
        assertTrue(store.open("file:///project/gradle/libs.versions.toml", "toml", 1, "").analysed());
        assertFalse(store.open("file:///project/settings.xml", "xml", 1, "").analysed());
        assertFalse(store.open("file:///project/notes.txt", "", 1, "").analysed());
    }

    @Test
    void takesTheFilePathFromTheUriSoTestCodeIsRecognised() {
        TextDocument test = store.open("file:///p/src/test/java/My%20Dir/ATest.java", "java", 1, "");
        assertEquals("/p/src/test/java/My Dir/ATest.java", test.file().path());
        assertTrue(test.file().isTestCode());
        assertEquals("untitled:Untitled-1", TextDocument.pathOf("untitled:Untitled-1"));
        assertEquals("not a uri", TextDocument.pathOf("not a uri"));
    }

    @Test
    void onlyTheMostRecentlyAnalysedDocumentsKeepTheirSyntaxTrees() {
        DocumentStore bounded = new DocumentStore(3);
        dev.seclens.rules.Analyzer analyzer = new dev.seclens.rules.Analyzer(List.of());
        for (int i = 0; i < 10; i++) {
            String uri = "file:///p/A" + i + ".java";
            TextDocument document = bounded.open(uri, "java", 1, "class A" + i + " {}");
            assertTrue(bounded.recordAnalysis(uri, document.revision(), analyzer.analyze(document.file())));
        }
        assertEquals(3, bounded.syntaxTrees());
        assertTrue(bounded.get("file:///p/A9.java").orElseThrow().hasSyntaxTree());
        TextDocument evicted = bounded.get("file:///p/A0.java").orElseThrow();
        assertFalse(evicted.hasSyntaxTree());
        assertTrue(evicted.analysis() != null, "the findings stay, for diagnostics and pulls");
        assertFalse(evicted.needsAnalysis(), "dropping the tree does not make the document look unanalysed");
    }
}
