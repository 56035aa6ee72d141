package dev.seclens.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scan` lets rules read the scanned project's .properties files, and nothing outside it. */
class ScanProjectFilesTest {
    private static final String SOURCE = """
            package com.example;

            import java.io.InputStream;
            import java.security.MessageDigest;
            import java.util.Properties;

            class Digests {
                byte[] digest(byte[] data) throws Exception {
                    Properties settings = new Properties();
                    try (InputStream in = Digests.class.getResourceAsStream("/crypto.properties")) {
                        settings.load(in);
                    }
                    return MessageDigest.getInstance(settings.getProperty("hash.algorithm")).digest(data);
                }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void aSettingInTheModulesResourcesIsResolvedAndNamed() throws IOException {
        Path module = temp.resolve("work/app");
        Files.createDirectories(module.resolve("src/main/java/com/example"));
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.writeString(module.resolve("src/main/java/com/example/Digests.java"), SOURCE);
        Files.writeString(module.resolve("src/main/resources/crypto.properties"), "# digests\nhash.algorithm=MD5\n");

        SeclensJar.Run run = SeclensJar.scan(temp.resolve("work"), "app");

        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("java/weak-hash")
                && run.stdout().contains("reads \"MD5\" from crypto.properties:2 (hash.algorithm)"), run.stdout());
    }

    @Test
    void aPropertiesFileLinkedFromOutsideTheScanRootsIsNotRead() throws IOException {
        Path module = temp.resolve("work/app");
        Files.createDirectories(module.resolve("src/main/java/com/example"));
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.writeString(module.resolve("src/main/java/com/example/Digests.java"), SOURCE);
        Path outside = Files.writeString(temp.resolve("outside.properties"), "hash.algorithm=MD5\n");
        try {
            Files.createSymbolicLink(module.resolve("src/main/resources/crypto.properties"), outside);
        } catch (UnsupportedOperationException | IOException e) {
            return; // no symbolic links on this file system
        }

        SeclensJar.Run run = SeclensJar.scan(temp.resolve("work"), "app");

        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    }
}
