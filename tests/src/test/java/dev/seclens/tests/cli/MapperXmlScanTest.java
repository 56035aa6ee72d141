package dev.seclens.tests.cli;

import static dev.seclens.tests.MapperProject.MAPPER;
import static dev.seclens.tests.MapperProject.SERVLET;
import static dev.seclens.tests.MapperProject.XML;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seclens scan} reads MyBatis mapper XML files found in the tree: a caller passing request
 * data to a mapper method whose statement substitutes it is reported at the call, the SARIF result
 * points into the XML, and the cache knows the caller depends on the XML file.
 */
class MapperXmlScanTest {
    @TempDir
    Path root;

    @Test
    void aMapperXmlStatementIsFollowedAndTheCacheFollowsItsFile() throws Exception {
        Files.createDirectories(root.resolve(".git"));
        Path java = Files.createDirectories(root.resolve("src/main/java/demo"));
        Path resources = Files.createDirectories(root.resolve("src/main/resources/demo"));
        Files.writeString(java.resolve("UserMapper.java"), MAPPER);
        Files.writeString(java.resolve("SearchServlet.java"), SERVLET.formatted("name"));
        Path xml = Files.writeString(resources.resolve("UserMapper.xml"), XML.formatted("'${name}'"));
        // an unrelated XML file with the same look of a substitution is not a mapper
        Files.writeString(resources.resolve("logback.xml"), "<configuration><pattern>${name}</pattern></configuration>");

        SeclensJar.Run cold = SeclensJar.scan(root, "src");
        assertEquals(1, cold.exitCode(), cold.stderr());
        assertTrue(cold.stdout().startsWith("src/main/java/demo/SearchServlet.java:9:29: high java/sql-injection"
                + " `request.getParameter(\"name\")` (line 9) reaches `MyBatis <select id=\"byName\"> ${name}` in"
                + " `UserMapper.byName` (UserMapper.xml:5)"), cold.stdout());
        assertEquals(1, cold.stdout().lines().filter(l -> l.contains("java/sql-injection")).count(), cold.stdout());

        SeclensJar.Run sarif = SeclensJar.scan(root, "--format", "sarif", "src");
        assertTrue(sarif.stdout().contains("\"uri\": \"src/main/resources/demo/UserMapper.xml\""), sarif.stdout());

        SeclensJar.Run warm = SeclensJar.scan(root, "src");
        assertEquals(cold.stdout(), warm.stdout(), "the cache answers the same");

        Files.writeString(xml, XML.formatted("#{name}"));
        SeclensJar.Run fixed = SeclensJar.scan(root, "src");
        assertEquals(0, fixed.exitCode(), fixed.stdout() + fixed.stderr());
        assertEquals("", fixed.stdout(), "the unchanged servlet was analysed again");
    }
}
