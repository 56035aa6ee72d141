package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that must never stop a scan: each file gets analysed or a reason, and the run goes on. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void hostileSourcesAreAnalysedOrSkippedWithAReason() throws IOException {
        Files.writeString(dir.resolve("Chained.java"), NastyInputs.chainedPlus("Chained", ""));
        Files.writeString(dir.resolve("Nested.java"), NastyInputs.nestedParentheses("Nested"));
        NastyInputs.writeBigFile(dir.resolve("Big.java"), "Big");
        Files.write(dir.resolve("Binary.java"), NastyInputs.binary());
        Files.write(dir.resolve("Latin1.java"), NastyInputs.latin1("Latin1"));
        Files.writeString(dir.resolve("Empty.java"), "");

        SeclensJar.Run run = SeclensJar.scan(dir, "--format", "json", ".");
        assertEquals(0, run.exitCode(), run.stderr());
        JsonObject report = JsonParser.parseString(run.stdout()).getAsJsonObject();
        long big = Files.size(dir.resolve("Big.java"));
        assertEquals(Map.of("Binary.java", "binary file (contains NUL bytes)", "Big.java", "larger than the size limit ("
                + big + " > 2097152 bytes, the default limit; --max-file-size changes it)"), skipped(report));
        assertEquals(4, report.getAsJsonObject("summary").get("files").getAsInt(), run.stderr());
        JsonArray warnings = report.getAsJsonArray("warnings");
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("Latin1.java", warnings.get(0).getAsJsonObject().get("path").getAsString());
        assertEquals("invalid-utf8", warnings.get(0).getAsJsonObject().get("kind").getAsString());
        assertTrue(run.stderrLines().contains("seclens: skipped Binary.java: binary file (contains NUL bytes)"));
    }

    @Test
    void maxFileSizeSkipsLargerFiles() throws IOException {
        NastyInputs.writeBigFile(dir.resolve("Big.java"), "Big");
        Files.writeString(dir.resolve("Small.java"), "class Small {}\n");
        SeclensJar.Run run = SeclensJar.scan(dir, "--max-file-size", "1m", "--format", "json", ".");
        assertEquals(0, run.exitCode(), run.stderr());
        JsonObject report = JsonParser.parseString(run.stdout()).getAsJsonObject();
        assertTrue(skipped(report).get("Big.java").startsWith("larger than --max-file-size"), run.stdout());
        assertEquals(1, report.getAsJsonObject("summary").get("files").getAsInt());
    }

    @Test
    void brokenLinksLoopsAndUnreadableFilesAreSkippedWithAReason() throws IOException {
        Files.writeString(dir.resolve("Fine.java"), "class Fine {}\n");
        try {
            Files.createSymbolicLink(dir.resolve("Dangling.java"), dir.resolve("Missing.java"));
            Files.createSymbolicLink(dir.resolve("Self.java"), dir.resolve("Self.java"));
            Files.createSymbolicLink(dir.resolve("loop"), dir);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not available here: " + e);
        }
        Path unreadable = Files.writeString(dir.resolve("Unreadable.java"), "class Unreadable {}\n");
        boolean canRevokeRead = revokeRead(unreadable);

        SeclensJar.Run run = SeclensJar.scan(dir, "--format", "json", ".");
        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, String> skipped = skipped(JsonParser.parseString(run.stdout()).getAsJsonObject());
        assertEquals("broken symbolic link", skipped.get("Dangling.java"));
        assertEquals("symbolic link loop", skipped.get("Self.java"));
        assertEquals("symbolic link to a folder, not followed", skipped.get("loop"));
        if (canRevokeRead) {
            assertEquals("permission denied", skipped.get("Unreadable.java"));
        } else {
            assertTrue(!skipped.containsKey("Unreadable.java"), "read as root, so analysed");
        }
        assertTrue(run.stderrLines().contains("seclens: skipped Dangling.java: broken symbolic link"), run.stderr());
    }

    @Test
    void namedBrokenLinkIsSkippedButNamedMissingFileIsAnError() throws IOException {
        try {
            Files.createSymbolicLink(dir.resolve("Dangling.java"), dir.resolve("Missing.java"));
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not available here: " + e);
        }
        SeclensJar.Run dangling = SeclensJar.scan(dir, "Dangling.java");
        assertEquals(0, dangling.exitCode(), dangling.stderr());
        assertTrue(dangling.stderrLines().contains("seclens: skipped Dangling.java: broken symbolic link"));

        SeclensJar.Run missing = SeclensJar.scan(dir, "Missing.java");
        assertEquals(2, missing.exitCode());
        assertEquals("seclens: no such file or directory: Missing.java", missing.stderr().strip());
    }

    /** False where permissions cannot stop reading: no POSIX permissions, or running as root. */
    private static boolean revokeRead(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            return false;
        }
        return !Files.isReadable(file);
    }

    private static Map<String, String> skipped(JsonObject report) {
        Map<String, String> skipped = new TreeMap<>();
        for (JsonElement e : report.getAsJsonArray("skipped")) {
            skipped.put(e.getAsJsonObject().get("path").getAsString(), e.getAsJsonObject().get("reason").getAsString());
        }
        return skipped;
    }
}
