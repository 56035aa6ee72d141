package dev.seclens.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScanProgressTest {

    @Test
    void onATerminalOneLineIsRedrawnAndErasedAtTheEnd() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ScanProgress progress = ScanProgress.start(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 4, 10)) {
            progress.fileDone(false);
            progress.fileDone(true);
            Thread.sleep(700);
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("\r\033[2Kseclens: [###############               ] 2/4 files (50%), 1 from cache"), shown);
        assertTrue(shown.endsWith("\r\033[2K"), "the line is erased: " + shown);
        assertEquals(-1, shown.indexOf('\n'), "no new lines on a terminal");
    }

    @Test
    void elsewherePlainLinesComeAtTheirPeriodOnly() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ScanProgress progress = ScanProgress.start(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 10, 1)) {
            progress.fileDone(false);
            Thread.sleep(1400);
        }
        assertEquals("seclens: scanning: 1/10 files (10%), 0 from cache" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
