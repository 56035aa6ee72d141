package dev.seclens.rules;

/** A place that explains a finding, such as where the offending value came from. */
public record RelatedLocation(SourceRange range, String message) {
}
