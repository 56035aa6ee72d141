package dev.seclens.rules;

import com.github.javaparser.JavaToken;
import com.github.javaparser.Position;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.stmt.Statement;
import dev.seclens.rules.ast.FileIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A finding's identity that survives unrelated edits: SHA-256 (first 32 hex digits) of the rule
 * id, the enclosing declaration's normalised signature ({@code Outer.Inner.method(String,int)},
 * or the type or field for findings outside methods), the enclosing statement's tokens without
 * whitespace and comments (nested statements left out, so editing an {@code if}'s body does not
 * change a finding in its condition), and the finding's index among findings sharing all of that.
 * Line numbers and paths are not part of it: moving code or the file keeps the fingerprint.
 */
public final class Fingerprints {
    private static final int HEX_DIGITS = 32;

    private Fingerprints() {
    }

    /** Fingerprints for {@code findings} (in {@link Finding#ORDER}) of one file. */
    static Map<Finding, String> of(CompilationUnit unit, List<Finding> findings) {
        if (findings.isEmpty()) {
            return Map.of(); // the common case while typing: no walk
        }
        // pre-order, from the file's index: a later container is nested in an earlier one
        FileIndex fileIndex = FileIndex.of(unit).orElseThrow();
        Ranges statements = new Ranges(fileIndex.statements());
        Ranges declarations = new Ranges(fileIndex.declarations());
        Map<Finding, String> result = new LinkedHashMap<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (Finding finding : findings) {
            long at = Ranges.key(finding.range().startLine(), finding.range().startColumn());
            Node statement = statements.innermost(at);
            Node declaration = declarations.innermost(at);
            String text;
            if (statement != null) {
                text = tokens(statement, true);
            } else if (declaration instanceof FieldDeclaration || declaration instanceof EnumConstantDeclaration) {
                text = tokens(declaration, false);
            } else {
                text = tokensIn(unit, finding.range());
            }
            String key = finding.ruleId() + "\n" + signature(declaration) + "\n" + text;
            int index = occurrences.merge(key, 1, Integer::sum) - 1;
            result.put(finding, sha256(key + "\n" + index));
        }
        return result;
    }

    /**
     * Nodes in pre-order with their ranges as numbers, so that finding the innermost one around each
     * finding is a scan of two arrays, not of the nodes (a file with many findings and statements).
     */
    private static final class Ranges {
        private final List<? extends Node> nodes;
        private final long[] begins;
        private final long[] ends;

        Ranges(List<? extends Node> nodes) {
            this.nodes = nodes;
            begins = new long[nodes.size()];
            ends = new long[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                Range range = nodes.get(i).getRange().orElse(null);
                // a node without a range contains nothing
                begins[i] = range == null ? Long.MAX_VALUE : key(range.begin.line, range.begin.column);
                ends[i] = range == null ? Long.MIN_VALUE : key(range.end.line, range.end.column);
            }
        }

        static long key(int line, int column) {
            return (long) line << 32 | column;
        }

        /** The last node, in pre-order, whose range holds {@code at}: the innermost, nested ones coming later. */
        Node innermost(long at) {
            for (int i = begins.length - 1; i >= 0; i--) {
                if (begins[i] <= at && at <= ends[i]) {
                    return nodes.get(i);
                }
            }
            return null;
        }
    }

    /** {@code Outer.Inner.method(String,int)}, {@code Outer.field}, {@code Outer.<init>}, or {@code Outer}. */
    static String signature(Node declaration) {
        if (declaration == null) {
            return "";
        }
        List<String> types = new ArrayList<>();
        Node node = declaration instanceof TypeDeclaration<?> ? declaration : declaration.getParentNode().orElse(null);
        for (; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof TypeDeclaration<?> type) {
                types.add(0, type.getNameAsString());
            }
        }
        String owner = String.join(".", types);
        if (declaration instanceof CallableDeclaration<?> callable) {
            return owner + "." + callable.getNameAsString() + "(" + callable.getParameters().stream()
                    .map(Fingerprints::parameterType).collect(Collectors.joining(",")) + ")";
        }
        if (declaration instanceof FieldDeclaration field) {
            return owner + "." + field.getVariables().stream().map(v -> v.getNameAsString())
                    .collect(Collectors.joining(","));
        }
        if (declaration instanceof EnumConstantDeclaration constant) {
            return owner + "." + constant.getNameAsString();
        }
        if (declaration instanceof InitializerDeclaration initializer) {
            return owner + (initializer.isStatic() ? ".<clinit>" : ".<init>");
        }
        return owner;
    }

    private static String parameterType(Parameter p) {
        String type = p.getType().asString().replaceAll("\\s+", "");
        return p.isVarArgs() ? type + "..." : type;
    }

    /** The node's tokens joined by one space, comments dropped; nested statements left out if asked. */
    private static String tokens(Node node, boolean skipNestedStatements) {
        List<Range> nested = new ArrayList<>();
        if (skipNestedStatements) {
            for (Statement s : node.findAll(Statement.class)) {
                if (s != node) {
                    s.getRange().ifPresent(nested::add);
                }
            }
        }
        StringBuilder text = new StringBuilder();
        node.getTokenRange().ifPresent(tokens -> {
            for (JavaToken token : tokens) {
                if (token.getCategory().isWhitespaceOrComment()) {
                    continue;
                }
                Position begin = token.getRange().map(r -> r.begin).orElse(null);
                if (begin != null && nested.stream().anyMatch(r -> r.contains(begin))) {
                    continue;
                }
                text.append(token.getText()).append(' ');
            }
        });
        return text.toString().strip();
    }

    /** The tokens that start inside {@code range}, for findings outside any statement or field. */
    private static String tokensIn(CompilationUnit unit, SourceRange range) {
        StringBuilder text = new StringBuilder();
        unit.getTokenRange().ifPresent(tokens -> {
            for (JavaToken token : tokens) {
                Position begin = token.getRange().map(r -> r.begin).orElse(null);
                if (begin == null || token.getCategory().isWhitespaceOrComment()) {
                    continue;
                }
                SourceRange at = SourceRange.point(begin.line, begin.column);
                if (at.compareTo(SourceRange.point(range.startLine(), range.startColumn())) >= 0
                        && (begin.line < range.endLine()
                        || begin.line == range.endLine() && begin.column < range.endColumn())) {
                    text.append(token.getText()).append(' ');
                }
            }
        });
        return text.toString().strip();
    }

    public static String sha256(String text) {
        return Sha256.hex(text).substring(0, HEX_DIGITS);
    }
}
