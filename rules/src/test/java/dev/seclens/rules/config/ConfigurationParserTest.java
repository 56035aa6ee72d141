package dev.seclens.rules.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Confidence;
import dev.seclens.rules.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationParserTest {
    private static final List<String> RULES = List.of("java/weak-hash", "java/weak-cipher", "java/sql-injection");
    private static final ConfigurationParser PARSER =
            new ConfigurationParser(RULES, path -> !path.contains("missing"), path -> !path.contains("missing"));

    @Test
    void everyFieldIsRead() throws ConfigurationException {
        Configuration c = PARSER.parseFile("""
                {
                  "rules": {
                    "java/weak-hash": false,
                    "java/weak-cipher": { "severity": "critical" },
                    "java/sql-injection": { "enabled": true, "severity": "LOW" }
                  },
                  "minimumConfidence": "medium",
                  "include": ["src/**"],
                  "exclude": ["src/generated/", "**/*Generated.java"],
                  "testCode": ["src/it/**", "src/{bench,perf}"],
                  "taintSpecs": ["security/specs.json"]
                }
                """, ".seclens.json");
        assertEquals(Map.of(
                "java/weak-hash", RuleSetting.off(),
                "java/weak-cipher", RuleSetting.on(Severity.CRITICAL),
                "java/sql-injection", RuleSetting.on(Severity.LOW)), c.rules());
        assertEquals(Optional.of(Confidence.MEDIUM), c.minimumConfidence());
        assertEquals(List.of("src/**"), c.include());
        assertEquals(List.of("src/generated/", "**/*Generated.java"), c.exclude());
        assertEquals(List.of("src/it/**", "src/{bench,perf}"), c.testCode());
        assertEquals(List.of("security/specs.json"), c.taintSpecs());
    }

    @Test
    void threatModelsOptInToMoreSourcesAndTheEditorSettingsReplaceThem() throws ConfigurationException {
        assertEquals(Set.of("remote"), PARSER.parseFile("{}", "f").enabledThreatModels());
        Configuration file = PARSER.parseFile("{\"threatModels\": [\"remote\", \"local\"]}", "f");
        assertEquals(Set.of("remote", "local"), file.enabledThreatModels());
        EditorSettings settings = PARSER.parseSettings("{\"threatModels\": [\"database\"]}");
        assertEquals(Set.of("database"), file.overriddenBy(settings).enabledThreatModels());
        assertEquals(Set.of("remote", "local"), file.overriddenBy(EditorSettings.DEFAULT).enabledThreatModels());
        assertEquals(Set.of("remote", "local"),
                file.overriddenBy(PARSER.parseSettings("{\"threatModels\": []}")).enabledThreatModels());
        assertEquals(Set.of("remote", "api"),
                PARSER.parseFile("{\"threatModels\": [\"remote\", \"api\"]}", "f").enabledThreatModels());
        assertError("f:1:28 (at $.threatModels[1]): unknown threat model \"files\" (known: remote, local, database, api)",
                "{\"threatModels\": [\"local\", \"files\"]}");
        assertError("f:1:2 (at $): \"threatModels\" lists at least one threat model", "{\"threatModels\": []}");
    }

    @Test
    void logInjectionReportsInfoAndAboveUnlessItsMinimumLevelSaysOtherwise() throws ConfigurationException {
        ConfigurationParser parser = new ConfigurationParser(List.of("java/log-injection", "java/weak-hash"),
                path -> true, path -> true);
        assertEquals("info", parser.parseFile("{}", "f").minimumLogLevel());
        assertEquals("info", parser.parseFile("{\"rules\": {\"java/log-injection\": \"high\"}}", "f").minimumLogLevel());
        Configuration file = parser.parseFile("{\"rules\": {\"java/log-injection\": {\"minimumLevel\": \"debug\"}}}", "f");
        assertEquals("debug", file.minimumLogLevel());
        // the editor's severity for the rule keeps the file's level; its own level replaces it
        assertEquals("debug", file.overriddenBy(parser.parseSettings(
                "{\"rules\": {\"java/log-injection\": \"low\"}}")).minimumLogLevel());
        assertEquals("trace", file.overriddenBy(parser.parseSettings(
                "{\"rules\": {\"java/log-injection\": {\"minimumLevel\": \"trace\"}}}")).minimumLogLevel());
        ConfigurationException wrongLevel = assertThrows(ConfigurationException.class, () -> parser.parseFile(
                "{\"rules\": {\"java/log-injection\": {\"minimumLevel\": \"verbose\"}}}", "f"));
        assertEquals("f:1:51 (at $.rules.java/log-injection.minimumLevel): bad log level \"verbose\" (use trace, debug, info, warn, error)",
                wrongLevel.getMessage());
        ConfigurationException otherRule = assertThrows(ConfigurationException.class, () -> parser.parseFile(
                "{\"rules\": {\"java/weak-hash\": {\"minimumLevel\": \"debug\"}}}", "f"));
        assertTrue(otherRule.getMessage().contains("\"minimumLevel\" is a setting of java/log-injection only"),
                otherRule.getMessage());
    }

    @Test
    void ruleValuesTakeEveryFormTheEditorSettingsTake() throws ConfigurationException {
        Configuration c = PARSER.parseFile("""
                {"rules": {"java/weak-hash": "off", "java/weak-cipher": "on", "java/sql-injection": "high"}}""",
                "f");
        assertEquals(RuleSetting.off(), c.rules().get("java/weak-hash"));
        assertEquals(RuleSetting.on(null), c.rules().get("java/weak-cipher"));
        assertEquals(RuleSetting.on(Severity.HIGH), c.rules().get("java/sql-injection"));
        assertEquals(Configuration.DEFAULT, PARSER.parseFile("{}", "f"));
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertError(".seclens.json:2:19: malformed JSON: not strict JSON", "{\n  \"include\": [\"a\",]\n}");
        assertError("f:2:37: malformed JSON: not strict JSON", "{\n  \"rules\": {\"java/weak-hash\": false // no\n}}");
        assertError("f:1:1: malformed JSON: the JSON ends too early", "");
        assertError("f:1:4: unexpected content after the configuration object", "{} []");
    }

    @Test
    void unknownAndRepeatedFieldsAreErrors() {
        assertError("f:2:3 (at $): unknown field \"severity\" (known: advisories, analysisTimeoutMs, exclude, include,"
                + " maxFileSize, minimumConfidence, rules, taintSpecs, testCode, threatModels)", "{\n  \"severity\": \"high\"\n}");
        assertError("f:1:2 (at $): unknown field \"enable\"", "{\"enable\": false}");
        assertError("f:1:17 (at $): \"include\" appears twice", "{\"include\": [], \"include\": []}");
        assertError("f:1:31 (at $.rules.java/weak-hash): unknown field \"level\" for rule java/weak-hash",
                "{\"rules\": {\"java/weak-hash\": {\"level\": \"high\"}}}");
    }

    @Test
    void wrongTypesNameWhatWasExpected() {
        assertError("f:1:1 (at $): the configuration must be a JSON object, found a list", "[]");
        assertError("f:2:14 (at $.include): expected a list of strings for $.include, found a string",
                "{\n  \"include\": \"src\"\n}");
        assertError("f:1:19 (at $.exclude[1]): expected a string, found a number", "{\"exclude\": [\"a\", 12]}");
        assertError("f:1:11 (at $.rules): \"rules\" must be an object keyed by rule id, found a list",
                "{\"rules\": [\"java/weak-hash\"]}");
        assertError("f:1:30 (at $.rules.java/weak-hash): bad value for rule java/weak-hash: expected true, false,"
                + " \"on\", \"off\"", "{\"rules\": {\"java/weak-hash\": null}}");
        assertError("f:1:42 (at $.rules.java/weak-hash.enabled): expected true or false, found a string",
                "{\"rules\": {\"java/weak-hash\": {\"enabled\": \"no\"}}}");
    }

    @Test
    void unknownRulesAndBadValuesAreErrors() {
        assertError("f:3:5 (at $.rules): unknown rule \"java/weak-hashes\" (known: java/sql-injection,"
                + " java/weak-cipher, java/weak-hash)", "{\n  \"rules\": {\n    \"java/weak-hashes\": false\n  }\n}");
        assertError("f:1:43 (at $.rules.java/weak-hash.severity): bad severity \"severe\" (use critical, high,"
                + " medium, low, info)", "{\"rules\": {\"java/weak-hash\": {\"severity\": \"severe\"}}}");
        assertError("f:1:30 (at $.rules.java/weak-hash): bad value \"loud\" for rule java/weak-hash",
                "{\"rules\": {\"java/weak-hash\": \"loud\"}}");
        assertError("f:1:23 (at $.minimumConfidence): bad confidence \"certain\" (use low, medium, high)",
                "{\"minimumConfidence\": \"certain\"}");
    }

    @Test
    void badGlobsAndTaintSpecsAreErrors() {
        assertError("f:1:14 (at $.include[0]): bad pattern \"/src\": must be relative", "{\"include\": [\"/src\"]}");
        assertError("f:1:14 (at $.exclude[0]): bad pattern \"../other\": cannot reach outside",
                "{\"exclude\": [\"../other\"]}");
        assertError("f:1:15 (at $.testCode[0]): bad pattern \"src/{a,b\": '{' without a closing '}'",
                "{\"testCode\": [\"src/{a,b\"]}");
        assertError("f:1:17 (at $.taintSpecs[0]): bad taint specification \"specs/missing.json\": no such file",
                "{\"taintSpecs\": [\"specs/missing.json\"]}");
        assertError("f:1:17 (at $.taintSpecs[0]): bad taint specification \"specs.yaml\": a taint specification"
                + " is a .json file", "{\"taintSpecs\": [\"specs.yaml\"]}");
        assertError("f:1:17 (at $.advisories[0]): bad advisories path \"osv/missing\": no such file or folder",
                "{\"advisories\": [\"osv/missing\"]}");
        assertError("f:1:17 (at $.advisories[0]): bad advisories path \"/osv\": must be relative to the folder of"
                + " the configuration file", "{\"advisories\": [\"/osv\"]}");
        assertError("f:1:17 (at $.advisories[0]): bad advisories path \"../..\": must stay inside the folder of"
                + " the configuration file", "{\"advisories\": [\"../..\"]}");
        assertError("f:1:17 (at $.taintSpecs[0]): bad taint specification \"specs/../../x.json\": must stay inside"
                + " the folder of the configuration file", "{\"taintSpecs\": [\"specs/../../x.json\"]}");
    }

    @Test
    void advisoriesComeFromTheFileAndTheSettings() throws ConfigurationException {
        Configuration file = PARSER.parseFile("{\"advisories\": [\"security/osv\", \"extra.json\"]}", "f");
        assertEquals(List.of("security/osv", "extra.json"), file.advisories());
        EditorSettings settings = PARSER.parseSettings("{\"advisories\": [\"/srv/osv-export\"]}");
        assertEquals(List.of("/srv/osv-export"), settings.advisories());
        assertEquals(List.of(), settings.ignored());
        assertEquals(List.of("security/osv", "extra.json", "/srv/osv-export"), file.overriddenBy(settings).advisories());
    }

    @Test
    void settingsTakeEnableIgnoreForeignKeysAndNameTheJsonPath() throws ConfigurationException {
        EditorSettings s = PARSER.parseSettings("""
                {"enable": false, "rules": {"java/weak-hash": {"enabled": true, "severity": "high"}},
                 "minimumConfidence": "high", "java": {"home": null}, "trace": {"server": "off"}}""");
        assertFalse(s.enable());
        assertEquals(Map.of("java/weak-hash", RuleSetting.on(Severity.HIGH)), s.rules());
        assertEquals(Optional.of(Confidence.HIGH), s.minimumConfidence());
        assertEquals(List.of("java", "trace"), s.ignored());
        assertEquals(EditorSettings.DEFAULT, PARSER.parseSettings("null"));

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PARSER.parseSettings("{\"rules\": {\"java/nope\": false}}"));
        assertEquals("seclens settings: $.rules: unknown rule \"java/nope\" (known: java/sql-injection,"
                + " java/weak-cipher, java/weak-hash)", e.getMessage());
    }

    @Test
    void settingsOverrideTheFilePerRule() throws ConfigurationException {
        Configuration file = PARSER.parseFile("""
                {"rules": {"java/weak-hash": false, "java/weak-cipher": "low"}, "minimumConfidence": "high",
                 "exclude": ["gen"]}""", "f");
        EditorSettings settings = PARSER.parseSettings(
                "{\"rules\": {\"java/weak-hash\": \"high\", \"java/weak-cipher\": true}}");
        Configuration merged = file.overriddenBy(settings);
        assertEquals(Map.of("java/weak-hash", RuleSetting.on(Severity.HIGH),
                "java/weak-cipher", RuleSetting.on(Severity.LOW)), merged.rules(), "true keeps the file's severity");
        assertEquals(Optional.of(Confidence.HIGH), merged.minimumConfidence());
        assertEquals(List.of("gen"), merged.exclude());
        assertEquals(Optional.of(Confidence.LOW), file.overriddenBy(
                PARSER.parseSettings("{\"minimumConfidence\": \"low\"}")).minimumConfidence());
    }

    @Test
    void budgetsAreWholeNumbersInRange() throws ConfigurationException {
        Configuration c = PARSER.parseFile("{\"analysisTimeoutMs\": 1500, \"maxFileSize\": 4096}", "f");
        assertEquals(java.util.OptionalLong.of(1500), c.analysisTimeoutMillis());
        assertEquals(java.util.OptionalLong.of(4096), c.maxFileSize());
        assertError("f:1:23 (at $.analysisTimeoutMs): bad value 0: expected a whole number of milliseconds from 1 to 600000",
                "{\"analysisTimeoutMs\": 0}");
        assertError("f:1:17 (at $.maxFileSize): bad value 1.5: expected a whole number of bytes from 1024 up",
                "{\"maxFileSize\": 1.5}");
        assertError("f:1:17 (at $.maxFileSize): expected a whole number of bytes from 1024 up, found a string",
                "{\"maxFileSize\": \"2m\"}");
        EditorSettings settings = PARSER.parseSettings("{\"analysisTimeoutMs\": 700}");
        assertEquals(java.util.OptionalLong.of(700), c.overriddenBy(settings).analysisTimeoutMillis());
        assertEquals(java.util.OptionalLong.of(4096), c.overriddenBy(settings).maxFileSize());
    }

    @Test
    void aFileCanLowerTheEditorsBudgetsButNotRaiseThem() throws ConfigurationException {
        Configuration raising = PARSER.parseFile("{\"analysisTimeoutMs\": 600000, \"maxFileSize\": 1000000000000000}", "f");
        Configuration merged = raising.overriddenBy(EditorSettings.DEFAULT);
        assertEquals(java.util.OptionalLong.of(5000), merged.analysisTimeoutMillis());
        assertEquals(java.util.OptionalLong.of(2L << 20), merged.maxFileSize());
        EditorSettings user = PARSER.parseSettings("{\"analysisTimeoutMs\": 60000, \"maxFileSize\": 10000000}");
        assertEquals(java.util.OptionalLong.of(60000), raising.overriddenBy(user).analysisTimeoutMillis(), "the user's own settings may");
        assertEquals(java.util.OptionalLong.of(10000000), raising.overriddenBy(user).maxFileSize());
    }

    @Test
    void globsThatBacktrackWithoutEndAreRefusedAndNeverHangAMatch() {
        String stars = "*a".repeat(12) + "b";
        long started = System.nanoTime();
        assertError("f:1:14 (at $.exclude[0]): bad pattern \"" + stars + "\": too many wildcards",
                "{\"exclude\": [\"" + stars + "\"]}");
        assertTrue(System.nanoTime() - started < 2_000_000_000L, "the probe is bounded");
    }

    private static void assertError(String expectedStart, String text) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PARSER.parseFile(text, expectedStart.substring(0, expectedStart.indexOf(':'))));
        if (!e.getMessage().startsWith(expectedStart)) {
            assertEquals(expectedStart, e.getMessage());
        }
    }
}
