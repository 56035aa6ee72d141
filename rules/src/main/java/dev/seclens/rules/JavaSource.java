package dev.seclens.rules;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Problem;
import com.github.javaparser.Processor;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.validator.postprocessors.Java26PostProcessor;
import com.github.javaparser.ast.validator.postprocessors.PostProcessors;
import com.github.javaparser.ast.CompilationUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Java text the way every part of SecLens does: newest language level, no symbol solving. */
public final class JavaSource {
    private static final Pattern LEXICAL_POSITION = Pattern.compile("at line (\\d+), column (\\d+)");
    /** JavaParser's lexical errors: {@code Lexical error at line 11, column 34.  Encountered: "\n" (10), after : "\"abc;"}. */
    private static final Pattern LEXICAL_AFTER = Pattern.compile(
            "^Lexical error at line \\d+, column \\d+\\..*after : \"((?:[^\"\\\\]|\\\\.)*)\"");
    public static final LanguageLevel LANGUAGE_LEVEL = LanguageLevel.JAVA_26;
    private static final LongAdder PARSES = new LongAdder();
    private static final LongAdder INCREMENTAL_PARSES = new LongAdder();

    /** The recovered tree (possibly partial) and the problems the parser reported. */
    public record Parsed(Optional<CompilationUnit> unit, List<SyntaxProblem> problems) {
    }

    private JavaSource() {
    }

    /**
     * How many texts this JVM has parsed so far: parsing is most of an analysis's cost, and a scan
     * is designed to parse each file once, which tests and benchmarks check by this count.
     */
    public static long parses() {
        return PARSES.sum();
    }

    /**
     * How SecLens parses {@code text}: the newest grammar and its post-processing ({@code var}
     * becomes a {@code VarType}), without the language level's validation. Validation walks the
     * whole tree again to report code the compiler rejects (two access modifiers, a {@code try}
     * with neither {@code catch} nor {@code finally}); the compiler and the editor's Java support
     * report those, and the analysis reads the tree the same either way. Leaving it out saves a
     * fifth of a parse. The post-processing is itself a walk over every type of the tree, a tenth
     * of a parse, and only ever changes a type written {@code var}: a text without that word (most
     * files) goes without it.
     */
    public static ParserConfiguration configuration(String text) {
        // Tokens must stay stored: without them JavaParser gives nodes no source ranges.
        ParserConfiguration configuration = new ParserConfiguration().setLanguageLevel(LANGUAGE_LEVEL);
        // The level also decides the grammar (`yield`), so it stays; JavaParser runs its post-processing and its
        // validation in one processor of its own, replaced here by the post-processing alone, or by
        // JavaParser's processor that does nothing.
        if (LEVEL_PROCESSOR >= 0) {
            configuration.getProcessors().set(LEVEL_PROCESSOR,
                    writesVar(text) ? LevelPostProcessing::new : Processor::new);
        }
        return configuration;
    }

    /**
     * Whether {@code text} has the word {@code var} outside a longer identifier: a type the
     * post-processing turns into a {@code VarType} can only be written so, as JavaParser reads
     * unicode escapes as they are written.
     */
    static boolean writesVar(String text) {
        for (int at = text.indexOf("var"); at >= 0; at = text.indexOf("var", at + 3)) {
            boolean startsWord = at == 0 || !Character.isJavaIdentifierPart(text.charAt(at - 1));
            boolean endsWord = at + 3 == text.length() || !Character.isJavaIdentifierPart(text.charAt(at + 3));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where, among a configuration's processors, JavaParser keeps the one that post-processes and
     * validates a tree as the language level says (an anonymous class of its own, found once by name);
     * -1 if an upgrade of JavaParser moved it, which JavaSourceTest reports.
     */
    private static final int LEVEL_PROCESSOR = levelProcessor();

    private static int levelProcessor() {
        List<Supplier<Processor>> processors = new ParserConfiguration().getProcessors();
        for (int i = 0; i < processors.size(); i++) {
            if (processors.get(i).get().getClass().getName().equals(ParserConfiguration.class.getName() + "$2")) {
                return i;
            }
        }
        return -1;
    }

    /** What {@link #LANGUAGE_LEVEL} does to a tree after the parse, its validation apart. */
    private static final class LevelPostProcessing extends Processor {
        private final PostProcessors postProcessors = new Java26PostProcessor();

        @Override
        public void postProcess(ParseResult<? extends Node> result, ParserConfiguration configuration) {
            postProcessors.postProcess(result, configuration);
        }
    }

    /** JavaParser as its users run it: the newest level, validation included (what benchmarks compare against). */
    public static ParserConfiguration validatingConfiguration() {
        return new ParserConfiguration().setLanguageLevel(LANGUAGE_LEVEL);
    }

    /**
     * Parses {@code text}. Deeply nested input can overflow the parser's stack: callers run this on
     * a thread from {@link AnalysisThreads}, and an overflow still becomes a problem, not an error.
     */
    public static Parsed parse(String text) {
        PARSES.increment();
        return parseWhole(text);
    }

    /**
     * Parses {@code text}, an edit of {@code previousText} whose tree, complete and without
     * problems, is {@code previous}: when the edit lies inside one method's body, only that body is
     * parsed again ({@link IncrementalParse}); otherwise, or if anything about the edit is unusual,
     * the whole text is. {@code previous} keeps its nodes and positions, but an incremental parse
     * takes over its token list: it can be the base of no other edit, which then parses the whole text.
     */
    public static Parsed reparse(String text, String previousText, CompilationUnit previous) {
        PARSES.increment();
        try {
            Optional<CompilationUnit> edited = IncrementalParse.edit(previousText, previous, text);
            if (edited.isPresent()) {
                INCREMENTAL_PARSES.increment();
                return new Parsed(edited, List.of());
            }
        } catch (RuntimeException | StackOverflowError e) {
            // a tree the copy did not expect: the full parse below is always right
        }
        return parseWhole(text);
    }

    /** How many of {@link #parses()} parsed one method's body again instead of the whole text. */
    public static long incrementalParses() {
        return INCREMENTAL_PARSES.sum();
    }

    private static Parsed parseWhole(String text) {
        try {
            ParseResult<CompilationUnit> result = new JavaParser(configuration(text)).parse(text);
            List<SyntaxProblem> problems = new ArrayList<>();
            TextLines lines = TextLines.of(text);
            for (Problem p : result.getProblems()) {
                SourceRange range = p.getLocation()
                        .flatMap(l -> l.toRange())
                        .map(SourceRange::of)
                        .orElseGet(() -> positionInMessage(p.getMessage()));
                SourceRange clamped = clamp(range, lines);
                problems.add(new SyntaxProblem(firstLine(p.getMessage()), unfinishedToken(p.getMessage(), clamped)));
            }
            return new Parsed(result.getResult(), problems);
        } catch (StackOverflowError e) {
            return new Parsed(Optional.empty(), List.of(new SyntaxProblem(
                    "code is nested too deeply to parse; SecLens did not analyse this file",
                    SourceRange.point(1, 1))));
        } catch (RuntimeException e) {
            // the parser's own defects on unusual input must not take the caller down with them
            return new Parsed(Optional.empty(), List.of(new SyntaxProblem(
                    "the Java parser failed on this file (" + e.getClass().getSimpleName() + "); SecLens did not analyse it",
                    SourceRange.point(1, 1))));
        }
    }

    /**
     * The parser places problems at the end of file token, one column past the last line's end
     * (and lexical errors on the line end itself, one past that): clients reject or misplace such
     * ranges, so each end is pulled back inside the document (columns at most the line length + 1).
     */
    static SourceRange clamp(SourceRange range, TextLines text) {
        int lines = text.count();
        int startLine = Math.min(range.startLine(), lines);
        int startColumn = range.startLine() > lines ? text.length(startLine) + 1
                : Math.min(range.startColumn(), text.length(startLine) + 1);
        int endLine = Math.min(range.endLine(), lines);
        int endColumn = range.endLine() > lines ? text.length(endLine) + 1
                : Math.min(range.endColumn(), text.length(endLine) + 1);
        if (endLine == startLine && endColumn < startColumn) {
            endColumn = startColumn;
        }
        return new SourceRange(startLine, startColumn, endLine, endColumn);
    }

    /**
     * A lexical error is reported where the lexer gave up (the end of the line, for an unterminated
     * string); the token it could not finish, which the message quotes after "after :", starts
     * earlier on that line: the problem covers that token, from its first character, so the editor,
     * the scan report and every other front end point at the same place.
     */
    static SourceRange unfinishedToken(String message, SourceRange where) {
        Matcher m = LEXICAL_AFTER.matcher(message);
        if (!m.find()) {
            return where;
        }
        String token = m.group(1).replaceAll("\\\\(.)", "$1");
        int end = where.startColumn();
        int start = end - token.length();
        if (token.isEmpty() || start < 1 || token.contains("\n")) {
            return where;
        }
        return new SourceRange(where.startLine(), start, where.startLine(), end);
    }

    /** Lexical errors carry their position only in the text: "Lexical error at line 3, column 17." */
    private static SourceRange positionInMessage(String message) {
        Matcher m = LEXICAL_POSITION.matcher(message);
        if (m.find()) {
            int line = Math.max(1, Integer.parseInt(m.group(1)));
            int column = Math.max(1, Integer.parseInt(m.group(2)));
            return new SourceRange(line, column, line, column + 1);
        }
        return SourceRange.point(1, 1);
    }

    /**
     * The parser's first line, without the list of every token it would have accepted (often fifty,
     * which buries what was found); a single expected token is kept.
     */
    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = (nl < 0 ? message : message.substring(0, nl)).trim();
        int list = line.indexOf(", expected one of ");
        return list < 0 ? line : line.substring(0, list);
    }
}
