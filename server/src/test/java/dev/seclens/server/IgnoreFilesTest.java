package dev.seclens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.IgnoreList;
import dev.seclens.rules.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreFilesTest {
    @TempDir
    Path dir;

    private static void record(Path root, String... fingerprints) throws IOException {
        IgnoreList list = IgnoreList.EMPTY;
        for (String fingerprint : fingerprints) {
            list = list.with(new IgnoreList.Entry(fingerprint, "java/weak-hash", "A.java", Optional.empty()));
        }
        Files.createDirectories(root.resolve(".seclens"));
        Files.writeString(IgnoreFiles.ignoreFile(root), list.toJson());
    }

    private static List<String> fingerprints(IgnoreList list) {
        return list.entries().stream().map(IgnoreList.Entry::fingerprint).toList();
    }

    @Test
    void everyIgnoreFileFromTheVcsRootDownAppliesNearestFirst() throws IOException {
        Path project = Files.createDirectories(dir.resolve("outer/project"));
        Files.createDirectories(project.resolve(".git"));
        Path pkg = Files.createDirectories(project.resolve("src/main/java/demo"));
        record(dir.resolve("outer"), "above-the-repository");
        record(project, "root-1", "shared");
        record(pkg, "package-1", "shared");
        IgnoreList list = new IgnoreFiles(dir).forFile(new SourceFile(pkg.resolve("A.java").toString(), ""));
        assertEquals(List.of("package-1", "shared", "root-1"), fingerprints(list));
    }

    @Test
    void aWorkspaceFolderEndsTheSearchToo() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("workspace"));
        Path pkg = Files.createDirectories(folder.resolve("src/demo"));
        record(dir, "outside-the-folder");
        record(folder, "in-the-folder");
        IgnoreFiles files = new IgnoreFiles(dir, List.of(folder));
        assertEquals(List.of("in-the-folder"),
                fingerprints(files.forFile(new SourceFile(pkg.resolve("A.java").toString(), ""))));
        assertEquals(List.of(pkg, folder.resolve("src"), folder), files.folders(pkg.resolve("A.java")));
    }

    @Test
    void findingsAreRecordedAtTheWorkspaceFolderElseTheVcsRootElseTheBuildFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("workspace/module/src"));
        Path module = folder.getParent();
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Path file = folder.resolve("A.java");
        assertEquals(dir.resolve("workspace"), new IgnoreFiles(dir, List.of(dir.resolve("workspace"))).recordingRoot(file));
        assertEquals(module, new IgnoreFiles(dir).recordingRoot(file), "no folder, no VCS root: the pom's folder");
        Files.createDirectories(dir.resolve("workspace/.git"));
        assertEquals(dir.resolve("workspace"), new IgnoreFiles(dir).recordingRoot(file));
        Path loose = Files.createDirectories(dir.resolve("loose"));
        assertEquals(loose, new IgnoreFiles(dir).recordingRoot(loose.resolve("B.java")));
    }

    @Test
    void changesOnDiskAreNoticedOnlyAfterTheyHappen() throws IOException {
        Path project = Files.createDirectories(dir.resolve("p"));
        Files.createDirectories(project.resolve(".git"));
        IgnoreFiles files = new IgnoreFiles(dir);
        SourceFile source = new SourceFile(project.resolve("A.java").toString(), "");
        assertEquals(List.of(), fingerprints(files.forFile(source)));
        assertFalse(files.changedOnDisk());
        record(project, "created");
        assertTrue(files.changedOnDisk(), "a new ignore file");
        assertEquals(List.of("created"), fingerprints(files.forFile(source)));
        assertFalse(files.changedOnDisk());
        record(project, "created", "added");
        Files.setLastModifiedTime(IgnoreFiles.ignoreFile(project), FileTime.fromMillis(1_000_000));
        assertTrue(files.changedOnDisk(), "a changed ignore file");
        assertEquals(List.of("created", "added"), fingerprints(files.forFile(source)));
        Files.delete(IgnoreFiles.ignoreFile(project));
        assertTrue(files.changedOnDisk(), "a deleted ignore file");
    }

    @Test
    void theScanKeyCoversEveryApplyingIgnoreFile() throws IOException {
        Path project = Files.createDirectories(dir.resolve("p"));
        Files.createDirectories(project.resolve(".git"));
        Path pkg = Files.createDirectories(project.resolve("src"));
        IgnoreFiles files = new IgnoreFiles(dir);
        String none = files.key(pkg.resolve("A.java"));
        assertEquals("none", none);
        record(project, "at-the-root");
        String rootOnly = files.key(pkg.resolve("A.java"));
        record(pkg, "in-the-package");
        String both = files.key(pkg.resolve("A.java"));
        assertFalse(rootOnly.equals(none) || both.equals(rootOnly), List.of(none, rootOnly, both).toString());
    }
}
