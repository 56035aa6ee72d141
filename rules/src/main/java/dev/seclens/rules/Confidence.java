package dev.seclens.rules;

import java.util.Locale;

/** How sure a rule is that a finding is a real defect, lowest first. */
public enum Confidence {
    LOW, MEDIUM, HIGH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
