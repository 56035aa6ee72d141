package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format review} through the packaged jar: a clean tree, the vulnerable fixture tree (with
 * a skipped file, a file with syntax errors and a Latin-1 one), and a tree whose findings are mostly
 * suppressed, each compared with its golden Markdown. The golden scans leave the cache out: a warm
 * run's review says how many files' findings came from it.
 */
class ReviewReportTest {
    static final Path CLEAN_TREE = SeclensJar.repositoryRoot().resolve("tests/src/test/resources/cli/clean-tree");
    /** Findings of several concerns and severities, and one suppressed, to show the order of sections. */
    static final Path REVIEW_TREE = SeclensJar.repositoryRoot().resolve("tests/src/test/resources/cli/review-tree");

    @TempDir
    Path temp;

    @Test
    void cleanTreeGetsTheCleanVerdict() {
        SeclensJar.Run run = SeclensJar.scan(CLEAN_TREE, "--no-cache", "--format", "review", ".");
        assertEquals(0, run.exitCode(), run.stderr());
        Golden.assertMatches("review-clean.md", run.stdout());
        assertTrue(run.stdout().endsWith("No security defects were detected.\n"), run.stdout());
    }

    @Test
    void vulnerableTreeListsEachFindingUnderItsConcern() {
        SeclensJar.Run run = SeclensJar.scan(GoldenOutputTest.TREE, "--no-cache", "--fail-on", "none", "--format", "review", ".");
        assertEquals(0, run.exitCode(), run.stderr());
        Golden.assertMatches("review.md", run.stdout());
        assertTrue(run.stdout().contains("Not analysed: `src/main/java/com/example/Binary.java`"), run.stdout());
        assertTrue(run.stdout().contains("Partly analysed: `src/main/java/com/example/Broken.java`"), run.stdout());
    }

    @Test
    void findingsAreNumberedMostSevereFirst() {
        SeclensJar.Run run = SeclensJar.scan(REVIEW_TREE, "--no-cache", "--format", "review", ".");
        assertEquals(1, run.exitCode(), run.stderr());
        Golden.assertMatches("review-concerns.md", run.stdout());
        String review = run.stdout();
        List<Integer> severities = new ArrayList<>();
        Matcher item = Pattern.compile("\n\\d+\\. \\*\\*.*?\\((critical|high|medium|low|info), ").matcher(review);
        List<String> order = List.of("critical", "high", "medium", "low", "info");
        while (item.find()) {
            severities.add(order.indexOf(item.group(1)));
        }
        assertTrue(severities.size() > 3, review);
        List<Integer> sorted = new ArrayList<>(severities);
        Collections.sort(sorted);
        assertEquals(sorted, severities, "most severe first: " + review);
        assertTrue(review.contains("- 1 finding suppressed by the user."), review);
        assertTrue(review.contains("1. **Archive entry name used as an output path"), review);
    }

    @Test
    void suppressedFindingsAreCountedNotListed() {
        SeclensJar.Run run = SeclensJar.scan(SuppressionCliTest.TREE, "--no-cache", "--format", "review", ".");
        assertEquals(1, run.exitCode(), run.stderr());
        Golden.assertMatches("review-suppressed.md", run.stdout());
        assertTrue(run.stdout().contains("- 5 findings suppressed by the user."), run.stdout());
    }

    @Test
    void outputFileGetsTheSameReview() throws IOException {
        Path report = temp.resolve("review.md");
        SeclensJar.Run run = SeclensJar.scan(GoldenOutputTest.TREE, "--no-cache", "--fail-on", "none", "--format",
                "review", "--output", report.toString(), ".");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stdout());
        assertEquals(SeclensJar.scan(GoldenOutputTest.TREE, "--no-cache", "--fail-on", "none", "--format", "review", ".").stdout(),
                Files.readString(report, StandardCharsets.UTF_8));
    }

    @Test
    void standardInputIsQuotedFromTheDocumentRead() {
        String source = """
                class Digests {
                    byte[] hash(byte[] data) throws Exception {
                        return java.security.MessageDigest.getInstance("MD5").digest(data);
                    }
                }
                """;
        SeclensJar.Run run = SeclensJar.scanWithInput(temp, source.getBytes(StandardCharsets.UTF_8),
                "--format", "review", "--stdin", "--stdin-filename", "Digests.java");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains(
                "```java\n     return java.security.MessageDigest.getInstance(\"MD5\").digest(data);\n     ```"),
                run.stdout());
        assertTrue(run.stdout().endsWith("1 security defect was found (0 critical, 0 high, 1 medium, 0 low).\n"), run.stdout());
    }
}
