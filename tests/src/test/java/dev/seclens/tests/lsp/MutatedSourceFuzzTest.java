package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static org.junit.jupiter.api.Assertions.fail;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.FuzzSeeds;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.SourceMutators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The server fed the engine fuzzer's mutants of real sources (fixtures, fix pairs, examples) as a
 * stream of incremental edits: each mutant reaches the server as the edit that turns the previous
 * text into it, sometimes cut into several edits in one notification, sometimes with a BOM, CR or
 * CRLF line ends, lone surrogates or NULs typed at random places. Through the real launcher (so the
 * protocol guard and the outgoing queue are in the way), with the built-in rules. Checked: nothing
 * the server logs is an error or a rule failure, every published diagnostic lies inside the text of
 * the version it names (as this client tracks it), and the server answers hovers and code actions
 * afterwards. Deterministic: the seed is printed on failure; replay with -Dseclens.fuzz.seed=N.
 */
class MutatedSourceFuzzTest {
    static final long SEED = Long.getLong("seclens.fuzz.seed", 0x5EC1E45L);
    static final int EDITS_PER_FILE = Integer.getInteger("seclens.fuzz.serverEdits", 12);
    /** Every n-th seed file (all by default: some 15 s on two cores). */
    static final int FILE_STRIDE = Integer.getInteger("seclens.fuzz.stride", 1);
    private static final String[] TYPED = {"\r\n", "\r", "\n", "\uFEFF", "\uD800", "\uDFFF", "\0", "\uD83D\uDE00", "{", "}",
            "\"", "/*", "*/", "\t", " "};

    @Test
    void mutatedSourcesStreamedAsIncrementalEditsKeepTheServerHealthy() throws Exception {
        List<SourceFile> seeds = FuzzSeeds.all();
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        int files = 0;
        int edits = 0;
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.initialize();
            for (int s = 0; s < seeds.size(); s += FILE_STRIDE) {
                SourceFile seed = seeds.get(s);
                String uri = "file:///fuzz/" + (seed.isTestCode() ? "src/test/java/" : "src/main/java/") + "F" + s + ".java";
                String where = "seed 0x" + Long.toHexString(SEED) + ", file " + seed.path();
                Map<Integer, String> textOfVersion = new ConcurrentHashMap<>();
                String text = variant(seed.text(), random);
                int version = 1;
                lsp.open(uri, version, text);
                textOfVersion.put(version, text);
                for (int e = 0; e < EDITS_PER_FILE; e++) {
                    version++;
                    List<TextDocumentContentChangeEvent> changes = new ArrayList<>();
                    String target = random.nextInt(4) == 0 ? typedInto(text, random)
                            : SourceMutators.mutate(text, random).text();
                    for (TextDocumentContentChangeEvent change : editsBetween(text, target, random)) {
                        changes.add(change);
                        text = IncrementalEditFuzzTest.Model.apply(text, change);
                    }
                    lsp.change(uri, version, changes.toArray(TextDocumentContentChangeEvent[]::new));
                    textOfVersion.put(version, text);
                    edits++;
                    if (random.nextInt(4) == 0) {
                        Thread.sleep(random.nextInt(20)); // let some analyses finish mid-stream
                    }
                }
                PublishDiagnosticsParams last = lsp.awaitVersion(uri, version);
                checkRanges(lsp, uri, textOfVersion, where, problems);
                stillAnswers(lsp, uri, last, where, problems);
                lsp.close(uri);
                files++;
            }
            for (MessageParams logged : lsp.client.logged) {
                if (logged.getType() == MessageType.Error || logged.getMessage().contains(" failed")) {
                    problems.add("seed 0x" + Long.toHexString(SEED) + ": the server logged " + logged.getType() + ": "
                            + logged.getMessage());
                }
            }
        }
        System.err.println("[fuzz] server: " + files + " files, " + edits + " edit notifications");
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems:\n" + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
        }
    }

    /** The seed as it is, or with CRLF or CR line ends, or a byte order mark. */
    private static String variant(String text, Random random) {
        String lf = text.replace("\r\n", "\n");
        return switch (random.nextInt(5)) {
            case 0 -> lf.replace("\n", "\r\n");
            case 1 -> lf.replace("\n", "\r");
            case 2 -> "\uFEFF" + text;
            default -> text;
        };
    }

    /** The text with a few odd characters typed at random places. */
    private static String typedInto(String text, Random random) {
        StringBuilder sb = new StringBuilder(text);
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            sb.insert(random.nextInt(sb.length() + 1), TYPED[random.nextInt(TYPED.length)]);
        }
        return sb.toString();
    }

    /**
     * Edits that turn {@code from} into (nearly) {@code to}: the differing middle replaced, in one
     * edit or cut in two applied back to front. Near, not exact: a position cannot point inside a
     * CRLF, so an edge there moves to the line end, and the client's text is whatever applying the
     * edits gives, computed the protocol's way.
     */
    private static List<TextDocumentContentChangeEvent> editsBetween(String from, String to, Random random) {
        int prefix = 0;
        int max = Math.min(from.length(), to.length());
        while (prefix < max && from.charAt(prefix) == to.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix && from.charAt(from.length() - 1 - suffix) == to.charAt(to.length() - 1 - suffix)) {
            suffix++;
        }
        int fromEnd = from.length() - suffix;
        String inserted = to.substring(prefix, to.length() - suffix);
        if (fromEnd - prefix >= 2 && random.nextBoolean()) {
            int cut = prefix + (fromEnd - prefix) / 2;
            int insertCut = inserted.length() / 2;
            // back to front, so the first edit's positions stay valid for the second
            return List.of(change(from, cut, fromEnd, inserted.substring(insertCut)),
                    change(from, prefix, cut, inserted.substring(0, insertCut)));
        }
        return List.of(change(from, prefix, fromEnd, inserted));
    }

    private static TextDocumentContentChangeEvent change(String text, int start, int end, String inserted) {
        Position a = IncrementalEditFuzzTest.Model.position(text, start);
        Position b = IncrementalEditFuzzTest.Model.position(text, end);
        return new TextDocumentContentChangeEvent(new Range(a, b), inserted);
    }

    private static void checkRanges(InProcessServer lsp, String uri, Map<Integer, String> textOfVersion, String where,
                                    List<String> problems) {
        for (PublishDiagnosticsParams published : lsp.client.allDiagnostics) {
            if (!published.getUri().equals(uri) || published.getVersion() == null) {
                continue;
            }
            String text = textOfVersion.get(published.getVersion());
            if (text == null) {
                problems.add(where + ": diagnostics for version " + published.getVersion() + ", which was never sent");
                continue;
            }
            int[] lengths = IncrementalEditFuzzTest.Model.lineLengths(text);
            for (Diagnostic d : published.getDiagnostics()) {
                if (!inside(d.getRange().getStart(), lengths) || !inside(d.getRange().getEnd(), lengths)) {
                    problems.add(where + ": " + d.getCode().getLeft() + " at " + d.getRange() + " outside version "
                            + published.getVersion() + " (" + lengths.length + " lines)");
                }
            }
        }
    }

    private static void stillAnswers(InProcessServer lsp, String uri, PublishDiagnosticsParams last, String where,
                                     List<String> problems) {
        try {
            Position at = last.getDiagnostics().isEmpty() ? new Position(0, 0)
                    : last.getDiagnostics().get(0).getRange().getStart();
            lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), at))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Range range = last.getDiagnostics().isEmpty() ? new Range(at, at) : last.getDiagnostics().get(0).getRange();
            lsp.server.getTextDocumentService().codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), range,
                    new CodeActionContext(last.getDiagnostics()))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            problems.add(where + ": hover or code action failed: " + e);
        }
    }

    private static boolean inside(Position p, int[] lengths) {
        return p.getLine() >= 0 && p.getLine() < lengths.length
                && p.getCharacter() >= 0 && p.getCharacter() <= lengths[p.getLine()];
    }
}
