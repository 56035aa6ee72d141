package dev.seclens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsPropertiesUnderARootOnly() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project/src/main/resources"));
        Files.writeString(project.resolve("crypto.properties"), "hash.algorithm=MD5\n");
        Files.writeString(dir.resolve("outside.properties"), "secret=1\n");
        Files.writeString(project.resolve("notes.txt"), "text\n");
        WorkspaceFiles files = new WorkspaceFiles(dir, List.of(dir.resolve("project")));

        assertEquals(Optional.of("hash.algorithm=MD5\n"), files.read("project/src/main/resources/crypto.properties"));
        assertEquals(Optional.empty(), files.read("outside.properties"));
        assertEquals(Optional.empty(), files.read("project/../outside.properties"));
        assertEquals(Optional.empty(), files.read("project/src/main/resources/notes.txt"));
        assertEquals(Optional.empty(), files.read("project/missing.properties"));
        assertEquals(Optional.empty(), files.read("project/\0.properties"));
    }

    @Test
    void aLinkOutOfTheRootIsNotFollowed() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path target = Files.writeString(dir.resolve("secret.properties"), "key=value\n");
        try {
            Files.createSymbolicLink(project.resolve("link.properties"), target);
        } catch (UnsupportedOperationException | IOException e) {
            return; // no symbolic links on this file system
        }
        assertEquals(Optional.empty(), new WorkspaceFiles(dir, List.of(project)).read("project/link.properties"));
    }

    @Test
    void latin1FilesAreReadAsPropertiesLoadReadsThem() throws IOException {
        Files.write(dir.resolve("legacy.properties"), "name=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(Optional.of("name=caf\u00e9\n"), new WorkspaceFiles(dir, List.of(dir)).read("legacy.properties"));
    }
}
