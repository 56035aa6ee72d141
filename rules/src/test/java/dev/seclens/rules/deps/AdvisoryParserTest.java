package dev.seclens.rules.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AdvisoryParserTest {
    private static final String VALID = """
            {"schema_version": "1.4.0", "id": "GHSA-test-0001", "modified": "2024-01-01T00:00:00Z",
             "aliases": ["CVE-2099-0001"], "summary": "test",
             "affected": [
               {"package": {"ecosystem": "Maven", "name": "com.example:lib"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.5"}]}],
                "versions": ["1.0", "1.4"]},
               {"package": {"ecosystem": "npm", "name": "lib"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.0.0"}]}]}],
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}
            """;

    @Test
    void readsMavenPackagesRangesAliasesAndCvssSeverity() {
        AdvisoryParser.Parsed parsed = AdvisoryParser.parse("a.json", VALID);
        assertEquals(List.of(), parsed.problems());
        Advisory advisory = parsed.advisories().get(0);
        assertEquals("GHSA-test-0001", advisory.id());
        assertEquals(List.of("CVE-2099-0001", "GHSA-test-0001"), advisory.names());
        assertEquals(Optional.of(Severity.CRITICAL), advisory.severity()); // CVSS 9.8
        assertEquals(1, advisory.affected().size(), "npm entries are not Maven's");
        assertEquals(Set.of("1.0", "1.4"), advisory.affected().get(0).versions());
        assertTrue(advisory.affected().get(0).affects(MavenVersion.of("1.4.9")));
    }

    @Test
    void githubSeverityWinsAndModerateIsMedium() {
        String json = VALID.replace("\"summary\": \"test\",", "\"summary\": \"test\", \"database_specific\": {\"severity\": \"MODERATE\"},");
        assertEquals(Optional.of(Severity.MEDIUM), AdvisoryParser.parse("a.json", json).advisories().get(0).severity());
    }

    @Test
    void cvssScoresFollowTheSpecification() {
        assertEquals(Optional.of(10.0), CvssV3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"));
        assertEquals(Optional.of(9.8), CvssV3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
        assertEquals(Optional.of(8.5), CvssV3.score("CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H"));
        assertEquals(Optional.of(3.7), CvssV3.score("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L"));
        assertEquals(Optional.of(0.0), CvssV3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"));
        assertEquals(Optional.empty(), CvssV3.score("CVSS:2.0/AV:N"));
    }

    @Test
    void anInvalidEntryIsNamedAndTheOthersAreStillRead() {
        String array = "[" + VALID + ", " + VALID.replace("GHSA-test-0001", "GHSA-test-0002").replace("\"fixed\"", "\"fixd\"")
                + ", {\"id\": \"GHSA-test-0003\", \"affected\": [{\"package\": {\"ecosystem\": \"Maven\", \"name\": \"nocolon\"},"
                + " \"versions\": [\"1\"]}]}]";
        AdvisoryParser.Parsed parsed = AdvisoryParser.parse("export.json", array);
        assertEquals(List.of("GHSA-test-0001"), parsed.advisories().stream().map(Advisory::id).toList());
        assertEquals(List.of(
                "export.json [1]: affected[0].ranges[0].events[1]: unknown field \"fixd\"",
                "export.json [2]: affected[0].package.name: a Maven package is \"group:artifact\", not \"nocolon\""),
                parsed.problems());
    }

    @Test
    void schemaViolationsAreExplained() {
        assertTrue(AdvisoryParser.parse("bad.json", "{\"id\": ").problems().get(0).startsWith("bad.json: not valid JSON: "));
        assertEquals(List.of("c.json: \"id\" is empty"), AdvisoryParser.parse("c.json", "{\"id\": \"\"}").problems());
        assertEquals(List.of("d.json: affected must be an array"), AdvisoryParser.parse("d.json", "{\"id\": \"X-1\"}").problems());
        assertEquals(List.of("e.json: unknown field \"severty\""),
                AdvisoryParser.parse("e.json", "{\"id\": \"X-2\", \"affected\": [], \"severty\": []}").problems());
        assertEquals(List.of("f.json: affected[0].ranges[0]: no \"introduced\" event"), AdvisoryParser.parse("f.json",
                "{\"id\": \"X-3\", \"affected\": [{\"package\": {\"ecosystem\": \"Maven\", \"name\": \"g:a\"},"
                        + " \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"fixed\": \"1\"}]}]}]}").problems());
        assertEquals(List.of(), AdvisoryParser.parse("w.json", "{\"id\": \"X-4\", \"withdrawn\": \"2024-01-01T00:00:00Z\","
                + " \"affected\": []}").problems(), "withdrawn advisories are dropped, not errors");
    }

    @Test
    void theBundleLoadsCompletelyAndTheIndexListsEveryFile() throws IOException {
        AdvisoryDatabase bundled = AdvisoryDatabase.bundled();
        assertEquals(List.of(), bundled.problems());
        Path folder = Path.of("src/main/resources/dev/seclens/rules/deps/advisories");
        try (Stream<Path> files = Files.list(folder)) {
            long json = files.filter(p -> p.toString().endsWith(".json")).count();
            assertEquals(json, AdvisoryDatabase.readBundle().size(), "advisories/index.txt lists every bundled file");
            assertEquals(json, bundled.size());
        }
        for (String name : List.of("org.apache.logging.log4j:log4j-core", "org.springframework:spring-beans",
                "org.springframework:spring-webmvc", "org.apache.commons:commons-text", "com.fasterxml.jackson.core:jackson-databind",
                "org.yaml:snakeyaml", "commons-collections:commons-collections", "org.apache.struts:struts2-core",
                "com.thoughtworks.xstream:xstream", "com.h2database:h2", "org.springframework.cloud:spring-cloud-function-context",
                "io.netty:netty-codec-http", "org.apache.tomcat.embed:tomcat-embed-core")) {
            assertTrue(bundled.covers(name), name);
        }
    }
}
