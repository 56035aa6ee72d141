package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;

/**
 * Quick fixes for the findings under a range, each followed by the ways to suppress it
 * ({@link SuppressionActions}). Computed from the document and the diagnostics'
 * code and range alone (some clients send nothing else back), on the current text.
 */
final class CodeActionService {
    private final DocumentStore store;
    /** The analyzer configured for a document (its folder's specifications, the workspace's summaries). */
    private final Function<TextDocument, Analyzer> analyzers;
    private final Executor executor;
    private final FixResolution resolution;
    /** Given a document's URI, whether "Disable RULE in .seclens.json" can be offered there. */
    private final Predicate<String> disableOffered;

    CodeActionService(DocumentStore store, Function<TextDocument, Analyzer> analyzers, Executor executor,
                      FixResolution resolution, Predicate<String> disableOffered) {
        this.disableOffered = disableOffered;
        this.store = store;
        this.analyzers = analyzers;
        this.executor = executor;
        this.resolution = resolution;
    }

    CompletableFuture<List<CodeAction>> quickFixes(String uri, Range range, List<Diagnostic> diagnostics) {
        Optional<TextDocument> document = store.get(uri).filter(d -> d.analysed() && d.inSync());
        if (document.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        TextDocument doc = document.get();
        CompletableFuture<Analysis> analysis = doc.hasSyntaxTree()
                ? CompletableFuture.completedFuture(doc.analysis())
                : CompletableFuture.supplyAsync(() -> analyzers.apply(doc).analyze(doc.file()), executor);
        return analysis.thenApply(a -> actions(doc, a, range, diagnostics));
    }

    private List<CodeAction> actions(TextDocument doc, Analysis analysis, Range range, List<Diagnostic> diagnostics) {
        String uri = doc.uri();
        List<CodeAction> actions = new ArrayList<>();
        boolean offerDisable = disableOffered.test(uri);
        if (analysis.unit().isEmpty() && !BuildFileAnalyzer.isBuildFile(doc.file().path())) {
            return actions; // Java that did not parse
        }
        for (Finding finding : analysis.findings()) {
            Range findingRange = DiagnosticsMapper.range(finding.range());
            List<Diagnostic> fixed = diagnostics.stream()
                    .filter(d -> d.getCode() != null && finding.ruleId().equals(d.getCode().get())
                            && DiagnosticsMapper.overlaps(d.getRange(), findingRange))
                    .toList();
            if (fixed.isEmpty() && !(diagnostics.isEmpty() && DiagnosticsMapper.overlaps(range, findingRange))) {
                continue;
            }
            List<Diagnostic> matched = fixed.isEmpty() ? List.of(DiagnosticsMapper.finding(uri, finding)) : fixed;
            if (finding.fix().isEmpty()) {
                actions.addAll(SuppressionActions.forFinding(uri, analysis, finding, matched, offerDisable));
                continue;
            }
            CodeAction action = new CodeAction(finding.fix().get().title());
            action.setKind(CodeActionKind.QuickFix);
            action.setIsPreferred(true);
            action.setDiagnostics(matched);
            resolution.complete(action, doc, finding, analysis);
            actions.add(action);
            actions.addAll(SuppressionActions.forFinding(uri, analysis, finding, matched, offerDisable));
        }
        return actions;
    }
}
