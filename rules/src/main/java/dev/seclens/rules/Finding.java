package dev.seclens.rules;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** One defect a rule found in one file. */
public record Finding(
        RuleMetadata rule,
        SourceRange range,
        String message,
        Severity severity,
        Confidence confidence,
        List<RelatedLocation> related,
        Optional<Fix> fix) {

    /** Order of findings in every output: by position, then rule id, then message. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::range)
            .thenComparing(f -> f.rule().id())
            .thenComparing(Finding::message);

    public Finding {
        related = List.copyOf(related);
    }

    public String ruleId() {
        return rule.id();
    }
}
