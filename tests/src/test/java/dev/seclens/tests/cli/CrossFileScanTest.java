package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seclens scan} follows request data into a repository class of another file, and its
 * cache knows the servlet's findings depend on that file: fixing the repository alone clears them.
 */
class CrossFileScanTest {
    private static final String SERVLET = """
            package demo;

            import javax.servlet.http.HttpServletRequest;

            class SearchServlet {
                private final UserRepository users = new UserRepository();

                Object doGet(HttpServletRequest request) throws Exception {
                    return users.findByName(request.getParameter("name"));
                }
            }
            """;
    private static final String REPOSITORY = """
            package demo;

            class UserRepository {
                private java.sql.Connection connection;

                Object findByName(String name) throws Exception {
                    return connection.createStatement().executeQuery(%s);
                }
            }
            """;

    @TempDir
    Path root;

    @Test
    void aFlowThroughAnotherFileIsReportedAndTheCacheFollowsThatFile() throws Exception {
        Files.createDirectories(root.resolve(".git"));
        Path demo = Files.createDirectories(root.resolve("src/demo"));
        Files.writeString(demo.resolve("SearchServlet.java"), SERVLET);
        Files.writeString(demo.resolve("UserRepository.java"),
                REPOSITORY.formatted("\"SELECT * FROM users WHERE name = '\" + name + \"'\""));

        SeclensJar.Run cold = SeclensJar.scan(root, "src");
        assertEquals(1, cold.exitCode(), cold.stderr());
        assertTrue(cold.stdout().startsWith("src/demo/SearchServlet.java:9:33: high java/sql-injection"
                + " `request.getParameter(\"name\")` (line 9) reaches `Statement.executeQuery` in"
                + " `UserRepository.findByName` (UserRepository.java:7)"), cold.stdout());

        SeclensJar.Run warm = SeclensJar.scan(root, "src");
        assertEquals(cold.stdout(), warm.stdout(), "the cache answers the same");

        Files.writeString(demo.resolve("UserRepository.java"),
                REPOSITORY.formatted("\"SELECT * FROM users WHERE id = \" + Integer.parseInt(name)"));
        SeclensJar.Run fixed = SeclensJar.scan(root, "src");
        assertEquals(0, fixed.exitCode(), fixed.stdout() + fixed.stderr());
        assertEquals("", fixed.stdout(), "the unchanged servlet was analysed again");
    }
}
