package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Rule;
import dev.seclens.rules.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCacheTest {
    private static final String CODE = """
            import java.security.MessageDigest;
            class A {
                String password = "hunter2hunter2";
                void f() throws Exception {
                    MessageDigest.getInstance("MD5"); // seclens-ignore java/weak-hash -- checksum
                    java.sql.Statement s = null;
                    s.executeQuery("select * from t where id = " + password);
                }
            }
            """;

    @TempDir
    Path root;

    private final Analyzer analyzer = Analyzer.withBuiltInRules();
    private final CachedOutcomes codec = new CachedOutcomes(analyzer.rules().stream().map(Rule::metadata).toList());

    @Test
    void anOutcomeComesBackExactlyAsItWasStored() throws Exception {
        FileOutcome.Scanned scanned = scanned();
        ScanCache cache = new ScanCache(root, "run", ScanCache.DEFAULT_MAX_BYTES, codec);
        String key = cache.key("src/A.java", CODE.getBytes(StandardCharsets.UTF_8), "none", "");
        cache.put("src/A.java", key, scanned);
        assertEquals(Optional.of(scanned), cache.get("src/A.java", key));
        assertEquals(1, cache.hits());
        assertTrue(cache.directory().startsWith(root.resolve(".seclens/cache")));
    }

    @Test
    void anyChangeOfTheKeyIsAMiss() {
        ScanCache cache = new ScanCache(root, "run", ScanCache.DEFAULT_MAX_BYTES, codec);
        byte[] bytes = CODE.getBytes(StandardCharsets.UTF_8);
        String key = cache.key("src/A.java", bytes, "none", "");
        cache.put("src/A.java", key, scanned());
        assertNotEquals(key, cache.key("src/A.java", (CODE + " ").getBytes(StandardCharsets.UTF_8), "none", ""));
        assertNotEquals(key, cache.key("src/A.java", bytes, ".seclens/ignored.json 10 20", ""));
        assertNotEquals(key, cache.key("src/A.java", bytes, "none", "summaries 1"));
        assertNotEquals(key, new ScanCache(root, "other run", ScanCache.DEFAULT_MAX_BYTES, codec)
                .key("src/A.java", bytes, "none", ""));
        assertEquals(Optional.empty(), cache.get("src/A.java", cache.key("src/A.java", bytes, "none", "x")));
        assertEquals(Optional.empty(), cache.get("src/B.java", key));
    }

    @Test
    void corruptedAndForeignEntriesAreMisses() throws IOException {
        ScanCache cache = new ScanCache(root, "run", ScanCache.DEFAULT_MAX_BYTES, codec);
        String key = cache.key("src/A.java", CODE.getBytes(StandardCharsets.UTF_8), "none", "");
        cache.put("src/A.java", key, scanned());
        Path entry = entries().get(0);
        String good = Files.readString(entry);
        for (String bad : List.of("", "{", "null", "[]", "{\"format\": 1}", good.replace("\"format\":1", "\"format\":99"),
                good.replace("java/hardcoded-credential", "java/no-such-rule"), good.substring(0, good.length() / 2),
                good.replace("\"lines\":", "\"lines\":\"many\",\"x\":"))) {
            Files.writeString(entry, bad);
            assertEquals(Optional.empty(), cache.get("src/A.java", key), bad);
        }
        Files.write(entry, new byte[] {0, (byte) 0xff, 1});
        assertEquals(Optional.empty(), cache.get("src/A.java", key));
    }

    @Test
    void trimmingKeepsTheCacheUnderItsBoundDroppingTheLeastRecentlyUsed() throws IOException {
        ScanCache cache = new ScanCache(root, "run", 20_000, codec);
        FileOutcome.Scanned scanned = scanned();
        for (int i = 0; i < 40; i++) {
            cache.put("src/A" + i + ".java", "k", new FileOutcome.Scanned("src/A" + i + ".java", scanned.lines(),
                    scanned.findings(), scanned.warnings(), scanned.suppressed(), scanned.fingerprints()));
        }
        cache.trim();
        long total = 0;
        for (Path p : entries()) {
            total += Files.size(p);
        }
        assertTrue(total <= 20_000, "cache holds " + total + " bytes");
        assertTrue(cache.get("src/A39.java", "k").isPresent(), "the newest entry stays");
    }

    @Test
    void aCacheFolderThatLinksOutOfTheProjectIsNeverWritten() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createDirectories(root.resolve("project/.seclens"));
        Files.createDirectories(root.resolve("other"));
        try {
            Files.createSymbolicLink(root.resolve("project/.seclens/cache"), elsewhere);
            Files.createSymbolicLink(root.resolve("other/.seclens"), elsewhere);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        for (String project : List.of("project", "other")) {
            ScanCache cache = new ScanCache(root.resolve(project), "run", ScanCache.DEFAULT_MAX_BYTES, codec);
            cache.put("src/A.java", "k", scanned());
            assertEquals(1, cache.writeFailures(), project);
            try (Stream<Path> files = Files.list(elsewhere)) {
                assertEquals(List.of(), files.toList(), project);
            }
        }
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve(".seclens/cache"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private FileOutcome.Scanned scanned() {
        BatchScanner scanner = new BatchScanner(analyzer, 1, OptionalLong.empty());
        try {
            FileOutcome outcome = scanner.scanDocument("src/A.java", CODE.getBytes(StandardCharsets.UTF_8));
            FileOutcome.Scanned scanned = (FileOutcome.Scanned) outcome;
            assertTrue(scanned.findings().size() >= 1 && scanned.suppressed().size() == 1, scanned.toString());
            return scanned;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
