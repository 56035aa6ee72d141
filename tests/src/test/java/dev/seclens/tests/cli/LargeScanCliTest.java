package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan cache in the user's cache folder, sharded scans merged back into one SARIF log, and links out of the tree. */
class LargeScanCliTest {
    private static final String VULNERABLE = """
            package demo;

            import java.security.MessageDigest;

            class C%d {
                String password = "correct-horse-battery-%d";
                byte[] digest(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }
            }
            """;

    @TempDir
    Path project;

    private void tree(int files) throws IOException {
        Files.createDirectories(project.resolve(".git"));
        for (int i = 0; i < files; i++) {
            Path file = project.resolve("src/main/java/demo/p" + (i % 7) + "/C" + i + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, i % 3 == 0 ? VULNERABLE.formatted(i, i) : "package demo;\n\nclass C" + i + " {}\n");
        }
    }

    @Test
    void aRescanComesFromTheCacheAndAChangedFileIsAnalysedAgain() throws IOException {
        tree(60);
        SeclensJar.Run cold = SeclensJar.scan(project, "--format", "json", "src");
        assertEquals(1, cold.exitCode(), cold.stderr());
        List<Path> entries = cacheEntries();
        assertEquals(60, entries.size(), "one entry of findings per file, in the user's cache folder");
        assertFalse(Files.exists(project.resolve(".seclens")), "nothing written into the scanned tree");
        assertEquals(60, summaryEntries().size(), "and one of method summaries");

        SeclensJar.Run warm = SeclensJar.scan(project, "--format", "json", "src");
        assertEquals(findings(cold), findings(warm), "cached findings are the findings");
        assertEquals(cold.exitCode(), warm.exitCode());

        // the cache is really read: an entry edited by hand shows up in the report...
        Path c0 = project.resolve("src/main/java/demo/p0/C0.java");
        Path entry = entryMentioning("src/main/java/demo/p0/C0.java");
        String original = Files.readString(entry);
        String tampered = original.replace("MessageDigest.getInstance", "TAMPERED.getInstance");
        assertFalse(original.equals(tampered), original);
        Files.writeString(entry, tampered);
        assertTrue(SeclensJar.scan(project, "--format", "json", "src").stdout().contains("TAMPERED"));
        // ...but not with --no-cache, nor once the file changes (its entry is then rewritten)
        assertFalse(SeclensJar.scan(project, "--no-cache", "--format", "json", "src").stdout().contains("TAMPERED"));
        Files.writeString(c0, Files.readString(c0).replace("class C0 {", "class C0 {\n    // edited"));
        SeclensJar.Run edited = SeclensJar.scan(project, "--format", "json", "src");
        assertFalse(edited.stdout().contains("TAMPERED"));
        assertEquals(findings(cold).size(), findings(edited).size());

        // a corrupted entry is ignored, and the file analysed again
        Files.writeString(entryMentioning("src/main/java/demo/p0/C0.java"), "{\"format\": 1, \"key\": ");
        assertEquals(findings(edited), findings(SeclensJar.scan(project, "--format", "json", "src")));
    }

    @Test
    void shardsCoverTheTreeOnceAndMergeIntoTheUnshardedReport() throws IOException {
        tree(45);
        SeclensJar.Run whole = SeclensJar.scan(project, "--no-cache", "--format", "sarif", "--output", "whole.sarif", "src");
        assertEquals(1, whole.exitCode(), whole.stderr());
        int total = 0;
        List<String> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String name = "shard" + i + ".sarif";
            SeclensJar.Run run = SeclensJar.scan(project, "--shard", i + "/3", "--format", "sarif", "--output", name, "src");
            assertTrue(run.exitCode() <= 1, run.stderr());
            total += Integer.parseInt(run.stderr().replaceAll("(?s).*seclens: (\\d+) files.*", "$1"));
            shards.add(name);
        }
        assertEquals(45, total, "every file in exactly one shard");

        List<String> merge = new ArrayList<>(List.of("merge", "-o", "all.sarif"));
        merge.addAll(shards);
        merge.add(shards.get(0)); // a shard given twice: its results count once
        SeclensJar.Run merged = SeclensJar.run(project, null, merge.toArray(String[]::new));
        assertEquals(1, merged.exitCode(), merged.stderr());
        assertEquals(results("whole.sarif"), results("all.sarif"));
        JsonObject run = sarif("all.sarif").getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(sarif("whole.sarif").getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonObject("tool")
                .getAsJsonObject("driver").getAsJsonArray("rules").size(),
                run.getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules").size());
        assertEquals(1, run.getAsJsonArray("invocations").size());

        assertEquals(0, SeclensJar.run(project, null, "merge", "--fail-on", "none", "-o", "x.sarif", "shard1.sarif").exitCode());
        SeclensJar.Run bad = SeclensJar.run(project, null, "merge", "nope.sarif");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().startsWith("seclens: cannot read nope.sarif"), bad.stderr());
    }

    @Test
    void aLinkToAFileOutsideTheScannedFolderIsNotFollowed() throws IOException {
        Path outside = Files.createDirectories(project.resolve("outside"));
        Files.writeString(outside.resolve("Secret.java"), VULNERABLE.formatted(1, 1));
        Path src = Files.createDirectories(project.resolve("work/src"));
        Files.writeString(src.resolve("Mine.java"), "class Mine {}\n");
        try {
            Files.createSymbolicLink(src.resolve("Leak.java"), outside.resolve("Secret.java"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        SeclensJar.Run run = SeclensJar.scan(project.resolve("work"), "src");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("seclens: skipped src/Leak.java: symbolic link to a file outside src, not followed"),
                run.stderr());
    }

    /** Where the scans of {@code project} keep their cache: a folder per scanned folder, named by a hash of its path. */
    private Path cacheFolder() throws IOException {
        String hash = java.util.HexFormat.of().formatHex(dev.seclens.rules.Sha256.digest().digest(
                project.toRealPath().toString().getBytes(StandardCharsets.UTF_8)));
        return SeclensJar.sharedUserCache().resolve("seclens/scan-cache").resolve(hash.substring(0, 24));
    }

    private List<Path> cacheEntries() throws IOException {
        try (Stream<Path> files = Files.walk(cacheFolder())) {
            return files.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }

    private List<Path> summaryEntries() throws IOException {
        try (Stream<Path> files = Files.walk(cacheFolder())) {
            return files.filter(p -> p.toString().endsWith(".summaries.json.gz")).toList();
        }
    }

    private Path entryMentioning(String path) throws IOException {
        for (Path entry : cacheEntries()) {
            if (Files.readString(entry).contains("\"path\":\"" + path + "\"")) {
                return entry;
            }
        }
        throw new AssertionError("no cache entry for " + path);
    }

    private static List<String> findings(SeclensJar.Run run) {
        JsonArray findings = JsonParser.parseString(run.stdout()).getAsJsonObject().getAsJsonArray("findings");
        List<String> all = new ArrayList<>();
        findings.forEach(f -> all.add(f.toString()));
        return all;
    }

    private JsonObject sarif(String name) throws IOException {
        return JsonParser.parseString(Files.readString(project.resolve(name), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** Each result without its ruleIndex (which depends on the rule list), as a sorted set. */
    private TreeSet<String> results(String name) throws IOException {
        TreeSet<String> results = new TreeSet<>();
        for (JsonElement r : sarif(name).getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results")) {
            JsonObject copy = r.getAsJsonObject().deepCopy();
            copy.remove("ruleIndex");
            results.add(copy.toString());
        }
        assertFalse(results.isEmpty());
        return results;
    }
}
