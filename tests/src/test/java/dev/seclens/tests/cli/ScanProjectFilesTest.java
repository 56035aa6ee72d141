package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scan` lets rules read the scanned project's .properties files, and nothing outside it. */
public class ScanProjectFilesTest {
    /** A module whose Digests.java reads its digest algorithm, MD5, from src/main/resources/crypto.properties. */
    static final Path PROJECT = SeclensJar.repositoryRoot().resolve("tests/src/test/resources/project-files");

    @TempDir
    Path temp;

    /** A copy of {@link #PROJECT} at {@code target} (the language server test uses it too). */
    public static void copyProject(Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(PROJECT)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path copy = target.resolve(PROJECT.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aSettingInTheModulesResourcesIsResolvedAndNamed() throws IOException {
        copyProject(temp.resolve("work/app"));

        SeclensJar.Run run = SeclensJar.scan(temp.resolve("work"), "app");

        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("java/weak-hash")
                && run.stdout().contains("reads \"MD5\" from crypto.properties:2 (hash.algorithm)"), run.stdout());
    }

    @Test
    void aPropertiesFileLinkedFromOutsideTheScanRootsIsNotRead() throws IOException {
        Path module = temp.resolve("work/app");
        copyProject(module);
        Path resources = module.resolve("src/main/resources/crypto.properties");
        Path outside = Files.move(resources, temp.resolve("outside.properties"));
        try {
            Files.createSymbolicLink(resources, outside);
        } catch (UnsupportedOperationException | IOException e) {
            return; // no symbolic links on this file system
        }

        SeclensJar.Run run = SeclensJar.scan(temp.resolve("work"), "app");

        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    }
}
