package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Severity;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScanOptionsTest {

    @Test
    void defaults() throws UsageException {
        ScanOptions o = ScanOptions.parse("src");
        assertEquals(List.of("src"), o.paths());
        assertEquals(ScanOptions.Format.TEXT, o.format());
        assertEquals(Optional.empty(), o.output());
        assertEquals(Optional.of(Severity.LOW), o.failOn());
        assertEquals(OptionalLong.empty(), o.maxFileSize());
        assertFalse(o.stdin());
        assertFalse(o.help());
    }

    @Test
    void baseline() throws UsageException {
        assertEquals(Optional.empty(), ScanOptions.parse("src").baseline());
        assertEquals(Optional.of("old.sarif"), ScanOptions.parse("--baseline", "old.sarif", "src").baseline());
        assertEquals(Optional.of("old.sarif"), ScanOptions.parse("--baseline=old.sarif", "src").baseline());
        assertThrows(UsageException.class, () -> ScanOptions.parse("--baseline=", "src"));
        assertThrows(UsageException.class, () -> ScanOptions.parse("src", "--baseline"));
    }

    @Test
    void everyOptionInBothSpellings() throws UsageException {
        ScanOptions spaced = ScanOptions.parse("--format", "SARIF", "--output", "out.sarif", "--fail-on", "high",
                "--max-file-size", "2m", "a", "b");
        ScanOptions joined = ScanOptions.parse("--format=sarif", "--output=out.sarif", "--fail-on=HIGH",
                "--max-file-size=2097152", "a", "b");
        assertEquals(spaced, joined);
        assertEquals(ScanOptions.Format.SARIF, spaced.format());
        assertEquals(Optional.of("out.sarif"), spaced.output());
        assertEquals(Optional.of(Severity.HIGH), spaced.failOn());
        assertEquals(OptionalLong.of(2L << 20), spaced.maxFileSize());
        assertEquals(List.of("a", "b"), spaced.paths());
    }

    @Test
    void configNamesAFile() throws UsageException {
        assertEquals(Optional.empty(), ScanOptions.parse(".").config());
        assertEquals(Optional.of("conf.json"), ScanOptions.parse("--config", "conf.json", ".").config());
        assertEquals(Optional.of("conf.json"), ScanOptions.parse("--config=conf.json", "--stdin").config());
        assertUsage("--config needs a file name", "--config=", ".");
        assertUsage("option --config needs a value", "--config");
    }

    @Test
    void failOnNoneNeverFails() throws UsageException {
        assertEquals(Optional.empty(), ScanOptions.parse("--fail-on", "none", ".").failOn());
    }

    @Test
    void sizesTakeBinarySuffixes() throws UsageException {
        assertEquals(OptionalLong.of(512), ScanOptions.parse("--max-file-size", "512", ".").maxFileSize());
        assertEquals(OptionalLong.of(10 * 1024), ScanOptions.parse("--max-file-size", "10k", ".").maxFileSize());
        assertEquals(OptionalLong.of(1L << 30), ScanOptions.parse("--max-file-size", "1G", ".").maxFileSize());
    }

    @Test
    void stdinWithAndWithoutFilename() throws UsageException {
        ScanOptions named = ScanOptions.parse("--stdin", "--stdin-filename", "src/test/FooTest.java");
        assertTrue(named.stdin());
        assertEquals("src/test/FooTest.java", named.stdinFilename());
        assertEquals(ScanOptions.DEFAULT_STDIN_FILENAME, ScanOptions.parse("--stdin").stdinFilename());
    }

    @Test
    void doubleDashEndsOptions() throws UsageException {
        assertEquals(List.of("--weird-name.java", "-x"), ScanOptions.parse("--", "--weird-name.java", "-x").paths());
    }

    @Test
    void helpNeedsNothingElse() throws UsageException {
        assertTrue(ScanOptions.parse("--help").help());
        assertTrue(ScanOptions.parse("-h").help());
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhatIsWrong() {
        assertUsage("no PATH given");
        assertUsage("unknown option: --colour", "--colour", ".");
        assertUsage("option --format needs a value", "--format");
        assertUsage("unknown format 'xml' (use text, json, sarif or review)", "--format", "xml", ".");
        assertUsage("unknown severity 'severe' (use info, low, medium, high, critical or none)",
                "--fail-on", "severe", ".");
        assertUsage("bad size '10x' for --max-file-size (use bytes, a number with k, m or g, or none)",
                "--max-file-size", "10x", ".");
        assertUsage("bad size '0' for --max-file-size (use bytes, a number with k, m or g, or none)",
                "--max-file-size", "0", ".");
        assertUsage("--stdin reads one document from standard input and takes no PATH", "--stdin", "src");
        assertUsage("--stdin-filename only applies with --stdin", "--stdin-filename", "A.java", "src");
        assertUsage("option --stdin takes no value", "--stdin=yes");
        assertUsage("--output needs a file name", "--output=", ".");
    }

    private static void assertUsage(String message, String... args) {
        assertEquals(message, assertThrows(UsageException.class, () -> ScanOptions.parse(args)).getMessage());
    }

    @Test
    void shardsPartitionPathsDeterministicallyAndCoverEveryPathOnce() throws UsageException {
        assertEquals(new ScanOptions.Shard(2, 4), ScanOptions.parse("--shard", "2/4", "src").shard().orElseThrow());
        assertEquals(new ScanOptions.Shard(1, 1), ScanOptions.parse("--shard=1/1", "src").shard().orElseThrow());
        for (String bad : List.of("0/4", "5/4", "4", "a/b", "1/0", "-1/2")) {
            assertThrows(UsageException.class, () -> ScanOptions.parse("--shard", bad, "src"), bad);
        }
        assertThrows(UsageException.class, () -> ScanOptions.parse("--shard", "1/2", "--stdin"));
        int[] counts = new int[4];
        for (int file = 0; file < 4000; file++) {
            String path = "src/main/java/p" + (file % 37) + "/F" + file + ".java";
            int owners = 0;
            for (int shard = 1; shard <= 4; shard++) {
                if (new ScanOptions.Shard(shard, 4).includes(path)) {
                    owners++;
                    counts[shard - 1]++;
                }
            }
            assertEquals(1, owners, path);
        }
        for (int count : counts) {
            assertTrue(count > 850 && count < 1150, java.util.Arrays.toString(counts));
        }
        assertFalse(ScanOptions.parse("--no-cache", "src").cache());
        assertTrue(ScanOptions.parse("src").cache());
    }
}
