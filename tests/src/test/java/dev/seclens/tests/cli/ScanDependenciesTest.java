package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.Analyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seclens scan} over build files: parents, user advisories, broken inputs, all report formats. */
class ScanDependenciesTest {

    @TempDir
    Path project;

    @BeforeEach
    void writeProject() throws IOException {
        write("pom.xml", """
                <project>
                  <groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version>
                  <properties><log4j.version>2.16.0</log4j.version></properties>
                </project>
                """);
        write("app/pom.xml", """
                <project>
                  <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version></parent>
                  <artifactId>app</artifactId>
                  <dependencies>
                    <dependency>
                      <groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId>
                      <version>${log4j.version}</version>
                    </dependency>
                    <dependency>
                      <groupId>com.example</groupId><artifactId>widget</artifactId><version>1.0</version>
                    </dependency>
                  </dependencies>
                </project>
                """);
        write("broken/pom.xml", "<project>\n<dependencies>\n</project>\n");
        write("osv/widget.json", """
                {"id": "OWN-2024-1", "aliases": ["CVE-2099-1234"], "database_specific": {"severity": "MODERATE"},
                 "affected": [{"package": {"ecosystem": "Maven", "name": "com.example:widget"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.1"}]}]}]}
                """);
        write("osv/nested/broken.json", "{\"id\": \"OWN-2024-2\", \"affected\": [{\"pakage\": {}}]}");
    }

    @Test
    void buildFilesAreScannedWithTheParentAndTheUsersAdvisories() {
        InProcessScan run = scan("--advisories", "osv", "app", "broken");
        assertEquals(List.of(
                "app/pom.xml:7:16: high java/vulnerable-dependency `org.apache.logging.log4j:log4j-core` `${log4j.version}` = 2.16.0"
                        + " (in pom.xml) is affected by CVE-2021-45105 (GHSA-p6xc-xr62-6r2g) high, CVE-2021-44832"
                        + " (GHSA-8489-44mv-ggj8) medium; upgrade to 2.17.1 (the version is set in pom.xml, change it there).",
                "app/pom.xml:10:77: medium java/vulnerable-dependency `com.example:widget` 1.0 is affected by CVE-2099-1234"
                        + " (OWN-2024-1) medium; upgrade to 1.1."), run.stdout().lines().toList(), run.stderr());
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().contains("seclens: advisories: osv/nested/broken.json: affected[0]: unknown field"
                + " \"pakage\""), run.stderr());
        assertTrue(run.stderr().contains("seclens: warning: broken/pom.xml:3:3: "), run.stderr());
        assertTrue(run.stderr().contains("seclens: 2 files, "), run.stderr());
    }

    @Test
    void theConfigurationFileAddsAdvisoriesAndJsonAndSarifLocateTheBuildFile() throws IOException {
        write(".seclens.json", "{\"advisories\": [\"osv/widget.json\"], \"rules\": {\"java/vulnerable-dependency\": \"critical\"}}");
        InProcessScan json = scan("--format", "json", "app");
        JsonObject report = JsonParser.parseString(json.stdout()).getAsJsonObject();
        assertEquals(2, report.getAsJsonArray("findings").size(), json.stdout());
        JsonObject widget = report.getAsJsonArray("findings").get(1).getAsJsonObject();
        assertEquals("app/pom.xml", widget.get("path").getAsString());
        assertEquals("critical", widget.get("severity").getAsString(), "the configured severity replaces the advisory's");

        InProcessScan sarif = scan("--format", "sarif", "app");
        JsonObject run = JsonParser.parseString(sarif.stdout()).getAsJsonObject().getAsJsonArray("runs").get(0).getAsJsonObject();
        assertTrue(run.getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules").toString()
                .contains("\"id\":\"java/vulnerable-dependency\""));
        JsonObject location = run.getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("locations").get(0)
                .getAsJsonObject().getAsJsonObject("physicalLocation");
        assertEquals("app/pom.xml", location.getAsJsonObject("artifactLocation").get("uri").getAsString());
        assertEquals(7, location.getAsJsonObject("region").get("startLine").getAsInt());
    }

    @Test
    void aParentOutsideTheWorkingDirectoryIsNotRead(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("pom.xml"), "<project><groupId>com.example</groupId><artifactId>parent</artifactId>"
                + "<version>1</version><properties><log4j.version>2.14.1</log4j.version></properties></project>");
        write("far/pom.xml", """
                <project>
                  <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version>
                    <relativePath>%s</relativePath></parent>
                  <dependencies><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId>
                    <version>${log4j.version}</version></dependency></dependencies>
                </project>
                """.formatted(outside.resolve("pom.xml")));
        InProcessScan run = scan("far");
        assertTrue(run.stdout().startsWith("far/pom.xml:5:14: info java/vulnerable-dependency"), run.stdout());
    }

    @Test
    void missingAdvisoriesAreUsageErrors() throws IOException {
        InProcessScan run = scan("--advisories", "nowhere", "app");
        assertEquals(2, run.exitCode());
        assertEquals("seclens: --advisories: no such file or folder: nowhere", run.stderr().strip());
        write(".seclens.json", "{\"advisories\": [\"nowhere\"]}");
        InProcessScan configured = scan("app");
        assertEquals(2, configured.exitCode());
        assertTrue(configured.stderr().contains("bad advisories path \"nowhere\": no such file or folder"), configured.stderr());
    }

    private void write(String path, String text) throws IOException {
        InProcessScan.write(project, path, text);
    }

    private InProcessScan scan(String... args) {
        return InProcessScan.run(Analyzer.withBuiltInRules(), project, args);
    }
}
