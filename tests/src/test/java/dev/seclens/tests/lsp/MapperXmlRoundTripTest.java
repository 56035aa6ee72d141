package dev.seclens.tests.lsp;

import static dev.seclens.tests.MapperProject.MAPPER;
import static dev.seclens.tests.MapperProject.SERVLET;
import static dev.seclens.tests.MapperProject.XML;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MyBatis mapper XML file in the editor: request data passed to a mapper method whose statement
 * substitutes it with {@code ${}} is reported at the call, pointing into the XML; when the file
 * changes on disk (a watched-file event), or in the editor before it is saved, the callers'
 * diagnostics follow, open or closed.
 */
class MapperXmlRoundTripTest {
    @TempDir
    Path root;

    @Test
    void aMapperFileEditChangesTheDiagnosticsOfItsCallers() throws Exception {
        Workspace w = workspace(XML.formatted("'${name}'"));
        Path xmlFile = w.xmlFile();
        String servlet = w.servlet();
        String closed = w.closed();
        String xml = w.xml();

        try (InProcessServer lsp = started()) {
            lsp.awaitDiagnostics(closed, p -> !p.getDiagnostics().isEmpty()); // the workspace scan read the XML
            lsp.open(servlet, 1, SERVLET.formatted("name"));

            Diagnostic injection = lsp.awaitDiagnostics(servlet, p -> !p.getDiagnostics().isEmpty()).getDiagnostics().get(0);
            assertEquals("java/sql-injection", injection.getCode().getLeft());
            assertEquals(8, injection.getRange().getStart().getLine(), "at the call of the mapper method");
            String message = injection.getMessage().getLeft();
            assertTrue(message.contains("reaches `MyBatis <select id=\"byName\"> ${name}`"), message);
            assertTrue(injection.getRelatedInformation().stream().anyMatch(r -> r.getLocation().getUri().equals(xml)
                    && r.getLocation().getRange().getStart().getLine() == 4), injection.getRelatedInformation().toString());

            // The statement binds the value instead: both callers' findings go, the closed one's from its rescan.
            Files.writeString(xmlFile, XML.formatted("#{name}"));
            lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
                    List.of(new FileEvent(xml, FileChangeType.Changed))));
            awaitCleared(lsp, servlet, closed);

            // A mapper file deleted takes its statements along; one created brings them.
            Files.writeString(xmlFile, XML.formatted("${name}"));
            lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
                    List.of(new FileEvent(xml, FileChangeType.Created))));
            lsp.awaitDiagnostics(servlet, p -> !p.getDiagnostics().isEmpty());
            Files.delete(xmlFile);
            lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
                    List.of(new FileEvent(xml, FileChangeType.Deleted))));
            lsp.awaitDiagnostics(servlet, p -> p.getDiagnostics().isEmpty());
        }
    }

    /**
     * A mapper file edited in the editor and not saved: the Java callers are judged against the
     * open text, not the copy on disk, as it changes; closing it unsaved brings back the disk's.
     */
    @Test
    void unsavedEditsOfAMapperFileDecideItsCallers() throws Exception {
        Workspace w = workspace(XML.formatted("#{name}"));
        Path xmlFile = w.xmlFile();
        String servlet = w.servlet();
        String closed = w.closed();
        String xml = w.xml();

        try (InProcessServer lsp = started()) {
            lsp.open(servlet, 1, SERVLET.formatted("name"));
            lsp.awaitDiagnostics(servlet, p -> p.getDiagnostics().isEmpty()); // #{name} on disk binds the value

            // Typed, not saved: the statement now substitutes the value; the file on disk still binds it.
            lsp.open(xml, "xml", 1, XML.formatted("#{name}"));
            lsp.change(xml, 2, new TextDocumentContentChangeEvent(XML.formatted("'${name}'")));
            // the open caller is analysed again, the closed one scanned again from disk: in either order
            Map<String, PublishDiagnosticsParams> reported = awaitEach(lsp, p -> !p.getDiagnostics().isEmpty(), servlet, closed);
            Diagnostic injection = reported.get(servlet).getDiagnostics().get(0);
            assertEquals("java/sql-injection", injection.getCode().getLeft());
            assertTrue(injection.getRelatedInformation().stream().anyMatch(r -> r.getLocation().getUri().equals(xml)
                    && r.getLocation().getRange().getStart().getLine() == 4), injection.getRelatedInformation().toString());
            assertEquals(XML.formatted("#{name}"), Files.readString(xmlFile), "nothing was written to disk");

            // Edited back, still unsaved: the findings go again.
            lsp.change(xml, 3, new TextDocumentContentChangeEvent(XML.formatted("#{name}")));
            awaitCleared(lsp, servlet, closed);

            // Edited once more, then closed without saving: the file on disk, which binds the value, counts again.
            lsp.change(xml, 4, new TextDocumentContentChangeEvent(XML.formatted("${name}")));
            lsp.awaitDiagnostics(servlet, p -> !p.getDiagnostics().isEmpty());
            lsp.close(xml);
            lsp.awaitDiagnostics(servlet, p -> p.getDiagnostics().isEmpty());
        }
    }

    /** Waits until each of {@code uris} has been published without diagnostics, in whatever order. */
    private static void awaitCleared(InProcessServer lsp, String... uris) throws InterruptedException {
        awaitEach(lsp, p -> p.getDiagnostics().isEmpty(), uris);
    }

    /** Waits until each of {@code uris} has been published as {@code wanted}, in whatever order; the publications. */
    private static Map<String, PublishDiagnosticsParams> awaitEach(InProcessServer lsp,
                                                                  java.util.function.Predicate<PublishDiagnosticsParams> wanted,
                                                                  String... uris) throws InterruptedException {
        java.util.Set<String> waiting = new java.util.HashSet<>(List.of(uris));
        Map<String, PublishDiagnosticsParams> found = new java.util.HashMap<>();
        long deadline = System.nanoTime() + InProcessServer.TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            PublishDiagnosticsParams next = lsp.client.diagnostics.poll(deadline - System.nanoTime(),
                    java.util.concurrent.TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no matching diagnostics for " + waiting + " within " + InProcessServer.TIMEOUT);
            }
            if (waiting.contains(next.getUri()) && wanted.test(next)) {
                waiting.remove(next.getUri());
                found.put(next.getUri(), next);
            }
        }
        return found;
    }

    /** The project's files: a mapper interface, its XML holding {@code xmlText}, an open and a closed caller. */
    private record Workspace(Path xmlFile, String servlet, String closed, String xml) {
    }

    private Workspace workspace(String xmlText) throws Exception {
        Path sources = Files.createDirectories(root.resolve("src/main/java/demo"));
        Path resources = Files.createDirectories(root.resolve("src/main/resources/demo"));
        Files.writeString(sources.resolve("UserMapper.java"), MAPPER);
        Path servletFile = Files.writeString(sources.resolve("SearchServlet.java"), SERVLET.formatted("name"));
        Path closedFile = Files.writeString(sources.resolve("ClosedServlet.java"),
                SERVLET.formatted("other").replace("SearchServlet", "ClosedServlet"));
        Path xmlFile = Files.writeString(resources.resolve("UserMapper.xml"), xmlText);
        return new Workspace(xmlFile, servletFile.toUri().toString(), closedFile.toUri().toString(),
                xmlFile.toUri().toString());
    }

    /** A server initialized on the workspace folder. */
    private InProcessServer started() throws Exception {
        InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules());
        try {
            InitializeParams params = new InitializeParams();
            params.setCapabilities(new ClientCapabilities());
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "demo")));
            lsp.initialize(params);
            return lsp;
        } catch (Exception | AssertionError e) {
            lsp.close();
            throw e;
        }
    }
}
