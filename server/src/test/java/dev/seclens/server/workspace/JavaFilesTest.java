package dev.seclens.server.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaFilesTest {
    @TempDir
    Path root;

    @Test
    void findsTheJavaFilesTheScanCommandWouldAndReadsThemTheSameWay() throws IOException {
        Path a = write("src/A.java", "class A {}\n");
        write("target/B.java", "class B {}\n");
        write(".hidden/C.java", "class C {}\n");
        write("src/notes.txt", "not java\n");
        Path binary = root.resolve("src/Binary.java");
        Files.write(binary, new byte[] {'c', 0, 'x'});

        assertEquals(List.of(a, binary), JavaFiles.under(root).stream().sorted().toList());
        assertEquals(Optional.of("class A {}\n"), JavaFiles.read(a, 1000));
        assertTrue(JavaFiles.read(a, 5).isEmpty(), "larger than the limit");
        assertTrue(JavaFiles.read(binary, 1000).isEmpty());
        assertTrue(JavaFiles.under(root.resolve("missing")).isEmpty());
    }

    private Path write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
