package dev.seclens.tests.cli;

import dev.seclens.rules.Analyzer;
import dev.seclens.server.cli.ScanCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One {@code seclens scan} run in this JVM over a project folder, with the analyzer a test chooses. */
record InProcessScan(int exitCode, String stdout, String stderr) {

    static InProcessScan run(Analyzer analyzer, Path project, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the user cache inside the test's own folder, in a hidden folder the scan does not walk
        ScanCommand command = new ScanCommand(analyzer, project, 2, project.resolve(".user-cache"), false);
        int exit = command.execute(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new InProcessScan(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes {@code text} to {@code path} below {@code project}, creating folders. */
    static void write(Path project, String path, String text) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
