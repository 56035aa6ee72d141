package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import dev.seclens.rules.Analyzer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AnalysisThreadsSettingTest {
    private final ServerLog log = new ServerLog();

    @Test
    void readFromTheSeclensSectionOrTheTopAndOnlyWhenAWholeNumberInRange() {
        assertEquals(OptionalInt.of(3), threads("{\"seclens\": {\"analysisThreads\": 3}}"));
        assertEquals(OptionalInt.of(1), threads("{\"analysisThreads\": 1}"));
        for (String bad : List.of("{\"analysisThreads\": 0}", "{\"analysisThreads\": 17}", "{\"analysisThreads\": 2.5}",
                "{\"analysisThreads\": \"4\"}", "{}", "[]")) {
            assertEquals(OptionalInt.empty(), threads(bad), bad);
        }
        assertEquals(OptionalInt.empty(), SecLensLanguageServer.analysisThreads(null, log));
    }

    @Test
    void thePoolTakesTheNewSize() {
        DiagnosticsService service = new DiagnosticsService(new DocumentStore(), new Analyzer(List.of()), log, 2,
                Duration.ZERO);
        service.analysisThreads(5);
        assertEquals(5, service.analysisThreads());
        service.analysisThreads(1);
        assertEquals(1, service.analysisThreads());
        service.stop();
    }

    private OptionalInt threads(String json) {
        return SecLensLanguageServer.analysisThreads(JsonParser.parseString(json), log);
    }
}
