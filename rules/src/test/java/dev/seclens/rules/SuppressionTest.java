package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fingerprints that survive unrelated edits, the ignore file, and suppression kinds and reasons. */
class SuppressionTest {
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();
    private static final String TEXT = """
            package demo;

            import java.security.MessageDigest;

            class Hashes {
                byte[] digest(byte[] data) throws Exception {
                    return MessageDigest.getInstance("MD5").digest(data);
                }

                void twice() throws Exception {
                    MessageDigest.getInstance("MD5");
                    MessageDigest.getInstance("MD5");
                }
            }
            """;

    private static List<String> fingerprints(String text) {
        Analysis analysis = ANALYZER.analyze(new SourceFile("src/main/java/demo/Hashes.java", text));
        return analysis.findings().stream().map(analysis::fingerprint).toList();
    }

    @Test
    void everyFindingHasADistinctFingerprint() {
        List<String> fps = fingerprints(TEXT);
        assertEquals(3, fps.size());
        assertEquals(3, fps.stream().distinct().count(), "repeated statements get an occurrence index");
        assertTrue(fps.stream().allMatch(fp -> fp.matches("[0-9a-f]{32}")), fps.toString());
    }

    @Test
    void fingerprintsSurviveLineShiftsReformattingAndComments() {
        List<String> before = fingerprints(TEXT);
        String shifted = TEXT.replace("class Hashes {", "// a new header comment\n\nclass Hashes {\n    int unrelated;\n");
        assertEquals(before, fingerprints(shifted));
        String reformatted = TEXT.replace("return MessageDigest.getInstance(\"MD5\").digest(data);",
                "return MessageDigest\n            .getInstance( \"MD5\" ) /* old */\n            .digest(data);")
                .replace("    void twice()", "    void   twice( )");
        assertEquals(before, fingerprints(reformatted));
        String moved = TEXT.replace("import java.security.MessageDigest;\n",
                "import java.security.MessageDigest;\nimport java.util.List;\n");
        assertEquals(before, fingerprints(moved));
    }

    @Test
    void aChangedStatementOrMethodChangesTheFingerprint() {
        List<String> before = fingerprints(TEXT);
        List<String> changed = fingerprints(TEXT.replace(".digest(data)", ".digest(data.clone())"));
        assertNotEquals(before.get(0), changed.get(0));
        assertEquals(before.subList(1, 3), changed.subList(1, 3));
        List<String> renamed = fingerprints(TEXT.replace("byte[] digest(byte[] data)", "byte[] hash(byte[] data)"));
        assertNotEquals(before.get(0), renamed.get(0));
    }

    @Test
    void theIgnoreFileSuppressesByFingerprintWithItsReason() {
        SourceFile file = new SourceFile("src/main/java/demo/Hashes.java", TEXT);
        Analysis first = ANALYZER.analyze(file);
        Finding accepted = first.findings().get(1);
        IgnoreList ignored = IgnoreList.EMPTY.with(new IgnoreList.Entry(first.fingerprint(accepted),
                accepted.ruleId(), file.path(), Optional.of("test data only")));
        IgnoreList reread = IgnoreList.parse(ignored.toJson(), ".seclens/ignored.json");
        assertEquals(ignored.entries(), reread.entries());

        Analysis second = ANALYZER.withIgnoreFiles(f -> reread).analyze(
                new SourceFile(file.path(), "// moved down\n" + TEXT));
        assertEquals(2, second.findings().size());
        assertEquals(1, second.suppressed().size());
        SuppressedFinding s = second.suppressed().get(0);
        assertEquals(accepted.range().startLine() + 1, s.finding().range().startLine());
        assertEquals(new Suppression(Suppression.Kind.IGNORE_FILE, Optional.of("test data only")), s.suppression());
        assertEquals(first.fingerprint(accepted), second.fingerprint(s.finding()));
    }

    @Test
    void anEntryForAnotherRuleDoesNotMatch() {
        Analysis first = ANALYZER.analyze(new SourceFile("A.java", TEXT));
        String fp = first.fingerprint(first.findings().get(0));
        IgnoreList ignored = IgnoreList.EMPTY.with(new IgnoreList.Entry(fp, "java/sql-injection", "", Optional.empty()));
        assertEquals(3, ANALYZER.withIgnoreFiles(f -> ignored).analyze(new SourceFile("A.java", TEXT)).findings().size());
    }

    @Test
    void commentReasonsAndKindsAreKept() {
        String text = TEXT.replace("MessageDigest.getInstance(\"MD5\");\n        MessageDigest",
                "MessageDigest.getInstance(\"MD5\"); // seclens-ignore java/weak-hash -- fixture data\n"
                        + "        // seclens-ignore-next-line java/weak-hash\n        MessageDigest");
        Analysis analysis = ANALYZER.analyze(new SourceFile("A.java", text));
        assertEquals(List.of(new Suppression(Suppression.Kind.LINE_COMMENT, Optional.of("fixture data")),
                        new Suppression(Suppression.Kind.NEXT_LINE_COMMENT, Optional.empty())),
                analysis.suppressed().stream().map(SuppressedFinding::suppression).toList());
    }

    @Test
    void badIgnoreFilesNameTheFileAndEntry() {
        String file = "proj/.seclens/ignored.json";
        IgnoreList.InvalidIgnoreFile unknown = assertThrows(IgnoreList.InvalidIgnoreFile.class, () -> IgnoreList.parse("""
                {"version": 1, "ignored": [{"fingerprint": "a", "rule": "java/weak-hash"},
                                            {"fingerprint": "b", "rule": "java/weak-hash", "resaon": "typo"}]}
                """, file));
        assertEquals(file + ": entry 2: unknown field \"resaon\" (expected fingerprint, rule, path, reason)",
                unknown.getMessage());
        assertThrows(IgnoreList.InvalidIgnoreFile.class, () -> IgnoreList.parse("{\"ignore\": []}", file));
        assertThrows(IgnoreList.InvalidIgnoreFile.class, () -> IgnoreList.parse("{\"ignored\": [{\"rule\": \"x\"}]}", file));
        assertThrows(IgnoreList.InvalidIgnoreFile.class, () -> IgnoreList.parse("{\"ignored\": [", file));
        assertEquals(0, IgnoreList.parse("", file).entries().size());
    }
}
