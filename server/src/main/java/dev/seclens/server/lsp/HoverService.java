package dev.seclens.server.lsp;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Finding;
import dev.seclens.rules.RuleMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/**
 * Hover over a finding: what it is, how sure SecLens is, CWE and OWASP links, and the rule's own
 * documentation (why it matters, how to fix it). Answers from the last analysis of the current
 * text; before that analysis finishes there is nothing to say.
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

    private static String describe(Finding finding) {
        RuleMetadata rule = finding.rule();
        StringBuilder text = new StringBuilder();
        text.append("**SecLens: ").append(rule.title()).append("** (`").append(rule.id()).append("`)\n\n")
                .append(finding.message()).append("\n\n")
                .append("Severity ").append(finding.severity().label())
                .append(", confidence ").append(finding.confidence().label())
                .append(finding.threatModel().isEmpty() ? "" : ", threat model " + finding.threatModel())
                .append(" · ")
                .append(rule.cwe().stream()
                        .map(c -> "[CWE-" + c + "](https://cwe.mitre.org/data/definitions/" + c + ".html)")
                        .collect(Collectors.joining(", ")))
                .append(" · OWASP ").append(rule.owasp()).append('\n');
        finding.related().forEach(r -> text.append("\n- line ").append(r.range().startLine()).append(": ")
                .append(r.message()));
        String doc = rule.documentation();
        if (doc != null) {
            // the doc's own title repeats the rule's; its sections are what the hover adds
            int firstSection = doc.indexOf("\n## ");
            text.append("\n\n").append(firstSection < 0 ? doc : doc.substring(firstSection + 1));
        }
        return text.toString();
    }
}
