package dev.seclens.rules;

import java.util.List;

/**
 * A suggested change, as a value: the client (editor or a reviewer) decides whether to apply it.
 * {@code imports} are fully qualified type names the edited code needs. A {@code structural} fix
 * rewrites several statements rather than one expression; an editor may compute its edits only
 * when the user picks it (LSP {@code codeAction/resolve}).
 */
public record Fix(String title, List<TextEdit> edits, List<String> imports, boolean structural) {
    public Fix {
        edits = List.copyOf(edits);
        imports = List.copyOf(imports);
    }

    public Fix(String title, List<TextEdit> edits, List<String> imports) {
        this(title, edits, imports, false);
    }
}
