package dev.seclens.server.cli;

import dev.seclens.rules.SourceRange;
import java.util.Optional;

/**
 * Something that makes a file's findings less complete than usual, though the file was analysed:
 * the parser had to recover, bytes were not UTF-8, or a rule threw.
 */
record ScanWarning(String path, Kind kind, String message, Optional<SourceRange> range, Optional<String> ruleId) {

    enum Kind {
        SYNTAX_ERROR("syntax-error"),
        INVALID_UTF8("invalid-utf8"),
        RULE_FAILURE("rule-failure");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The stable name JSON and SARIF use. */
        String id() {
            return id;
        }
    }
}
