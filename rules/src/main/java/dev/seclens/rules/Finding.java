package dev.seclens.rules;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One defect a rule found in one file.
 *
 * @param threatModel for a taint finding, the threat model of the source that decided it ({@code remote},
 *                    {@code local}, {@code database}); empty for other findings
 * @param otherFlows  for a taint finding reached from several sources, the path of each other source
 *                    (source first), as {@code related} holds the deciding one's; empty otherwise
 */
public record Finding(
        RuleMetadata rule,
        SourceRange range,
        String message,
        Severity severity,
        Confidence confidence,
        List<RelatedLocation> related,
        Optional<Fix> fix,
        String threatModel,
        List<List<RelatedLocation>> otherFlows) {

    /** Order of findings in every output: by position, then rule id, then message. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::range)
            .thenComparing(f -> f.rule().id())
            .thenComparing(Finding::message);

    /** A finding that does not come from a taint flow. */
    public Finding(RuleMetadata rule, SourceRange range, String message, Severity severity, Confidence confidence,
                   List<RelatedLocation> related, Optional<Fix> fix) {
        this(rule, range, message, severity, confidence, related, fix, "", List.of());
    }

    public Finding {
        related = List.copyOf(related);
        otherFlows = otherFlows.stream().map(List::copyOf).toList();
    }

    public String ruleId() {
        return rule.id();
    }
}
