package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        ScanCache cache = new ScanCache(root.resolve("user-cache"), root, "run", ScanCache.DEFAULT_MAX_BYTES, codec);
        String key = cache.key("src/A.java", CODE.getBytes(StandardCharsets.UTF_8), "none", "");
        cache.put("src/A.java", key, scanned);
        assertEquals(Optional.of(scanned), cache.get("src/A.java", key));
        assertEquals(1, cache.hits());
        assertTrue(cache.directory().startsWith(root.resolve("user-cache/scan-cache")));
        assertFalse(Files.exists(root.resolve(".seclens")), "nothing in the scanned tree");
    }

    @Test
    void anyChangeOfTheKeyIsAMiss() {
        ScanCache cache = new ScanCache(root.resolve("user-cache"), root, "run", ScanCache.DEFAULT_MAX_BYTES, codec);
        byte[] bytes = CODE.getBytes(StandardCharsets.UTF_8);
        String key = cache.key("src/A.java", bytes, "none", "");
        cache.put("src/A.java", key, scanned());
        assertNotEquals(key, cache.key("src/A.java", (CODE + " ").getBytes(StandardCharsets.UTF_8), "none", ""));
        assertNotEquals(key, cache.key("src/A.java", bytes, ".seclens/ignored.json 10 20", ""));
        assertNotEquals(key, cache.key("src/A.java", bytes, "none", "summaries 1"));
        assertNotEquals(key, new ScanCache(root.resolve("user-cache"), root, "other run", ScanCache.DEFAULT_MAX_BYTES, codec)
                .key("src/A.java", bytes, "none", ""));
        assertEquals(Optional.empty(), cache.get("src/A.java", cache.key("src/A.java", bytes, "none", "x")));
        assertEquals(Optional.empty(), cache.get("src/B.java", key));
    }

    @Test
    void corruptedAndForeignEntriesAreMisses() throws IOException {
        ScanCache cache = new ScanCache(root.resolve("user-cache"), root, "run", ScanCache.DEFAULT_MAX_BYTES, codec);
        String key = cache.key("src/A.java", CODE.getBytes(StandardCharsets.UTF_8), "none", "");
        cache.put("src/A.java", key, scanned());
        Path entry = entries().get(0);
        String good = Files.readString(entry);
        for (String bad : List.of("", "{", "null", "[]", "{\"format\": 1}", good.replace("\"format\":" + ScanCache.FORMAT, "\"format\":99"),
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
        ScanCache cache = new ScanCache(root.resolve("user-cache"), root, "run", 20_000, codec);
        FileOutcome.Scanned scanned = scanned();
        for (int i = 0; i < 40; i++) {
            cache.put("src/A" + i + ".java", "k", new FileOutcome.Scanned("src/A" + i + ".java", scanned.lines(),
                    scanned.findings(), scanned.warnings(), scanned.suppressed(), scanned.fingerprints()));
        }
        // forty writes share a clock tick or two: age them all, then use one, so "least recently used" is decided
        for (Path p : entries()) {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        assertTrue(cache.get("src/A39.java", "k").isPresent());
        cache.trim();
        long total = 0;
        for (Path p : entries()) {
            total += Files.size(p);
        }
        assertTrue(total <= 20_000, "cache holds " + total + " bytes");
        assertTrue(cache.get("src/A39.java", "k").isPresent(), "the newest entry stays");
    }

    @Test
    void trimmingNeverDropsWhatThisRunReadOrWroteEvenOverTheBound() throws IOException {
        ScanCache earlier = new ScanCache(root.resolve("user-cache"), root, "run", 20_000, codec);
        FileOutcome.Scanned scanned = scanned();
        earlier.put("src/Old.java", "k", scanned);
        for (Path p : entries()) { // an entry of a scan an hour ago that this one does not use
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        ScanCache cache = new ScanCache(root.resolve("user-cache"), root, "run", 20_000, codec);
        for (int i = 0; i < 40; i++) {
            cache.put("src/A" + i + ".java", "k", new FileOutcome.Scanned("src/A" + i + ".java", scanned.lines(),
                    scanned.findings(), scanned.warnings(), scanned.suppressed(), scanned.fingerprints()));
        }
        cache.trim();
        for (int i = 0; i < 40; i++) {
            assertTrue(cache.get("src/A" + i + ".java", "k").isPresent(), "entry " + i + " of this run stays");
        }
        assertFalse(cache.get("src/Old.java", "k").isPresent(), "the unused entry goes first");
    }

    @Test
    void aLinkInsideTheCacheFolderIsNeverWrittenThrough() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        ScanCache cache = new ScanCache(root.resolve("user-cache"), root.resolve("project"), "run", ScanCache.DEFAULT_MAX_BYTES, codec);
        String shard = java.util.HexFormat.of().formatHex(dev.seclens.rules.Sha256.digest().digest(
                "src/A.java".getBytes(StandardCharsets.UTF_8))).substring(0, 2);
        Files.createDirectories(cache.directory());
        try {
            Files.createSymbolicLink(cache.directory().resolve(shard), elsewhere);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        cache.put("src/A.java", "k", scanned());
        assertEquals(1, cache.writeFailures());
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void eachScannedFolderHasItsOwnCacheFolder() {
        Path userCache = root.resolve("user-cache");
        assertNotEquals(new ScanCache(userCache, root.resolve("a"), "run", 1, codec).directory(),
                new ScanCache(userCache, root.resolve("b"), "run", 1, codec).directory());
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("user-cache/scan-cache"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private FileOutcome.Scanned scanned() {
        BatchScanner scanner = new BatchScanner(analyzer, SizeLimit.of(OptionalLong.empty(), OptionalLong.empty()));
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
