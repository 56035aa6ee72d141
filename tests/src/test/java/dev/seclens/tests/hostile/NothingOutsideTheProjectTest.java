package dev.seclens.tests.hostile;

import static dev.seclens.tests.hostile.HostileJar.link;
import static dev.seclens.tests.hostile.HostileJar.write;
import static dev.seclens.tests.hostile.StdioSession.notification;
import static dev.seclens.tests.hostile.StdioSession.openParams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under strace, a scan and an editor session of a project whose parent folder is full of bait (a
 * configuration, secrets, sources, advisories, and links from the project to them) open, create,
 * rename and remove nothing outside the project but the user's cache folder and the system files
 * any JVM reads (its own installation, the jar, /proc, /sys, /dev, /etc, /usr, /lib).
 */
class NothingOutsideTheProjectTest {
    @TempDir
    Path root;
    private Path bait;
    private Path project;
    private Path userCache;

    @BeforeEach
    void baitedProject() throws IOException {
        bait = Files.createDirectories(root.resolve("bait"));
        write(bait.resolve(".seclens.json"), "{\"rules\": {\"java/weak-hash\": false}}");
        write(bait.resolve("secret.json"), "{\"id\": \"TOPSECRET\"}");
        write(bait.resolve("osv/advisory.json"), "{\"id\": \"OUTSIDE-1\"}");
        write(bait.resolve("Outside.java"), HostileRepositoryScanTest.MD5.replace("Hashes", "Outside"));
        project = Files.createDirectories(bait.resolve("project"));
        Files.createDirectories(project.resolve(".git"));
        // its own .seclens/, where the search for the ignore file stops (see the report on issue 16)
        write(project.resolve(".seclens/ignored.json"), "{\"version\": 1, \"ignored\": []}");
        write(project.resolve(".seclens.json"), "{\"advisories\": [\"osv\"]}");
        write(project.resolve("osv/own.json"), "[]");
        link(project.resolve("osv/leak.json"), bait.resolve("secret.json"));
        link(project.resolve("src/Leak.java"), bait.resolve("Outside.java"));
        write(project.resolve("src/Hashes.java"), HostileRepositoryScanTest.MD5);
        write(project.resolve("src/Other.java"), HostileRepositoryScanTest.MD5.replace("Hashes", "Other"));
        userCache = root.resolve("user-cache");
    }

    private List<String> allowed() throws IOException {
        List<String> allowed = new ArrayList<>(List.of(project.toRealPath().toString(), userCache.toAbsolutePath().toString(),
                Path.of(System.getProperty("java.home")).toRealPath().toString(), HostileJar.jar().toRealPath().toString(),
                "/proc", "/sys", "/dev", "/etc", "/usr", "/lib", "/lib64", "pipe:", "socket:", "anon_inode:"));
        return allowed;
    }

    private void assertNothingOutside(Path trace) throws IOException {
        TreeSet<String> paths = FileAccessTrace.paths(trace);
        assertTrue(paths.stream().anyMatch(p -> p.endsWith("/src/Other.java")), "the trace sees the project: " + paths);
        assertEquals(List.of(), FileAccessTrace.outside(paths, allowed()), "touched outside the project");
    }

    @Test
    void aScanTouchesNothingOutsideTheProjectButTheUserCache() throws Exception {
        Path trace = root.resolve("scan.trace");
        List<String> command = new ArrayList<>(FileAccessTrace.prefix(trace));
        command.addAll(HostileJar.command("scan", "--format", "sarif", "--output", "report.sarif", "."));
        HostileJar.Run run = HostileJar.run(command, project, userCache, Map.of(), null);
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stderrLines().contains("seclens: advisories: osv/leak.json: resolves outside " + project
                + " through a symbolic link, not read"), run.stderr());
        assertNothingOutside(trace);
        assertTrue(FileAccessTrace.paths(trace).stream().anyMatch(p -> p.startsWith(userCache.toString())),
                "the cache was written to the user's folder");
    }

    @Test
    void anEditorSessionTouchesNothingOutsideTheProject() throws Exception {
        Path trace = root.resolve("lsp.trace");
        List<String> command = new ArrayList<>(FileAccessTrace.prefix(trace));
        command.addAll(HostileJar.command("lsp"));
        try (StdioSession s = StdioSession.start(command, project, userCache, root.resolve("lsp-stderr.txt"), false)) {
            s.initialize(project.toUri().toString());
            String hashes = project.resolve("src/Hashes.java").toUri().toString();
            s.send(notification("textDocument/didOpen", openParams(hashes, HostileRepositoryScanTest.MD5)));
            s.awaitDiagnostics(0, hashes, d -> d.contains("java/weak-hash"));
            // the workspace scan has read the closed files too
            String other = project.resolve("src/Other.java").toUri().toString();
            s.await(m -> m.has("method") && "textDocument/publishDiagnostics".equals(m.get("method").getAsString())
                    && other.equals(m.getAsJsonObject("params").get("uri").getAsString()), "the workspace scan of Other.java");
            s.shutdownAndExit(9);
        }
        assertNothingOutside(trace);
    }
}
