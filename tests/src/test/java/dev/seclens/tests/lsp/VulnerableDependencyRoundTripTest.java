package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.seclens.rules.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pom.xml and Gradle files opened as the editors open them: diagnostics, hover and "Upgrade to X";
 * the advisories setting and a parent pom read from disk.
 */
class VulnerableDependencyRoundTripTest {
    private static final String POM_URI = "file:///work/shop/pom.xml";
    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>shop</artifactId>
              <version>1.0</version>
              <properties>
                <text.version>1.9</text.version>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>org.apache.logging.log4j</groupId>
                  <artifactId>log4j-core</artifactId>
                  <version>2.14.1</version>
                </dependency>
                <dependency>
                  <groupId>org.apache.commons</groupId>
                  <artifactId>commons-text</artifactId>
                  <version>${text.version}</version>
                </dependency>
              </dependencies>
            </project>
            """;

    @Test
    void aPomGetsDiagnosticsHoverAndUpgradesThatClearThem() throws Exception {
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.initialize();
            lsp.server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                    new TextDocumentItem(POM_URI, "xml", 1, POM)));
            PublishDiagnosticsParams opened = lsp.awaitVersion(POM_URI, 1);
            assertEquals(2, opened.getDiagnostics().size(), opened.toString());
            Diagnostic log4j = opened.getDiagnostics().get(0);
            assertEquals("java/vulnerable-dependency", log4j.getCode().getLeft());
            assertEquals(12, log4j.getRange().getStart().getLine());
            assertEquals(DiagnosticSeverity.Error, log4j.getSeverity());
            assertTrue(log4j.getMessage().getLeft().contains("CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q)"), log4j.getMessage().getLeft());
            assertEquals(17, opened.getDiagnostics().get(1).getRange().getStart().getLine(), "commons-text, at its version");

            Hover hover = lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(POM_URI),
                    log4j.getRange().getStart())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String markdown = hover.getContents().getRight().getValue();
            assertTrue(markdown.contains("`java/vulnerable-dependency`") && markdown.contains("CWE-1395"), markdown);

            String text = POM;
            int version = 1;
            for (Diagnostic diagnostic : opened.getDiagnostics()) {
                List<CodeAction> actions = actions(lsp, diagnostic);
                CodeAction upgrade = actions.get(0);
                assertTrue(upgrade.getIsPreferred());
                assertTrue(upgrade.getTitle().startsWith("Upgrade to "), upgrade.getTitle());
                assertTrue(actions.stream().noneMatch(a -> a.getTitle().startsWith("Ignore ")),
                        "no // comment is offered in XML: " + actions);
                text = QuickFixRoundTripTest.apply(text, upgrade.getEdit().getChanges().get(POM_URI));
            }
            assertTrue(text.contains("<version>2.17.1</version>") && text.contains("<text.version>1.10.0</text.version>"), text);
            lsp.change(POM_URI, ++version, new TextDocumentContentChangeEvent(text));
            assertTrue(lsp.awaitVersion(POM_URI, version).getDiagnostics().isEmpty());
        }
    }

    @Test
    void gradleBuildsAndCatalogsAreAnalysedWhateverTheLanguageId() throws Exception {
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.initialize();
            String gradle = "file:///work/shop/build.gradle.kts";
            lsp.server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(gradle, "kotlin", 1,
                    "dependencies {\n    implementation(\"org.yaml:snakeyaml:1.33\")\n}\n")));
            Diagnostic yaml = lsp.awaitVersion(gradle, 1).getDiagnostics().get(0);
            assertEquals(1, yaml.getRange().getStart().getLine());
            assertEquals("Upgrade to 2.0", actions(lsp, yaml, gradle).get(0).getTitle());

            String catalog = "file:///work/shop/gradle/libs.versions.toml";
            lsp.server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(catalog, "toml", 1,
                    "[libraries]\nh2 = \"com.h2database:h2:2.0.204\"\n")));
            assertEquals(1, lsp.awaitVersion(catalog, 1).getDiagnostics().size());
        }
    }

    @Test
    void theAdvisoriesSettingAndAParentPomOnDiskAreUsed(@TempDir Path workspace) throws Exception {
        Files.createDirectories(workspace.resolve("osv"));
        Files.writeString(workspace.resolve("osv/widget.json"), """
                {"id": "OWN-7", "affected": [{"package": {"ecosystem": "Maven", "name": "com.example:widget"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.1"}]}]}]}
                """);
        Files.writeString(workspace.resolve("pom.xml"), "<project><groupId>com.example</groupId><artifactId>parent</artifactId>"
                + "<version>1</version><properties><widget.version>1.0</widget.version></properties></project>");
        String module = """
                <project>
                  <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version></parent>
                  <artifactId>app</artifactId>
                  <dependencies>
                    <dependency><groupId>com.example</groupId><artifactId>widget</artifactId><version>${widget.version}</version></dependency>
                  </dependencies>
                </project>
                """;
        Path pom = workspace.resolve("app/pom.xml");
        Files.createDirectories(pom.getParent());
        Files.writeString(pom, module);
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            InitializeParams params = new InitializeParams();
            params.setCapabilities(new ClientCapabilities());
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "shop")));
            params.setInitializationOptions(JsonParser.parseString("{\"seclens\": {\"advisories\": [\"osv\"]}}"));
            lsp.initialize(params);
            String uri = pom.toUri().toString();
            lsp.server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "xml", 1, module)));
            List<Diagnostic> diagnostics = lsp.awaitVersion(uri, 1).getDiagnostics();
            assertEquals(1, diagnostics.size(), diagnostics.toString());
            String message = diagnostics.get(0).getMessage().getLeft();
            assertTrue(message.contains("`${widget.version}` = 1.0 (in ") && message.contains("is affected by OWN-7"), message);
            assertTrue(actions(lsp, diagnostics.get(0), uri).stream().noneMatch(a -> Boolean.TRUE.equals(a.getIsPreferred())),
                    "the version is in the parent: no upgrade edit in this document");
        }
    }

    private static List<CodeAction> actions(InProcessServer lsp, Diagnostic diagnostic) throws Exception {
        return actions(lsp, diagnostic, POM_URI);
    }

    private static List<CodeAction> actions(InProcessServer lsp, Diagnostic diagnostic, String uri) throws Exception {
        List<Either<Command, CodeAction>> actions = lsp.server.getTextDocumentService()
                .codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), diagnostic.getRange(),
                        new CodeActionContext(List.of(diagnostic))))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return actions.stream().map(Either::getRight).toList();
    }
}
