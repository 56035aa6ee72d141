package dev.seclens.tests.lsp;

import static dev.seclens.tests.lsp.InProcessServer.TIMEOUT;
import static dev.seclens.tests.lsp.InProcessServer.edit;
import static org.junit.jupiter.api.Assertions.fail;
import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.SyntaxProblem;
import dev.seclens.rules.TextLines;
import dev.seclens.tests.cli.SeclensJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;

/**
 * A deterministic stream of random incremental edits (valid, out of range, overlapping within one
 * notification), interleaved with code action and hover requests, against the real server with the
 * built-in rules. The server must keep answering, every diagnostic it publishes must lie inside the
 * text of the version it names, and after a final full-text change its diagnostics must be exactly
 * those of a direct analysis of that text.
 */
class IncrementalEditFuzzTest {
    static final long SEED = Long.getLong("seclens.fuzz.seed", 0x5EC1E45L);
    static final int EDITS = Integer.getInteger("seclens.fuzz.edits", 300);
    private static final String URI = "file:///work/fuzz/src/main/java/demo/UserDao.java";
    private static final String PATH = Path.of(java.net.URI.create(URI)).toString();
    private static final String[] SNIPPETS = {"{", "}", "(", ")", "\"", "'", ";", "\n", "\r\n", "\r", "\t",
            "\uD800", "\uDFFF", "\uD83D\uDE00", "é", "\0", "\uFEFF", "/*", "*/", "//", " + id + ",
            "MessageDigest.getInstance(\"MD5\");", "new java.util.Random().nextLong()", "String password = \"hunter22\";",
            "stmt.executeQuery(\"select * from t where id = \" + id);", "class X {", "void f() {", "x".repeat(300)};

    static final int ROUNDS = Integer.getInteger("seclens.fuzz.rounds", 1);

    @Test
    void randomEditsKeepTheServerAnsweringAndInAgreementWithTheAnalyzer() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            run(SEED + round);
        }
    }

    private static void run(long randomSeed) throws Exception {
        Path fixture = SeclensJar.repositoryRoot().resolve("rules/src/test/resources/fixtures/sql-injection/UserDao.java");
        String text = Files.readString(fixture, StandardCharsets.UTF_8);
        Random random = new Random(randomSeed);
        String seed = "seed 0x" + Long.toHexString(randomSeed);
        Map<Integer, String> textOfVersion = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> requests = new ArrayList<>();
        try (InProcessServer lsp = new InProcessServer(Analyzer.withBuiltInRules())) {
            lsp.initialize();
            int version = 1;
            lsp.open(URI, version, text);
            textOfVersion.put(version, text);
            boolean inSync = true;
            java.util.Deque<TextDocumentContentChangeEvent> undo = new java.util.ArrayDeque<>();
            for (int i = 0; i < EDITS; i++) {
                version++;
                int kind = random.nextInt(40);
                if (kind == 0) {
                    // out of range or reversed: the server must notice, not guess
                    lsp.change(URI, version, invalidEdit(text, random));
                    inSync = false;
                } else if (!inSync && kind < 8) {
                    lsp.change(URI, version, new TextDocumentContentChangeEvent(text));
                    inSync = true;
                    textOfVersion.put(version, text);
                } else if (!undo.isEmpty() && random.nextInt(20) < 12) {
                    // undo the last edit, as a user does: keeps the text near the fixture, findings and all
                    TextDocumentContentChangeEvent inverse = undo.pop();
                    text = Model.apply(text, inverse);
                    lsp.change(URI, version, inverse);
                    if (inSync) {
                        textOfVersion.put(version, text);
                    }
                } else {
                    // one to three edits in one notification, each on the result of the previous; they may overlap
                    int n = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
                    TextDocumentContentChangeEvent[] changes = new TextDocumentContentChangeEvent[n];
                    for (int c = 0; c < n; c++) {
                        changes[c] = validEdit(text, random);
                        int start = Model.offset(text, changes[c].getRange().getStart());
                        int end = Model.offset(text, changes[c].getRange().getEnd());
                        String removed = text.substring(start, end);
                        text = Model.apply(text, changes[c]);
                        Position from = Model.position(text, start);
                        Position to = Model.position(text, start + changes[c].getText().length());
                        undo.push(edit(from.getLine(), from.getCharacter(), to.getLine(), to.getCharacter(), removed));
                    }
                    lsp.change(URI, version, changes);
                    if (inSync) {
                        textOfVersion.put(version, text);
                    }
                }
                requests(lsp, text, random, requests);
                if (random.nextInt(12) == 0) {
                    Thread.sleep(random.nextInt(30)); // let some analyses finish mid-stream
                }
            }
            // undo everything still undoable, edit by edit: the text comes back near the fixture, so the
            // server's copy, built by incremental edits alone, is checked on a text with findings
            String broken = text;
            if (!inSync) {
                version++;
                lsp.change(URI, version, new TextDocumentContentChangeEvent(text));
                textOfVersion.put(version, text);
            }
            while (!undo.isEmpty()) {
                version++;
                TextDocumentContentChangeEvent inverse = undo.pop();
                text = Model.apply(text, inverse);
                lsp.change(URI, version, inverse);
                textOfVersion.put(version, text);
                requests(lsp, text, random, requests);
                if (random.nextInt(10) == 0) {
                    Thread.sleep(random.nextInt(20));
                }
            }
            PublishDiagnosticsParams undone = lsp.awaitVersion(URI, version);
            compare(seed + ": after the incremental edits", expected(text), actual(undone, text), text);
            int[] undoneLines = Model.lineLengths(text);
            for (Diagnostic d : undone.getDiagnostics()) {
                List<Either<Command, CodeAction>> actions = lsp.server.getTextDocumentService().codeAction(
                        new CodeActionParams(new TextDocumentIdentifier(URI), d.getRange(), new CodeActionContext(List.of(d))))
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                for (Either<Command, CodeAction> action : actions) {
                    WorkspaceEdit edit = action.isRight() ? action.getRight().getEdit() : null;
                    if (edit == null || edit.getChanges() == null || edit.getChanges().get(URI) == null) {
                        continue;
                    }
                    for (TextEdit e : edit.getChanges().get(URI)) {
                        if (!inside(e.getRange().getStart(), undoneLines) || !inside(e.getRange().getEnd(), undoneLines)) {
                            fail(seed + ": code action '" + action.getRight().getTitle() + "' edits " + describe(e.getRange())
                                    + ", outside the document");
                        }
                    }
                }
            }

            text = broken;
            version++;
            lsp.change(URI, version, new TextDocumentContentChangeEvent(text));
            textOfVersion.put(version, text);
            PublishDiagnosticsParams last = lsp.awaitVersion(URI, version);

            for (CompletableFuture<?> request : requests) {
                try {
                    request.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    fail(seed + ": a code action or hover request failed: " + e.getCause(), e.getCause());
                }
            }
            // still answering after the stream
            lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(URI),
                    new Position(0, 0))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            compare(seed + ": after the final full-text change", expected(text), actual(last, text), text);

            for (PublishDiagnosticsParams published : lsp.client.allDiagnostics) {
                if (!published.getUri().equals(URI) || published.getVersion() == null) {
                    continue;
                }
                String at = textOfVersion.get(published.getVersion());
                if (at == null) {
                    continue; // an out-of-sync version: the server publishes nothing but an empty list for it
                }
                int[] lengths = Model.lineLengths(at);
                for (Diagnostic d : published.getDiagnostics()) {
                    if (!inside(d.getRange().getStart(), lengths) || !inside(d.getRange().getEnd(), lengths)) {
                        fail(seed + ": diagnostic " + d.getCode().getLeft() + " " + describe(d.getRange())
                                + " outside version " + published.getVersion() + " (" + lengths.length + " lines)");
                    }
                }
            }
        }
    }

    /**
     * Now and then a code action request and a hover, on random places or on a published diagnostic.
     * Every draw is made whatever the server has published so far, so the stream of edits, and the
     * final text, depend on the seed alone and not on how fast the server answered.
     */
    private static void requests(InProcessServer lsp, String text, Random random, List<CompletableFuture<?>> requests) {
        if (random.nextInt(5) == 0) {
            Range range = randomRange(text, random);
            boolean onDiagnostic = random.nextBoolean();
            int which = random.nextInt(Integer.MAX_VALUE);
            boolean withContext = random.nextBoolean();
            List<Diagnostic> context = List.of();
            List<Diagnostic> recent = recentDiagnostics(lsp);
            if (!recent.isEmpty() && onDiagnostic) {
                // on a diagnostic the server published, which may be stale by now
                Diagnostic d = recent.get(which % recent.size());
                range = d.getRange();
                context = withContext ? List.of(d) : List.of();
            }
            requests.add(lsp.server.getTextDocumentService().codeAction(new CodeActionParams(
                    new TextDocumentIdentifier(URI), range, new CodeActionContext(context))));
        }
        if (random.nextInt(5) == 0) {
            Position anywhere = randomPosition(text, random);
            boolean onDiagnostic = random.nextBoolean();
            int which = random.nextInt(Integer.MAX_VALUE);
            List<Diagnostic> recent = recentDiagnostics(lsp);
            Position at = !recent.isEmpty() && onDiagnostic ? recent.get(which % recent.size()).getRange().getEnd() : anywhere;
            requests.add(lsp.server.getTextDocumentService().hover(new HoverParams(
                    new TextDocumentIdentifier(URI), at)));
        }
    }

    private static List<Diagnostic> recentDiagnostics(InProcessServer lsp) {
        List<PublishDiagnosticsParams> all = lsp.client.allDiagnostics;
        return all.isEmpty() ? List.of() : all.get(all.size() - 1).getDiagnostics();
    }

    /** The diagnostics a direct analysis of {@code text} gives, as "code range". */
    private static List<String> expected(String text) {
        Analysis direct = Analyzer.withBuiltInRules().analyze(new SourceFile(PATH, text));
        List<String> expected = new ArrayList<>();
        for (SyntaxProblem p : direct.syntaxProblems()) {
            expected.add("java/syntax-error " + lspRange(p.range()));
        }
        for (Finding f : direct.findings()) {
            expected.add(f.ruleId() + " " + lspRange(f.range()));
        }
        return expected;
    }

    /**
     * The server's diagnostics, as "code range". While a syntax error keeps the parser from building
     * a tree, the server also shows the last parsed version's findings, marked stale: a direct
     * analysis has no such memory, so those are left out then, and only then.
     */
    private static List<String> actual(PublishDiagnosticsParams published, String text) {
        boolean parsed = Analyzer.withBuiltInRules().analyze(new SourceFile(PATH, text)).unit().isPresent();
        return published.getDiagnostics().stream()
                .filter(d -> parsed || !d.getMessage().getLeft().contains(" (stale: not re-checked until the syntax error"))
                .map(d -> d.getCode().getLeft() + " " + describe(d.getRange())).toList();
    }

    private static void compare(String when, List<String> expected, List<String> actual, String text) {
        if (!expected.equals(actual)) {
            fail(when + " the server published\n  " + actual + "\nbut a direct analysis gives\n  " + expected
                    + "\nfor the text:\n" + text);
        }
    }

    private static boolean inside(Position p, int[] lengths) {
        return p.getLine() >= 0 && p.getLine() < lengths.length
                && p.getCharacter() >= 0 && p.getCharacter() <= lengths[p.getLine()];
    }

    private static String lspRange(SourceRange r) {
        return (r.startLine() - 1) + ":" + (r.startColumn() - 1) + "-" + (r.endLine() - 1) + ":" + (r.endColumn() - 1);
    }

    private static String describe(Range r) {
        return r.getStart().getLine() + ":" + r.getStart().getCharacter() + "-" + r.getEnd().getLine() + ":"
                + r.getEnd().getCharacter();
    }

    /** A range the protocol allows: a character past the line end means the line end. */
    private static TextDocumentContentChangeEvent validEdit(String text, Random random) {
        int[] lengths = Model.lineLengths(text);
        int line = random.nextInt(lengths.length);
        Position a = new Position(line, random.nextInt(lengths[line] + 3));
        Position b = random.nextInt(3) == 0 ? a : nearby(a, lengths, random);
        if (Model.before(b, a)) {
            Position t = a;
            a = b;
            b = t;
        }
        String insert = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> SNIPPETS[random.nextInt(SNIPPETS.length)];
            case 2 -> {
                StringBuilder sb = new StringBuilder();
                for (int i = random.nextInt(6); i >= 0; i--) {
                    sb.append((char) random.nextInt(0x10000));
                }
                yield sb.toString();
            }
            default -> {
                int from = random.nextInt(text.length() + 1); // copy a piece of the text
                yield text.substring(from, Math.min(text.length(), from + random.nextInt(80)));
            }
        };
        return edit(a.getLine(), a.getCharacter(), b.getLine(), b.getCharacter(), transportable(insert));
    }

    /**
     * The text as it arrives over JSON-RPC in UTF-8: a lone surrogate cannot be encoded and becomes
     * '?' on the way (the client's encoder, not the server), so the test sends what arrives. Edits
     * that split a pair inside the server's text still make lone surrogates there.
     */
    static String transportable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '?' : c);
            }
        }
        return sb.toString();
    }

    private static Position nearby(Position a, int[] lengths, Random random) {
        if (a.getLine() >= lengths.length) {
            return new Position(a.getLine() + random.nextInt(3), random.nextInt(10_000));
        }
        int line = Math.min(lengths.length - 1, a.getLine() + (random.nextBoolean() ? 0 : random.nextInt(4)));
        int character = random.nextInt(lengths[line] + 3);
        return new Position(line, character);
    }

    private static TextDocumentContentChangeEvent invalidEdit(String text, Random random) {
        int lines = Model.lineLengths(text).length;
        return switch (random.nextInt(3)) {
            case 0 -> edit(lines + 2 + random.nextInt(5), 0, lines + 3 + random.nextInt(5), 0, "x");
            case 1 -> edit(Math.min(1, lines - 1) + 1, 0, 0, 0, "reversed");
            default -> edit(0, 0, lines + 5, 0, "");
        };
    }

    private static Range randomRange(String text, Random random) {
        int[] lengths = Model.lineLengths(text);
        Position a = randomPosition(lengths, random);
        Position b = nearby(a, lengths, random);
        return Model.before(b, a) ? new Range(b, a) : new Range(a, b);
    }

    private static Position randomPosition(String text, Random random) {
        return randomPosition(Model.lineLengths(text), random);
    }

    private static Position randomPosition(int[] lengths, Random random) {
        if (random.nextInt(15) == 0) {
            // outside the document: requests may ask anywhere, and must still be answered
            return new Position(lengths.length + random.nextInt(50), random.nextInt(10_000));
        }
        int line = random.nextInt(lengths.length);
        return new Position(line, random.nextInt(lengths[line] + 3));
    }

    /** The client's copy of the text, edited by the protocol's rules, written apart from the server's. */
    static final class Model {
        private Model() {
        }

        static String apply(String text, TextDocumentContentChangeEvent change) {
            if (change.getRange() == null) {
                return change.getText();
            }
            int start = offset(text, change.getRange().getStart());
            int end = offset(text, change.getRange().getEnd());
            return text.substring(0, start) + change.getText() + text.substring(end);
        }

        static int offset(String text, Position p) {
            int[] lengths = lineLengths(text);
            if (p.getLine() >= lengths.length) {
                return text.length();
            }
            int offset = 0;
            int line = 0;
            int i = 0;
            while (line < p.getLine()) {
                char c = text.charAt(i++);
                if (c == '\r' && i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
                if (c == '\n' || c == '\r') {
                    line++;
                }
            }
            offset = i;
            return offset + Math.min(p.getCharacter(), lengths[line]);
        }

        /** The position of an offset; inside a \r\n, the line end. */
        static Position position(String text, int offset) {
            int line = 0;
            int lineStart = 0;
            int i = 0;
            while (i < offset) {
                char c = text.charAt(i);
                int next = i + (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1);
                if (c == '\n' || c == '\r') {
                    if (next > offset) {
                        break;
                    }
                    line++;
                    lineStart = next;
                }
                i = next;
            }
            return new Position(line, Math.min(offset, i) - lineStart);
        }

        static int[] lineLengths(String text) {
            TextLines lines = TextLines.of(text);
            int[] lengths = new int[lines.count()];
            for (int line = 1; line <= lengths.length; line++) {
                lengths[line - 1] = lines.length(line);
            }
            return lengths;
        }

        static boolean before(Position p, Position q) {
            return p.getLine() < q.getLine() || p.getLine() == q.getLine() && p.getCharacter() < q.getCharacter();
        }
    }
}
