package dev.seclens.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs each real-editor script in tests/editors against the packaged jar. */
class EditorTest {
    /** The scripts' "editor not installed" status, as automake's test drivers use it. */
    private static final int NOT_INSTALLED = 77;
    private static final long TIMEOUT_MINUTES = 8;

    @TestFactory
    Stream<DynamicTest> everyEditorShowsDiagnostics() throws IOException {
        Path root = Path.of(System.getProperty("seclens.root", "..")).toAbsolutePath().normalize();
        Path editors = root.resolve("tests/editors");
        try (Stream<Path> dirs = Files.list(editors)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("run.sh"))).sorted().toList().stream()
                    .map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> run(root, d)));
        }
    }

    private static void run(Path root, Path editor) throws Exception {
        Path log = Files.createTempFile("seclens-editor-" + editor.getFileName(), ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", editor.resolve("run.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SECLENS_JAR", System.getProperty("seclens.jar"));
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(editor.getFileName() + " timed out after " + TIMEOUT_MINUTES + " min:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() == NOT_INSTALLED && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort(editor.getFileName() + " is not installed (tests/editors/install.sh installs it)");
        }
        assertEquals(0, process.exitValue(), editor.getFileName() + " failed:\n" + output);
    }
}
