package dev.seclens.rules;

/** A finding that a suppression matched: kept for reports that list them, never published as a defect. */
public record SuppressedFinding(Finding finding, Suppression suppression) {
}
