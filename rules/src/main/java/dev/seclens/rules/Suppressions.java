package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import dev.seclens.rules.ast.FileIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suppressions of one file, applied by the engine after the rules ran so that every consumer
 * (editor, text, JSON, SARIF) gets the same answer. A suppression names rule ids exactly: an
 * unknown id, or a comment with none, matches nothing. The first that matches wins, in this order:
 * a {@code seclens-ignore} comment on one of the finding's lines, a
 * {@code seclens-ignore-next-line} comment on the line before its first, a
 * {@code @SuppressWarnings("seclens:RULE")} or {@code "seclens:all"} on a declaration (type,
 * method, constructor, field, local variable, parameter) enclosing it, and an ignore file entry.
 */
public final class Suppressions {
    /** {@code seclens-ignore[-next-line] ID[, ID] [-- reason]}, at the start of a comment or after a nested {@code //}. */
    public static final Pattern COMMENT = Pattern.compile(
            "(?:^|//)\\s*seclens-ignore(-next-line)?(?=\\s|$)\\s*"
                    + "((?:[A-Za-z][\\w./-]*)(?:\\s*,\\s*[A-Za-z][\\w./-]*)*)?"
                    + "(?:\\s+--\\s*((?:(?!//).)*))?");
    public static final String ANNOTATION_PREFIX = "seclens:";
    public static final String ALL = "seclens:all";

    /** One parsed comment: its rule ids, reason, and whether it is a next-line comment. */
    record CommentSuppression(int line, boolean nextLine, Set<String> rules, Optional<String> reason) {
    }

    /** The findings still reported, and the ones a suppression matched. */
    record Result(List<Finding> reported, List<SuppressedFinding> suppressed) {
    }

    private Suppressions() {
    }

    static Result apply(CompilationUnit unit, String text, List<Finding> findings, Map<Finding, String> fingerprints,
            IgnoreList ignored) {
        if (findings.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        // a comment's text is part of the file's unless unicode escapes spell it: without either in
        // the text, no comment can suppress anything, and the walk that gathers them is saved
        List<CommentSuppression> comments = text.contains("seclens-ignore") || text.contains("\\u") ? comments(unit)
                : List.of();
        List<AnnotationExpr> annotations = FileIndex.of(unit).orElseThrow().annotations().stream()
                .filter(Suppressions::isSuppressWarnings).toList();
        List<Finding> reported = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        for (Finding finding : findings) {
            Optional<Suppression> match = byComment(comments, finding)
                    .or(() -> byAnnotation(annotations, finding))
                    .or(() -> ignored.match(fingerprints.getOrDefault(finding, ""), finding.ruleId())
                            .map(e -> new Suppression(Suppression.Kind.IGNORE_FILE, e.reason())));
            if (match.isPresent()) {
                suppressed.add(new SuppressedFinding(finding, match.get()));
            } else {
                reported.add(finding);
            }
        }
        return new Result(reported, suppressed);
    }

    /** The {@code seclens-ignore} comment in {@code commentText} (a comment's content), if any. */
    static Optional<CommentSuppression> parse(int line, String commentText) {
        Matcher m = COMMENT.matcher(commentText);
        if (!m.find()) {
            return Optional.empty();
        }
        Set<String> rules = m.group(2) == null ? Set.of() : Set.copyOf(List.of(m.group(2).trim().split("\\s*,\\s*")));
        return Optional.of(new CommentSuppression(line, m.group(1) != null, rules,
                Optional.ofNullable(m.group(3))));
    }

    private static List<CommentSuppression> comments(CompilationUnit unit) {
        List<CommentSuppression> result = new ArrayList<>();
        for (Comment comment : unit.getAllComments()) {
            if (comment.getRange().isEmpty() || !comment.getContent().contains("seclens-ignore")) {
                continue;
            }
            // The last line counts: a block comment ending on the finding's line is "on" that line.
            int line = comment.getRange().get().end.line;
            parse(line, comment.getContent().replace('\n', ' ').replace('\r', ' ')).ifPresent(result::add);
        }
        return result;
    }

    private static Optional<Suppression> byComment(List<CommentSuppression> comments, Finding finding) {
        SourceRange r = finding.range();
        for (CommentSuppression c : comments) {
            if (!c.rules().contains(finding.ruleId())) {
                continue;
            }
            if (!c.nextLine() && c.line() >= r.startLine() && c.line() <= r.endLine()) {
                return Optional.of(new Suppression(Suppression.Kind.LINE_COMMENT, c.reason()));
            }
            if (c.nextLine() && c.line() + 1 == r.startLine()) {
                return Optional.of(new Suppression(Suppression.Kind.NEXT_LINE_COMMENT, c.reason()));
            }
        }
        return Optional.empty();
    }

    static boolean isSuppressWarnings(AnnotationExpr annotation) {
        String name = annotation.getNameAsString();
        return name.equals("SuppressWarnings") || name.equals("java.lang.SuppressWarnings");
    }

    private static Optional<Suppression> byAnnotation(List<AnnotationExpr> annotations, Finding finding) {
        for (AnnotationExpr annotation : annotations) {
            Node target = annotation.getParentNode().orElse(null);
            if (!(target instanceof BodyDeclaration<?> || target instanceof VariableDeclarationExpr
                    || target instanceof Parameter) || target.getRange().isEmpty()) {
                continue;
            }
            SourceRange covered = SourceRange.of(target);
            SourceRange at = finding.range();
            boolean inside = covered.compareTo(SourceRange.point(at.startLine(), at.startColumn())) <= 0
                    && (at.startLine() < covered.endLine()
                    || at.startLine() == covered.endLine() && at.startColumn() < covered.endColumn());
            if (!inside) {
                continue;
            }
            List<String> values = values(annotation);
            if (values.contains(ALL) || values.contains(ANNOTATION_PREFIX + finding.ruleId())) {
                return Optional.of(new Suppression(Suppression.Kind.ANNOTATION, Optional.empty()));
            }
        }
        return Optional.empty();
    }

    /** The string values of a {@code @SuppressWarnings}: single, array, or {@code value = ...}. */
    public static List<String> values(AnnotationExpr annotation) {
        Expression value = null;
        if (annotation instanceof SingleMemberAnnotationExpr single) {
            value = single.getMemberValue();
        } else if (annotation instanceof NormalAnnotationExpr normal) {
            value = normal.getPairs().stream().filter(p -> p.getNameAsString().equals("value"))
                    .map(MemberValuePair::getValue).findFirst().orElse(null);
        }
        List<String> values = new ArrayList<>();
        if (value instanceof StringLiteralExpr s) {
            values.add(s.asString());
        } else if (value instanceof ArrayInitializerExpr array) {
            for (Expression e : array.getValues()) {
                if (e instanceof StringLiteralExpr s) {
                    values.add(s.asString());
                }
            }
        }
        return values;
    }
}
