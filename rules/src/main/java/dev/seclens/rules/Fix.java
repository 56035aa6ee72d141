package dev.seclens.rules;

import java.util.List;

/**
 * A suggested change, as a value: the client (editor or a reviewer) decides whether to apply it.
 * {@code imports} are fully qualified type names the edited code needs.
 */
public record Fix(String title, List<TextEdit> edits, List<String> imports) {
    public Fix {
        edits = List.copyOf(edits);
        imports = List.copyOf(imports);
    }
}
