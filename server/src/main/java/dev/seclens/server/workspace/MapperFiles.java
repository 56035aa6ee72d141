package dev.seclens.server.workspace;

import dev.seclens.rules.taint.MapperXml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which XML files of a tree are MyBatis mapper files, read for the statements they give the mapper
 * interfaces' methods (never analysed themselves): an {@code .xml} file, not a build file, whose
 * root element is {@code <mapper>}. Only the first few kilobytes of each are read to decide, so a
 * large unrelated XML file (a data set, a generated descriptor) costs nothing more.
 */
public final class MapperFiles {
    private MapperFiles() {
    }

    /** Whether the file's name makes it worth a look: {@link MapperXml#isCandidate}. */
    public static boolean isCandidate(Path file) {
        Path name = file.getFileName();
        return name != null && MapperXml.isCandidate(name.toString());
    }

    /** Whether the file starts like a mapper file; false when it cannot be read. */
    public static boolean isMapper(Path file) {
        if (!isCandidate(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MapperXml.HEAD_CHARS);
            return MapperXml.isMapper(new String(head, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
