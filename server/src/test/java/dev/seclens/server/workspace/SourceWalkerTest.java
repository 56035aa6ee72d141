package dev.seclens.server.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceWalkerTest {
    @TempDir
    Path root;

    @Test
    void walksJavaFilesInPathOrderLeavingOutBuildOutputAndHiddenFolders() throws IOException {
        touch("src/main/java/b/B.java", "src/main/java/a/A.java", "src/main/java/a/notes.txt", "Top.JAVA",
                "target/Gen.java", "build/Gen.java", "node_modules/x/X.java", ".git/X.java", ".idea/X.java",
                "src/.cache/X.java", "src/target/Gen.java");
        SourceWalker.Discovery found = new SourceWalker(root).discover(List.of("."));
        assertEquals(List.of("Top.JAVA", "src/main/java/a/A.java", "src/main/java/b/B.java"), paths(found));
        assertEquals(List.of(), found.skipped());
    }

    @Test
    void namedPathsAreScannedWhateverTheirFolder() throws IOException {
        touch("target/Gen.java", ".hidden/H.java", "build/sub/S.java");
        SourceWalker.Discovery found = new SourceWalker(root).discover(List.of("target/Gen.java", ".hidden", "build"));
        assertEquals(List.of(".hidden/H.java", "build/sub/S.java", "target/Gen.java"), paths(found));
    }

    @Test
    void namedNonJavaFileIsSkippedWithAReason() throws IOException {
        touch("README.md");
        SourceWalker.Discovery found = new SourceWalker(root).discover(List.of("README.md"));
        assertEquals(List.of(new SkippedPath("README.md", "not a Java source or build file")), found.skipped());
    }

    @Test
    void buildFilesAreFoundNextToJavaSources() throws IOException {
        touch("pom.xml");
        touch("app/build.gradle");
        touch("app/build.gradle.kts");
        touch("gradle/libs.versions.toml");
        touch("app/settings.gradle");
        touch("app/src/main/resources/log4j2.xml");
        SourceWalker.Discovery found = new SourceWalker(root).discover(List.of("."));
        assertEquals(List.of("app/build.gradle", "app/build.gradle.kts", "gradle/libs.versions.toml", "pom.xml"),
                found.targets().stream().map(ScanTarget::path).toList());
    }

    @Test
    void mapperXmlFilesAreFoundByTheirRootElementAndNotAnalysed() throws IOException {
        Path resources = Files.createDirectories(root.resolve("src/main/resources/mappers"));
        Files.writeString(resources.resolve("UserMapper.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE mapper PUBLIC"
                + " \"-//mybatis.org//DTD Mapper 3.0//EN\" \"http://mybatis.org/dtd/mybatis-3-mapper.dtd\">\n"
                + "<mapper namespace=\"a.UserMapper\"></mapper>\n");
        Files.writeString(resources.resolve("mybatis-config.xml"),
                "<configuration><mappers><mapper resource=\"mappers/UserMapper.xml\"/></mappers></configuration>");
        // a large unrelated file: decided from its start
        Files.writeString(resources.resolve("data.xml"), "<rows>" + "<row>x</row>".repeat(100_000) + "<mapper/></rows>");
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        touch("target/classes/mappers/UserMapper.xml");
        SourceWalker.Discovery found = new SourceWalker(root).discover(List.of("."));
        assertEquals(List.of("pom.xml"), paths(found));
        assertEquals(List.of("src/main/resources/mappers/UserMapper.xml"),
                found.mappers().stream().map(ScanTarget::path).toList());
        assertEquals(List.of(), found.skipped());

        SourceWalker.Discovery named = new SourceWalker(root).discover(
                List.of("src/main/resources/mappers/UserMapper.xml"));
        assertEquals(1, named.mappers().size());
        assertEquals(List.of(), named.skipped(), "a named mapper file is read, not skipped");
    }

    @Test
    void missingPathIsAnError() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> new SourceWalker(root).discover(List.of("nope")));
        assertEquals("nope", e.getFile());
    }

    @Test
    void filesNamedTwiceAreScannedOnce() throws IOException {
        touch("src/A.java");
        SourceWalker walker = new SourceWalker(root);
        assertEquals(List.of("src/A.java"), paths(walker.discover(List.of("src", "src/A.java", "./src"))));
    }

    @Test
    void pathsOutsideTheWorkingDirectoryStayAbsolute() throws IOException {
        touch("elsewhere/E.java");
        Files.createDirectories(root.resolve("cwd"));
        SourceWalker walker = new SourceWalker(root.resolve("cwd"));
        assertEquals(List.of(root.resolve("elsewhere/E.java").toString().replace('\\', '/')),
                paths(walker.discover(List.of("../elsewhere"))));
    }

    @Test
    void linksToFoldersAreNotFollowedSoLoopsEnd() throws IOException {
        touch("src/A.java");
        link("src/loop", root);
        link("src/Dangling.java", root.resolve("Missing.java"));
        SourceWalker.Discovery found = new SourceWalker(root).discover(List.of("."));
        // A dangling link is a target; reading it gives the reason.
        assertEquals(List.of("src/A.java", "src/Dangling.java"), paths(found));
        assertEquals(List.of(new SkippedPath("src/loop", "symbolic link to a folder, not followed")),
                found.skipped());
    }

    @Test
    void linksToFilesOutsideTheWalkedFolderAreNotFollowed() throws IOException {
        touch("project/src/A.java", "project/src/Real.java", "outside/Secret.java");
        link("project/src/Inside.java", root.resolve("project/src/Real.java"));
        link("project/src/Leak.java", root.resolve("outside/Secret.java"));
        link("project/src/Relative.java", Path.of("../../outside/Secret.java"));
        SourceWalker.Discovery found = new SourceWalker(root).discover(List.of("project"));
        assertEquals(List.of("project/src/A.java", "project/src/Inside.java", "project/src/Real.java"), paths(found));
        assertEquals(List.of(
                new SkippedPath("project/src/Leak.java", "symbolic link to a file outside project, not followed"),
                new SkippedPath("project/src/Relative.java", "symbolic link to a file outside project, not followed")),
                found.skipped());
        // the language server's workspace scan finds files the same way
        assertEquals(List.of(root.resolve("project/src/A.java"), root.resolve("project/src/Inside.java"),
                root.resolve("project/src/Real.java")), JavaFiles.under(root.resolve("project")));
    }

    @Test
    void namedLinkToAFolderIsWalkedUnderItsOwnName() throws IOException {
        touch("real/R.java");
        link("alias", root.resolve("real"));
        assertEquals(List.of("alias/R.java"), paths(new SourceWalker(root).discover(List.of("alias"))));
    }

    @Test
    void namedLinkLoopIsSkippedWithAReason() throws IOException {
        link("Self.java", root.resolve("Self.java"));
        assertEquals(List.of(new SkippedPath("Self.java", "symbolic link loop")),
                new SourceWalker(root).discover(List.of("Self.java")).skipped());
    }

    private void touch(String... paths) throws IOException {
        for (String path : paths) {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "class X {}\n");
        }
    }

    private void link(String path, Path target) throws IOException {
        try {
            Files.createDirectories(root.resolve(path).getParent());
            Files.createSymbolicLink(root.resolve(path), target);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not available here: " + e);
        }
    }

    private static List<String> paths(SourceWalker.Discovery found) {
        return found.targets().stream().map(ScanTarget::path).toList();
    }
}
