package dev.seclens.server.lsp;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import dev.seclens.rules.Analysis;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextLines;
import dev.seclens.rules.Suppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * The ways to silence a finding from the editor, offered next to its quick fix (kind quickfix,
 * never preferred): a {@code // seclens-ignore} comment on its line, a
 * {@code @SuppressWarnings("seclens:RULE")} on its method, an entry in the ignore file (a command:
 * {@link AcceptFindingService}), and, where the client can edit {@code .seclens.json}, turning the
 * whole rule off there (a command: {@link DisableRuleService}).
 */
final class SuppressionActions {
    static final String ACCEPT_COMMAND = "seclens.acceptFinding";
    /** An existing trailing ignore comment: the rule list ends where a new id is added. */
    private static final Pattern LINE_COMMENT = Pattern.compile(
            "//\\s*seclens-ignore(?=\\s|$)(\\s*(?:[A-Za-z][\\w./-]*)(?:\\s*,\\s*[A-Za-z][\\w./-]*)*)?");

    private SuppressionActions() {
    }

    static List<CodeAction> forFinding(String uri, Analysis analysis, Finding finding, List<Diagnostic> diagnostics) {
        return forFinding(uri, analysis, finding, diagnostics, false);
    }

    /** @param offerDisable whether the client can edit the document's {@code .seclens.json} */
    static List<CodeAction> forFinding(String uri, Analysis analysis, Finding finding, List<Diagnostic> diagnostics,
                                       boolean offerDisable) {
        List<CodeAction> actions = new ArrayList<>();
        String rule = finding.ruleId();
        if (analysis.unit().isPresent()) { // a // comment belongs in Java only, not in a build file
            actions.add(action("Ignore " + rule + " on this line", diagnostics,
                    new WorkspaceEdit(Map.of(uri, List.of(lineEdit(analysis.file().text(), finding))))));
        }
        analysis.unit().flatMap(unit -> methodEdits(unit, analysis.file().text(), finding)).ifPresent(edits ->
                actions.add(action("Ignore " + rule + " in this method", diagnostics,
                        new WorkspaceEdit(Map.of(uri, edits)))));
        String fingerprint = analysis.fingerprint(finding);
        if (!fingerprint.isEmpty()) {
            CodeAction accept = action("Accept this finding (record in .seclens/ignored.json)", diagnostics, null);
            accept.setCommand(new Command(accept.getTitle(), ACCEPT_COMMAND, List.of(uri, rule, fingerprint)));
            actions.add(accept);
        }
        if (offerDisable) {
            CodeAction disable = action("Disable " + rule + " in .seclens.json", diagnostics, null);
            disable.setCommand(new Command(disable.getTitle(), DisableRuleService.COMMAND, List.of(uri, rule)));
            actions.add(disable);
        }
        return actions;
    }

    private static CodeAction action(String title, List<Diagnostic> diagnostics, WorkspaceEdit edit) {
        CodeAction action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setIsPreferred(false);
        action.setDiagnostics(diagnostics);
        if (edit != null) {
            action.setEdit(edit);
        }
        return action;
    }

    /** Extends an existing {@code // seclens-ignore} on the line, else appends one. */
    static TextEdit lineEdit(String text, Finding finding) {
        int line = finding.range().startLine();
        String lineText = TextLines.of(text).line(line);
        Matcher m = LINE_COMMENT.matcher(lineText);
        if (m.find()) {
            boolean hasRules = m.group(1) != null && !m.group(1).isBlank();
            int at = m.end();
            return insert(line, at, hasRules ? ", " + finding.ruleId() : " " + finding.ruleId());
        }
        int end = lineText.stripTrailing().length();
        return insert(line, end, " // seclens-ignore " + finding.ruleId());
    }

    /**
     * Adds {@code "seclens:RULE"} to the enclosing method's or constructor's
     * {@code @SuppressWarnings}, keeping its values, or adds the annotation on a line of its own
     * with the method's indentation. Empty outside methods or for an annotation it cannot extend.
     */
    static Optional<List<TextEdit>> methodEdits(CompilationUnit unit, String text, Finding finding) {
        SourceRange at = SourceRange.point(finding.range().startLine(), finding.range().startColumn());
        CallableDeclaration<?> method = null;
        for (CallableDeclaration<?> c : unit.findAll(CallableDeclaration.class)) {
            if (c.getRange().isPresent() && contains(SourceRange.of(c), at)) {
                method = c; // pre-order: the last match is the innermost
            }
        }
        if (method == null) {
            return Optional.empty();
        }
        String value = "\"" + Suppressions.ANNOTATION_PREFIX + finding.ruleId() + "\"";
        Optional<AnnotationExpr> existing = method.getAnnotations().stream()
                .filter(a -> a.getNameAsString().equals("SuppressWarnings")
                        || a.getNameAsString().equals("java.lang.SuppressWarnings"))
                .findFirst();
        if (existing.isEmpty()) {
            SourceRange start = SourceRange.of(method);
            String lineText = TextLines.of(text).line(start.startLine());
            String indent = lineText.substring(0, lineText.length() - lineText.stripLeading().length());
            return Optional.of(List.of(insert(start.startLine(), start.startColumn() - 1,
                    "@SuppressWarnings(" + value + ")\n" + indent)));
        }
        Expression current = null;
        if (existing.get() instanceof SingleMemberAnnotationExpr single) {
            current = single.getMemberValue();
        } else if (existing.get() instanceof NormalAnnotationExpr normal) {
            current = normal.getPairs().stream().filter(p -> p.getNameAsString().equals("value"))
                    .map(MemberValuePair::getValue).findFirst().orElse(null);
        }
        if (current == null || current.getRange().isEmpty()) {
            return Optional.empty();
        }
        SourceRange range = SourceRange.of(current);
        if (current instanceof ArrayInitializerExpr array) {
            // before the closing brace, which the range's last character is
            String added = array.getValues().isEmpty() ? value : ", " + value;
            return Optional.of(List.of(insert(range.endLine(), range.endColumn() - 2, added)));
        }
        return Optional.of(List.of(
                insert(range.startLine(), range.startColumn() - 1, "{"),
                insert(range.endLine(), range.endColumn() - 1, ", " + value + "}")));
    }

    private static boolean contains(SourceRange outer, SourceRange point) {
        return outer.compareTo(point) <= 0 && (point.startLine() < outer.endLine()
                || point.startLine() == outer.endLine() && point.startColumn() < outer.endColumn());
    }

    /** An insertion at a 1-based line and a 0-based UTF-16 column. */
    private static TextEdit insert(int line, int column, String newText) {
        org.eclipse.lsp4j.Position p = new org.eclipse.lsp4j.Position(line - 1, column);
        return new TextEdit(new org.eclipse.lsp4j.Range(p, p), newText);
    }
}
