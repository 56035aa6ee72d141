package dev.seclens.rules;

import java.util.Optional;

/**
 * Why a finding is not reported: which form of suppression matched it, and the reason given, if
 * any. Comments and annotations are in the source; the ignore file is external (SARIF's terms).
 */
public record Suppression(Kind kind, Optional<String> reason) {

    public enum Kind {
        /** A trailing {@code // seclens-ignore RULE} on the finding's line. */
        LINE_COMMENT("line-comment", true),
        /** {@code // seclens-ignore-next-line RULE} on the line before. */
        NEXT_LINE_COMMENT("next-line-comment", true),
        /** {@code @SuppressWarnings("seclens:RULE")} on an enclosing declaration. */
        ANNOTATION("annotation", true),
        /** An entry in {@code .seclens/ignored.json}. */
        IGNORE_FILE("ignore-file", false);

        private final String id;
        private final boolean inSource;

        Kind(String id, boolean inSource) {
            this.id = id;
            this.inSource = inSource;
        }

        /** The name reports use for this kind. */
        public String id() {
            return id;
        }

        public boolean inSource() {
            return inSource;
        }
    }

    public Suppression {
        reason = reason.map(String::strip).filter(r -> !r.isEmpty());
    }
}
