package dev.seclens.server.cli;

import dev.seclens.rules.SourceRange;
import java.util.Optional;

/**
 * Something that makes a file's findings less complete than usual, though the file was analysed:
 * the parser had to recover, bytes were not UTF-8, a rule threw, or the time budget ran out.
 */
record ScanWarning(String path, Kind kind, String message, Optional<SourceRange> range, Optional<String> ruleId) {

    enum Kind {
        SYNTAX_ERROR("syntax-error"),
        INVALID_UTF8("invalid-utf8"),
        RULE_FAILURE("rule-failure"),
        /** The time budget stopped the rules: the findings are those of the rules that completed. */
        INCOMPLETE("incomplete-analysis");

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
