package dev.seclens.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFilesTest {
    @TempDir
    Path root;

    private Path write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private Path link(String path, Path target) throws IOException {
        try {
            return Files.createSymbolicLink(root.resolve(path), target);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            throw e;
        }
    }

    private String refusal(Path file, long max, Optional<Path> within) {
        return assertThrows(UserFiles.Refused.class, () -> UserFiles.read(file, "F", max, within)).getMessage();
    }

    @Test
    void aRegularFileInsideItsFolderIsRead() throws IOException {
        Path file = write("project/a.json", "\uFEFF{}");
        assertArrayEquals("\uFEFF{}".getBytes(StandardCharsets.UTF_8),
                UserFiles.read(file, "a.json", 100, Optional.of(root.resolve("project"))));
        assertEquals("{}", UserFiles.readText(file, "a.json", 100, Optional.of(root.resolve("project"))));
    }

    @Test
    void everythingElseIsOneLineNamingTheFile() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path outside = write("outside/secret.json", "secret");
        assertEquals("F: lies outside " + project + ", not read", refusal(outside, 100, Optional.of(project)));
        Path linked = link("project/linked.json", outside);
        assertEquals("F: resolves outside " + project + " through a symbolic link, not read",
                refusal(linked, 100, Optional.of(project)));
        assertEquals("F: larger than 3 bytes (6), not read", refusal(outside, 3, Optional.empty()));
        assertEquals("F: not a regular file (a folder), not read", refusal(project, 100, Optional.empty()));
        UserFiles.Refused missing = assertThrows(UserFiles.Refused.class,
                () -> UserFiles.read(project.resolve("none.json"), "F", 100, Optional.empty()));
        assertEquals("F: no such file", missing.getMessage());
        assertTrue(missing.missing());
        assertEquals("no such file", missing.reason());
        Path dangling = link("project/dangling.json", root.resolve("gone.json"));
        assertEquals("F: broken symbolic link", refusal(dangling, 100, Optional.empty()));
    }

    @Test
    void devicesAreRefusedWithoutReadingThem() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertEquals("F: not a regular file (a device, pipe or socket), not read", refusal(zero, 100, Optional.empty()));
    }

    @Test
    void aFileThatSaysItIsEmptyButIsNotIsStillBounded() throws IOException {
        Path proc = Path.of("/proc/self/status"); // size 0 on stat, yet has content
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(proc) && Files.size(proc) == 0, "no /proc here");
        assertTrue(refusal(proc, 8, Optional.empty()).startsWith("F: larger than 8 bytes ("));
    }
}
