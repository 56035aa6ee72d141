package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextLines;
import dev.seclens.server.RuleDocs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/**
 * Hover over a finding, short enough for an echo area: the message, the flow, severity and CWE,
 * one sentence of why it matters, and how to open the rule's full documentation (the
 * {@value RuleDocCommand#COMMAND} command, answered from the jar, no network). Answers from the last
 * analysis of the current text; while the text is being analysed again after an edit, from the
 * analysis before, for the findings whose lines the edit left as they were, so that a hover over
 * a diagnostic the editor still shows is not empty.
 */
final class HoverService {
    private final DocumentStore store;

    HoverService(DocumentStore store) {
        this.store = store;
    }

    Optional<Hover> hover(String uri, Position position) {
        TextDocument document = store.get(uri).filter(TextDocument::inSync).orElse(null);
        Analysis analysis = document == null ? null : document.lastAnalysis();
        if (analysis == null) {
            return Optional.empty();
        }
        // an analysis of an earlier text still answers for a finding whose code the edits left where it was
        TextLines current = TextLines.of(document.text());
        TextLines analysed = analysis.file() == document.file() ? current : TextLines.of(analysis.file().text());
        List<Finding> here = new ArrayList<>();
        for (Finding finding : analysis.findings()) {
            if (DiagnosticsMapper.contains(DiagnosticsMapper.range(finding.range()), position)
                    && (analysed == current || sameCode(finding.range(), analysed, current))) {
                here.add(finding);
            }
        }
        if (here.isEmpty()) {
            return Optional.empty();
        }
        String markdown = here.stream().map(HoverService::describe).collect(Collectors.joining("\n\n---\n\n"));
        return Optional.of(new Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown),
                DiagnosticsMapper.range(here.get(0).range())));
    }

    /** Whether the range covers the same code, on the same lines, in both texts (each line of it whole). */
    private static boolean sameCode(SourceRange range, TextLines before, TextLines now) {
        if (range.endLine() > before.count() || range.endLine() > now.count()) {
            return false;
        }
        for (int line = range.startLine(); line <= range.endLine(); line++) {
            if (!before.line(line).equals(now.line(line))) {
                return false;
            }
        }
        return true;
    }

    static String describe(Finding finding) {
        RuleMetadata rule = finding.rule();
        StringBuilder text = new StringBuilder();
        text.append("**SecLens: ").append(rule.title()).append("** (`").append(rule.id()).append("`)\n\n")
                .append(finding.message()).append('\n');
        finding.related().forEach(r -> text.append("\n- line ").append(r.range().startLine()).append(": ")
                .append(r.message()));
        if (!finding.related().isEmpty()) {
            text.append('\n');
        }
        text.append("\n**").append(capitalised(finding.severity().label())).append("** severity, ")
                .append(finding.confidence().label()).append(" confidence")
                .append(finding.threatModel().isEmpty() ? "" : ", threat model " + finding.threatModel());
        rule.cwe().forEach(c -> text.append(" · [CWE-").append(c).append("](https://cwe.mitre.org/data/definitions/")
                .append(c).append(".html)"));
        text.append('\n');
        String doc = rule.documentation();
        Optional<String> why = doc == null ? Optional.empty()
                : RuleDocs.firstParagraph(doc, RuleDocs.WHY).map(RuleDocs::firstSentence);
        why.ifPresent(sentence -> text.append("\n*Why it matters:* ").append(sentence).append('\n'));
        text.append("\nFull documentation: *SecLens: Show rule documentation* (`")
                .append(RuleDocCommand.COMMAND).append(' ').append(rule.id()).append("`)");
        return text.toString();
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
