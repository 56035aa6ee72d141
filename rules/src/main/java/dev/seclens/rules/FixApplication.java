package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.PackageDeclaration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Turns a {@link Fix} into the complete text edits for a document, and applies edits to text. */
public final class FixApplication {
    private FixApplication() {
    }

    /** The fix's edits plus an import line for each type the file does not import yet. */
    public static List<TextEdit> edits(Fix fix, CompilationUnit unit) {
        List<TextEdit> edits = new ArrayList<>(fix.edits());
        for (String type : fix.imports()) {
            if (!isImported(unit, type)) {
                edits.add(importEdit(unit, type));
            }
        }
        return edits;
    }

    /** The fix's complete edits for the document {@code analysis} read: imports only where it is Java. */
    public static List<TextEdit> edits(Fix fix, Analysis analysis) {
        return analysis.unit().map(unit -> edits(fix, unit)).orElse(fix.edits());
    }

    private static boolean isImported(CompilationUnit unit, String type) {
        String pkg = type.substring(0, type.lastIndexOf('.'));
        if (pkg.equals("java.lang") || unit.getPackageDeclaration().map(p -> p.getNameAsString().equals(pkg)).orElse(false)) {
            return true;
        }
        return unit.getImports().stream().anyMatch(i -> !i.isStatic()
                && (i.isAsterisk() ? i.getNameAsString().equals(pkg) : i.getNameAsString().equals(type)));
    }

    /** After the last import, else after the package line, else at the top. */
    private static TextEdit importEdit(CompilationUnit unit, String type) {
        String line = "import " + type + ";";
        Optional<ImportDeclaration> last = unit.getImports().stream()
                .filter(i -> i.getEnd().isPresent())
                .max(Comparator.comparing(i -> i.getEnd().get()));
        if (last.isPresent()) {
            int after = last.get().getEnd().get().line;
            return new TextEdit(SourceRange.point(after + 1, 1), line + "\n");
        }
        Optional<PackageDeclaration> pkg = unit.getPackageDeclaration().filter(p -> p.getEnd().isPresent());
        if (pkg.isPresent()) {
            int after = pkg.get().getEnd().get().line;
            return new TextEdit(SourceRange.point(after + 1, 1), "\n" + line + "\n");
        }
        return new TextEdit(SourceRange.point(1, 1), line + "\n\n");
    }

    /** Applies non-overlapping edits (ranges refer to the original text) and returns the new text. */
    public static String apply(String text, List<TextEdit> edits) {
        List<TextEdit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparing(TextEdit::range).reversed());
        StringBuilder result = new StringBuilder(text);
        TextLines lines = TextLines.of(text);
        for (TextEdit edit : ordered) {
            int start = lines.offset(edit.range().startLine(), edit.range().startColumn());
            int end = lines.offset(edit.range().endLine(), edit.range().endColumn());
            result.replace(start, end, edit.newText());
        }
        return result.toString();
    }
}
