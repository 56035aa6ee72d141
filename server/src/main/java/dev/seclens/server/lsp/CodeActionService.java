package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.FixApplication;
import dev.seclens.rules.TextEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Quick fixes for the findings under a range, each followed by the ways to suppress it
 * ({@link SuppressionActions}). Computed from the document and the diagnostics'
 * code and range alone (some clients send nothing else back), on the current text.
 */
final class CodeActionService {
    private final DocumentStore store;
    private final Analyzer analyzer;
    private final Executor executor;

    CodeActionService(DocumentStore store, Analyzer analyzer, Executor executor) {
        this.store = store;
        this.analyzer = analyzer;
        this.executor = executor;
    }

    CompletableFuture<List<CodeAction>> quickFixes(String uri, Range range, List<Diagnostic> diagnostics) {
        Optional<TextDocument> document = store.get(uri).filter(d -> d.java() && d.inSync());
        if (document.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        TextDocument doc = document.get();
        CompletableFuture<Analysis> analysis = doc.analysis() != null
                ? CompletableFuture.completedFuture(doc.analysis())
                : CompletableFuture.supplyAsync(() -> analyzer.analyze(doc.file()), executor);
        return analysis.thenApply(a -> actions(uri, a, range, diagnostics));
    }

    private static List<CodeAction> actions(String uri, Analysis analysis, Range range, List<Diagnostic> diagnostics) {
        List<CodeAction> actions = new ArrayList<>();
        if (analysis.unit().isEmpty()) {
            return actions;
        }
        for (Finding finding : analysis.findings()) {
            Range findingRange = DiagnosticsMapper.range(finding.range());
            List<Diagnostic> fixed = diagnostics.stream()
                    .filter(d -> d.getCode() != null && finding.ruleId().equals(d.getCode().get())
                            && overlaps(d.getRange(), findingRange))
                    .toList();
            if (fixed.isEmpty() && !(diagnostics.isEmpty() && overlaps(range, findingRange))) {
                continue;
            }
            List<Diagnostic> matched = fixed.isEmpty() ? List.of(DiagnosticsMapper.finding(uri, finding)) : fixed;
            if (finding.fix().isEmpty()) {
                actions.addAll(SuppressionActions.forFinding(uri, analysis, finding, matched));
                continue;
            }
            List<org.eclipse.lsp4j.TextEdit> edits = new ArrayList<>();
            for (TextEdit edit : FixApplication.edits(finding.fix().get(), analysis.unit().get())) {
                edits.add(new org.eclipse.lsp4j.TextEdit(DiagnosticsMapper.range(edit.range()), edit.newText()));
            }
            CodeAction action = new CodeAction(finding.fix().get().title());
            action.setKind(CodeActionKind.QuickFix);
            action.setIsPreferred(true);
            action.setDiagnostics(fixed.isEmpty() ? List.of(DiagnosticsMapper.finding(uri, finding)) : fixed);
            action.setEdit(new WorkspaceEdit(Map.of(uri, edits)));
            actions.add(action);
            actions.addAll(SuppressionActions.forFinding(uri, analysis, finding, matched));
        }
        return actions;
    }

    /** Ranges touch or overlap (an empty range at a finding's edge counts: a cursor there). */
    private static boolean overlaps(Range a, Range b) {
        return !before(a.getEnd(), b.getStart()) && !before(b.getEnd(), a.getStart());
    }

    private static boolean before(org.eclipse.lsp4j.Position p, org.eclipse.lsp4j.Position q) {
        return p.getLine() < q.getLine() || p.getLine() == q.getLine() && p.getCharacter() < q.getCharacter();
    }
}
