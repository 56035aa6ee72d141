package dev.seclens.rules.fixes;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.utils.StringEscapeUtils;
import dev.seclens.rules.Fix;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextEdit;
import dev.seclens.rules.TextLines;
import dev.seclens.rules.ast.Concatenation;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns {@code Statement st = conn.createStatement(); ... st.executeQuery("..." + a + "...")} into a
 * PreparedStatement with {@code ?} placeholders and one setter per value, in order. Only where the
 * shape leaves no doubt: the query is one concatenation (inline, or in a local String used once)
 * of string literals and unchanged locals or parameters of type String (which must sit between
 * single quotes in the SQL, and lose them), int/Integer or long/Long (which must not be quoted).
 * The statement is used for nothing else that takes SQL text. Anything else gets no fix: a wrong
 * rewrite of a query is worse than none.
 */
public final class PreparedStatementFix {
    private static final Set<String> EXECUTE = Set.of("executeQuery", "executeUpdate", "execute", "executeLargeUpdate");
    private static final Set<String> TAKES_SQL = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "addBatch");
    private static final Map<String, String> SETTERS = Map.of("String", "setString", "int", "setInt",
            "Integer", "setInt", "long", "setLong", "Long", "setLong");
    private static final String PREPARED_STATEMENT = "java.sql.PreparedStatement";

    private PreparedStatementFix() {
    }

    /** The rewrite for a reported {@code sink(query)} call, when its shape is unambiguous. */
    public static Optional<Fix> of(MethodCallExpr sink, Expression query, String text) {
        if (!EXECUTE.contains(sink.getNameAsString()) || sink.getArguments().size() != 1
                || !(sink.getScope().orElse(null) instanceof NameExpr statementName)) {
            return Optional.empty();
        }
        Optional<Declaration> statement = Declarations.of(statementName)
                .filter(d -> d.kind() == Declaration.Kind.LOCAL && Types.denotes(d.type(), "java.sql.Statement"))
                .filter(d -> !Declarations.isReassigned(d) && onlyThisQuery(d, sink));
        if (statement.isEmpty() || !(statement.get().node() instanceof VariableDeclarator declarator)
                || !(declarator.getParentNode().orElse(null) instanceof VariableDeclarationExpr declaration)
                || declaration.getVariables().size() != 1
                || !(declarator.getInitializer().orElse(null) instanceof MethodCallExpr create)
                || !create.getNameAsString().equals("createStatement") || !create.getArguments().isEmpty()
                || create.getScope().isEmpty()) {
            return Optional.empty();
        }
        Optional<Statement> holder = holder(sink).filter(h -> before(declarator, h) && startsLine(h, text));
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        // the query: inline, or a local String read only here; declared before the Statement it
        // keeps the new text, declared after it, its declaration goes and the text moves up
        BinaryExpr concatenation;
        Optional<VariableDeclarator> sqlLocal = Optional.empty();
        Optional<SourceRange> sqlLines = Optional.empty();
        if (query instanceof BinaryExpr b) {
            concatenation = b;
        } else if (query instanceof NameExpr name) {
            Optional<Declaration> sql = Declarations.of(name)
                    .filter(d -> d.kind() == Declaration.Kind.LOCAL && d.typeName().equals("String"))
                    .filter(d -> !Declarations.isReassigned(d) && Declarations.uses(d).size() == 1);
            if (sql.isEmpty() || !(sql.get().node() instanceof VariableDeclarator v)
                    || !(v.getInitializer().orElse(null) instanceof BinaryExpr b)) {
                return Optional.empty();
            }
            concatenation = b;
            if (before(v, declarator)) {
                sqlLocal = Optional.of(v);
            } else {
                sqlLines = wholeStatementLines(v, text);
                if (sqlLines.isEmpty()) {
                    return Optional.empty();
                }
            }
        } else {
            return Optional.empty();
        }
        Optional<Parameterised> parameterised = parameterise(concatenation);
        if (parameterised.isEmpty()) {
            return Optional.empty();
        }
        String literal = "\"" + StringEscapeUtils.escapeJava(parameterised.get().sql()) + "\"";
        String st = statementName.getNameAsString();
        List<TextEdit> edits = new ArrayList<>();
        edits.add(new TextEdit(SourceRange.of(statement.get().type()), "PreparedStatement"));
        SourceRange createName = SourceRange.of(create.getName());
        SourceRange createCall = SourceRange.of(create);
        edits.add(new TextEdit(new SourceRange(createName.startLine(), createName.startColumn(),
                createCall.endLine(), createCall.endColumn()),
                "prepareStatement(" + sqlLocal.map(VariableDeclarator::getNameAsString).orElse(literal) + ")"));
        sqlLocal.ifPresent(v -> edits.add(new TextEdit(SourceRange.of(v.getInitializer().orElseThrow()), literal)));
        sqlLines.ifPresent(lines -> edits.add(new TextEdit(lines, "")));
        String indent = TextLines.of(text).indentation(holder.get().getBegin().orElseThrow().line);
        StringBuilder setters = new StringBuilder();
        List<Bound> values = parameterised.get().values();
        for (int i = 0; i < values.size(); i++) {
            setters.append(st).append('.').append(values.get(i).setter()).append('(').append(i + 1).append(", ")
                    .append(values.get(i).name()).append(");\n").append(indent);
        }
        SourceRange at = SourceRange.of(holder.get());
        edits.add(new TextEdit(SourceRange.point(at.startLine(), at.startColumn()), setters.toString()));
        edits.add(new TextEdit(SourceRange.of(query), ""));
        return Optional.of(new Fix("Use a PreparedStatement with ? placeholders", edits, List.of(PREPARED_STATEMENT),
                true));
    }

    /** A value bound to a placeholder: the variable and its setter. */
    private record Bound(String name, String setter) {
    }

    private record Parameterised(String sql, List<Bound> values) {
    }

    /** The SQL with {@code ?} for each value, or empty when any piece is not a literal or a plain typed variable. */
    private static Optional<Parameterised> parameterise(BinaryExpr concatenation) {
        List<Expression> operands = Concatenation.operands(concatenation);
        if (!(operands.get(0) instanceof StringLiteralExpr)) {
            return Optional.empty(); // a leading number would be added, not concatenated
        }
        StringBuilder sql = new StringBuilder();
        List<Bound> values = new ArrayList<>();
        boolean dropLeadingQuote = false;
        boolean previousWasValue = false;
        for (Expression operand : operands) {
            if (operand instanceof StringLiteralExpr s) {
                String piece = s.asString();
                if (piece.contains("?")) {
                    return Optional.empty();
                }
                if (dropLeadingQuote) {
                    if (!piece.startsWith("'")) {
                        return Optional.empty();
                    }
                    piece = piece.substring(1);
                } else if (previousWasValue && piece.startsWith("'")) {
                    return Optional.empty();
                }
                sql.append(piece);
                dropLeadingQuote = false;
                previousWasValue = false;
                continue;
            }
            if (previousWasValue || !(operand instanceof NameExpr name)) {
                return Optional.empty();
            }
            Optional<Declaration> variable = Declarations.of(name)
                    .filter(d -> d.kind() != Declaration.Kind.FIELD && !d.type().isVarType())
                    .filter(d -> !Declarations.isReassigned(d));
            String setter = variable.map(d -> SETTERS.get(d.type().asString())).orElse(null);
            if (setter == null) {
                return Optional.empty();
            }
            boolean quoted = sql.length() > 0 && sql.charAt(sql.length() - 1) == '\'';
            if (setter.equals("setString")) {
                // the quote before the value must open an SQL string, and the next piece close it
                if (!quoted || quotes(sql) % 2 != 1) {
                    return Optional.empty();
                }
                sql.setLength(sql.length() - 1);
                dropLeadingQuote = true;
            } else if (quoted || quotes(sql) % 2 != 0) {
                return Optional.empty();
            }
            sql.append('?');
            values.add(new Bound(name.getNameAsString(), setter));
            previousWasValue = true;
        }
        if (dropLeadingQuote || values.isEmpty() || quotes(sql) % 2 != 0) {
            return Optional.empty();
        }
        return Optional.of(new Parameterised(sql.toString(), values));
    }

    private static long quotes(CharSequence sql) {
        return sql.chars().filter(c -> c == '\'').count();
    }

    /** The statement's only SQL-taking call is this one (a PreparedStatement refuses SQL text at run time). */
    private static boolean onlyThisQuery(Declaration statement, MethodCallExpr sink) {
        for (NameExpr use : Declarations.uses(statement)) {
            if (use.getParentNode().orElse(null) instanceof MethodCallExpr call && call != sink
                    && call.getScope().orElse(null) == use && TAKES_SQL.contains(call.getNameAsString())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The statement the setters go in front of: the call is the whole statement, a declaration's or
     * assignment's value, a return value, or a try resource; the statement sits in a block.
     */
    private static Optional<Statement> holder(MethodCallExpr sink) {
        Node parent = sink.getParentNode().orElse(null);
        Node statement = null;
        if (parent instanceof ExpressionStmt || parent instanceof ReturnStmt) {
            statement = parent;
        } else if (parent instanceof AssignExpr assign && assign.getValue() == sink) {
            statement = assign.getParentNode().filter(p -> p instanceof ExpressionStmt).orElse(null);
        } else if (parent instanceof VariableDeclarator v && v.getParentNode().orElse(null)
                instanceof VariableDeclarationExpr declaration && declaration.getVariables().size() == 1) {
            statement = declaration.getParentNode()
                    .filter(p -> p instanceof ExpressionStmt || p instanceof TryStmt).orElse(null);
        }
        if (statement instanceof Statement s && s.getParentNode().orElse(null) instanceof BlockStmt) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    private static boolean before(Node a, Node b) {
        return a.getEnd().isPresent() && b.getBegin().isPresent() && a.getEnd().get().isBefore(b.getBegin().get());
    }

    /** Only indentation precedes the statement on its line, so the setters can take the same indentation. */
    private static boolean startsLine(Statement statement, String text) {
        int line = statement.getBegin().orElseThrow().line;
        int column = statement.getBegin().orElseThrow().column;
        String prefix = TextLines.of(text).line(line);
        return column - 1 <= prefix.length() && prefix.substring(0, column - 1).isBlank();
    }

    /** The lines of a one-variable declaration statement in a block, when nothing else is on them. */
    private static Optional<SourceRange> wholeStatementLines(VariableDeclarator variable, String text) {
        if (!(variable.getParentNode().orElse(null) instanceof VariableDeclarationExpr declaration)
                || declaration.getVariables().size() != 1
                || !(declaration.getParentNode().orElse(null) instanceof ExpressionStmt statement)
                || !(statement.getParentNode().orElse(null) instanceof BlockStmt)
                || !startsLine(statement, text)) {
            return Optional.empty();
        }
        int endLine = statement.getEnd().orElseThrow().line;
        String last = TextLines.of(text).line(endLine);
        int endColumn = statement.getEnd().orElseThrow().column;
        if (endColumn > last.length() || !last.substring(endColumn).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SourceRange(statement.getBegin().orElseThrow().line, 1, endLine + 1, 1));
    }
}
