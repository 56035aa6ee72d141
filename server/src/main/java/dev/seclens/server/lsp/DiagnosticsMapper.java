package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.SyntaxProblem;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticCodeDescription;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** An {@link Analysis} in protocol terms: one diagnostic per syntax problem and per finding. */
final class DiagnosticsMapper {
    static final String SOURCE = "seclens";
    static final String SYNTAX_ERROR_CODE = "java/syntax-error";
    static final String SYNTAX_ERROR_PREFIX = "SecLens could not parse this part, so it was not checked: ";
    static final String INCOMPLETE_CODE = "seclens/incomplete-analysis";
    /**
     * LSP has one severity above Warning, so critical findings, which also show as errors, say so in
     * their first word: that is what every client's list and hover shows.
     */
    static final String CRITICAL_PREFIX = "Critical: ";

    private DiagnosticsMapper() {
    }

    static List<Diagnostic> diagnostics(String uri, Analysis analysis) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        analysis.incomplete().ifPresent(reason -> diagnostics.add(incomplete(reason)));
        for (SyntaxProblem problem : analysis.syntaxProblems()) {
            diagnostics.add(syntaxProblem(problem));
        }
        for (Finding finding : analysis.findings()) {
            diagnostics.add(finding(uri, finding));
        }
        return diagnostics;
    }

    /** A related location's file, as the editor's URI for it (the server analyses documents by absolute path). */
    private static String uriOf(String path) {
        try {
            return java.nio.file.Path.of(path).toAbsolutePath().toUri().toString();
        } catch (RuntimeException e) {
            return path;
        }
    }

    /** The findings alone, without syntax problems or the incomplete-analysis note. */
    static List<Diagnostic> findings(String uri, Analysis analysis) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Finding finding : analysis.findings()) {
            diagnostics.add(finding(uri, finding));
        }
        return diagnostics;
    }

    static Diagnostic finding(String uri, Finding finding) {
        String message = finding.severity() == Severity.CRITICAL ? CRITICAL_PREFIX + finding.message() : finding.message();
        Diagnostic diagnostic = new Diagnostic(range(finding.range()), message,
                severity(finding.severity()), SOURCE, finding.ruleId());
        diagnostic.setCodeDescription(new DiagnosticCodeDescription(finding.rule().docUri()));
        if (!finding.related().isEmpty()) {
            List<DiagnosticRelatedInformation> related = new ArrayList<>();
            for (RelatedLocation location : finding.related()) {
                String where = location.isInAnotherFile() ? uriOf(location.file()) : uri;
                related.add(new DiagnosticRelatedInformation(new Location(where, range(location.range())),
                        location.message()));
            }
            diagnostic.setRelatedInformation(related);
        }
        return diagnostic;
    }

    /**
     * A Warning, not an Error: the Java tooling in the editor already reports the syntax error as an
     * error; SecLens only says that its checks skipped this part.
     */
    static Diagnostic syntaxProblem(SyntaxProblem problem) {
        return new Diagnostic(range(problem.range()),
                SYNTAX_ERROR_PREFIX + problem.message(), DiagnosticSeverity.Warning, SOURCE, SYNTAX_ERROR_CODE);
    }

    /**
     * An Information at the top of the file saying why its diagnostics are partial or missing (the
     * time budget ran out, the file is too large), so silence is not mistaken for a clean file.
     */
    static Diagnostic incomplete(String reason) {
        return new Diagnostic(new Range(new Position(0, 0), new Position(0, 0)), "SecLens: " + reason,
                DiagnosticSeverity.Information, SOURCE, INCOMPLETE_CODE);
    }

    /** Both count lines and UTF-16 columns and end exclusively; SecLens from 1, LSP from 0. */
    static Range range(SourceRange range) {
        return new Range(new Position(range.startLine() - 1, range.startColumn() - 1),
                new Position(range.endLine() - 1, range.endColumn() - 1));
    }

    static DiagnosticSeverity severity(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> DiagnosticSeverity.Error;
            case MEDIUM -> DiagnosticSeverity.Warning;
            case LOW -> DiagnosticSeverity.Information;
            case INFO -> DiagnosticSeverity.Hint;
        };
    }

    /** Ranges touch or overlap (an empty range at a finding's edge counts: a cursor there). */
    static boolean overlaps(Range a, Range b) {
        return !before(a.getEnd(), b.getStart()) && !before(b.getEnd(), a.getStart());
    }

    /** The position lies in the range, ends included. */
    static boolean contains(Range range, Position p) {
        return !before(p, range.getStart()) && !before(range.getEnd(), p);
    }

    private static boolean before(Position p, Position q) {
        return p.getLine() < q.getLine() || p.getLine() == q.getLine() && p.getCharacter() < q.getCharacter();
    }
}
