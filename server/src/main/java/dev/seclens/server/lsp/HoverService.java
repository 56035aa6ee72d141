package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RuleMetadata;
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
 * analysis of the current text; before that analysis finishes there is nothing to say.
 */
final class HoverService {
    private final DocumentStore store;

    HoverService(DocumentStore store) {
        this.store = store;
    }

    Optional<Hover> hover(String uri, Position position) {
        Analysis analysis = store.get(uri).filter(TextDocument::inSync).map(TextDocument::analysis).orElse(null);
        if (analysis == null) {
            return Optional.empty();
        }
        List<Finding> here = new ArrayList<>();
        for (Finding finding : analysis.findings()) {
            if (DiagnosticsMapper.contains(DiagnosticsMapper.range(finding.range()), position)) {
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
                .append(finding.confidence().label()).append(" confidence");
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
