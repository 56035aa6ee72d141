package dev.seclens.rules;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses Java text the way every part of SecLens does: newest language level, no symbol solving. */
public final class JavaSource {
    public static final LanguageLevel LANGUAGE_LEVEL = LanguageLevel.JAVA_21;

    /** The recovered tree (possibly partial) and the problems the parser reported. */
    public record Parsed(Optional<CompilationUnit> unit, List<SyntaxProblem> problems) {
    }

    private JavaSource() {
    }

    public static ParserConfiguration configuration() {
        // JavaParser derives every node's and problem's range from its tokens: without stored
        // tokens nothing has a position, and rules could report nothing.
        return new ParserConfiguration()
                .setLanguageLevel(LANGUAGE_LEVEL)
                .setStoreTokens(true);
    }

    /**
     * Parses {@code text}. Deeply nested input can overflow the parser's stack: callers run this on
     * a thread from {@link AnalysisThreads}, and an overflow still becomes a problem, not an error.
     */
    public static Parsed parse(String text) {
        try {
            ParseResult<CompilationUnit> result = new JavaParser(configuration()).parse(text);
            List<SyntaxProblem> problems = new ArrayList<>();
            for (Problem p : result.getProblems()) {
                SourceRange range = p.getLocation()
                        .flatMap(l -> l.toRange())
                        .map(SourceRange::of)
                        .orElse(SourceRange.point(1, 1));
                problems.add(new SyntaxProblem(firstLine(p.getMessage()), range));
            }
            return new Parsed(result.getResult(), problems);
        } catch (StackOverflowError e) {
            return new Parsed(Optional.empty(), List.of(new SyntaxProblem(
                    "code is nested too deeply to parse; SecLens did not analyse this file",
                    SourceRange.point(1, 1))));
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
