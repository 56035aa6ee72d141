package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Concatenation;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The local form of SQL injection: a query string assembled in the method (concatenation, {@code +=},
 * String.format, StringBuilder) from a value that is neither a constant nor a number, and passed to
 * a JDBC, JPA, Hibernate or Spring JdbcTemplate query method. Where the value comes from is the
 * taint engine's question; this rule answers "is the query built from a non-constant".
 */
@RuleInfo(
        id = "java/sql-injection",
        title = "SQL query built from non-constant values",
        cwe = {89},
        owasp = Owasp.A03,
        concern = Concern.INJECTION,
        severity = Severity.HIGH,
        confidence = Confidence.MEDIUM,
        summary = "A SQL or JPQL query is assembled from a non-constant value by concatenation, String.format"
                + " or StringBuilder and executed; use bind parameters.")
public final class SqlInjectionRule implements Rule {
    /** Methods that take the query text as their first argument whatever the receiver's declared type. */
    private static final Set<String> DISTINCT_SINKS = Set.of("executeQuery", "executeUpdate", "executeLargeUpdate",
            "addBatch", "prepareStatement", "prepareCall", "nativeSQL", "createQuery", "createNativeQuery",
            "createSQLQuery", "createSelectionQuery", "createMutationQuery");
    private static final Set<String> STATEMENT_SINKS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "addBatch");
    private static final Set<String> JDBC_TEMPLATE_SINKS = Set.of("query", "queryForObject", "queryForList",
            "queryForMap", "queryForRowSet", "queryForStream", "queryForLong", "queryForInt", "update",
            "batchUpdate", "execute");
    private static final List<String> STATEMENT_TYPES = List.of("java.sql.Statement", "java.sql.PreparedStatement",
            "java.sql.CallableStatement");
    private static final Pattern SQL_WORDS = Pattern.compile(
            "(?is).*\\b(select\\s.+\\sfrom|insert\\s+into|update\\s.+\\sset|delete\\s+from|merge\\s+into|call\\s|exec\\s).*");
    private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[A-Z]{2,}[0-9]*");
    private static final Set<String> NUMERIC_METHODS = Set.of("size", "length", "ordinal", "hashCode", "count",
            "parseInt", "parseLong", "parseDouble", "parseFloat", "parseShort", "intValue", "longValue",
            "doubleValue", "getSimpleName", "compareTo", "isEmpty");
    private static final int MAX_DEPTH = 16;

    /** A value that went into the query text and is not provably harmless. */
    private record Piece(Expression value, String how) {
    }

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getArguments().isEmpty()) {
                continue;
            }
            Optional<Confidence> sink = sinkConfidence(call);
            if (sink.isEmpty()) {
                continue;
            }
            Expression query = call.getArgument(0);
            Optional<Piece> piece = unsafePiece(query, 0, new HashSet<>());
            if (piece.isEmpty()) {
                continue;
            }
            if (sink.get() == Confidence.LOW && !looksLikeSql(query)) {
                continue;
            }
            Expression value = piece.get().value();
            List<RelatedLocation> related = new ArrayList<>();
            related.add(new RelatedLocation(SourceRange.of(value), "`" + Code.quote(value) + "` enters the query here"));
            String origin = origin(value, related);
            String receiver = call.getScope().map(Code::quote).map(s -> s + ".").orElse("");
            context.report(query, receiver + call.getNameAsString() + "(" + Code.quote(query) + ") runs a query built "
                            + piece.get().how() + " from `" + Code.quote(value) + "`" + origin
                            + "; use a PreparedStatement with ? placeholders (or named parameters) and bind the value.",
                    sink.get() == Confidence.LOW ? Confidence.MEDIUM : sink.get(), related,
                    PreparedStatementFix.of(call, query, context.file().text()).orElse(null));
        }
    }

    /** HIGH when the receiver is known to run SQL, MEDIUM for a distinctive method name, LOW when only the text says SQL. */
    private static Optional<Confidence> sinkConfidence(MethodCallExpr call) {
        String name = call.getNameAsString();
        Optional<Expression> scope = call.getScope();
        if (scope.isEmpty() || !DISTINCT_SINKS.contains(name) && !STATEMENT_SINKS.contains(name)
                && !JDBC_TEMPLATE_SINKS.contains(name)) {
            return Optional.empty();
        }
        Optional<Type> receiverType = Types.declaredType(scope.get());
        if (receiverType.isPresent()) {
            Type type = receiverType.get();
            if (STATEMENT_SINKS.contains(name) && STATEMENT_TYPES.stream().anyMatch(t -> Types.denotes(type, t))) {
                return Optional.of(Confidence.HIGH);
            }
            String simple = Types.simpleName(type);
            if (JDBC_TEMPLATE_SINKS.contains(name) && (simple.endsWith("JdbcTemplate") || simple.endsWith("JdbcOperations"))) {
                return Optional.of(Confidence.HIGH);
            }
            if (DISTINCT_SINKS.contains(name) && (simple.equals("Connection") || simple.equals("EntityManager")
                    || simple.equals("Session") || simple.equals("StatelessSession"))) {
                return Optional.of(Confidence.HIGH);
            }
        }
        if (scope.get() instanceof MethodCallExpr m && m.getNameAsString().equals("createStatement")
                && STATEMENT_SINKS.contains(name)) {
            return Optional.of(Confidence.HIGH);
        }
        if (DISTINCT_SINKS.contains(name)) {
            return Optional.of(Confidence.MEDIUM);
        }
        if (receiverType.isEmpty() && (STATEMENT_SINKS.contains(name) || JDBC_TEMPLATE_SINKS.contains(name))) {
            return Optional.of(Confidence.LOW);
        }
        return Optional.empty();
    }

    /** The first non-constant, non-numeric value the query text was assembled from, if it was assembled. */
    private static Optional<Piece> unsafePiece(Expression e, int depth, Set<Node> visited) {
        if (depth > MAX_DEPTH || Constants.isConstant(e)) {
            return Optional.empty();
        }
        int d = depth + 1;
        if (e instanceof EnclosedExpr p) {
            return unsafePiece(p.getInner(), d, visited);
        }
        if (e instanceof ConditionalExpr c) {
            return unsafePiece(c.getThenExpr(), d, visited).or(() -> unsafePiece(c.getElseExpr(), d, visited));
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            for (Expression piece : Concatenation.operands(b)) {
                Optional<Piece> p = operand(piece, "by concatenation", d, visited);
                if (p.isPresent()) return p;
            }
            return Optional.empty();
        }
        if (e instanceof MethodCallExpr call) {
            return fromCall(call, d, visited);
        }
        if (e instanceof NameExpr name) {
            return Declarations.of(name).filter(decl -> decl.kind() == Declaration.Kind.LOCAL)
                    .flatMap(decl -> fromLocal(decl, d, visited));
        }
        return Optional.empty();
    }

    /** A piece of a concatenation: harmless, itself assembled (look inside), or the unsafe value. */
    private static Optional<Piece> operand(Expression value, String how, int depth, Set<Node> visited) {
        if (isHarmless(value)) {
            return Optional.empty();
        }
        Optional<Declaration> local = Declarations.of(value).filter(d -> d.kind() == Declaration.Kind.LOCAL);
        if (local.isPresent()) {
            Optional<Piece> inner = fromLocal(local.get(), depth, visited);
            return inner.isPresent() || holdsOnlyCheckedValues(local.get()) ? inner : Optional.of(new Piece(value, how));
        }
        Optional<Piece> inner = unsafePiece(value, depth, visited);
        if (inner.isPresent() || isAssembled(value)) {
            return inner;
        }
        return Optional.of(new Piece(value, how));
    }

    private static boolean isAssembled(Expression value) {
        if (value instanceof EnclosedExpr p) return isAssembled(p.getInner());
        return value instanceof BinaryExpr || value instanceof ConditionalExpr
                || value instanceof MethodCallExpr m && (isFormat(m) || isBuilderToString(m) || m.getNameAsString().equals("concat"));
    }

    /**
     * Whether every value a local ever holds was either harmless or assembled (and so already looked
     * into); a loop variable or a local holding a parameter is itself the unsafe piece.
     */
    private static boolean holdsOnlyCheckedValues(Declaration local) {
        List<Expression> values = new ArrayList<>();
        local.initializer().ifPresent(values::add);
        Declarations.assignments(local).forEach(a -> values.add(a.getValue()));
        return !values.isEmpty() && values.stream().allMatch(v -> isHarmless(v) || isAssembled(v)
                || Declarations.of(v).filter(d -> d.kind() == Declaration.Kind.LOCAL).isPresent());
    }

    private static Optional<Piece> fromCall(MethodCallExpr call, int depth, Set<Node> visited) {
        if (isFormat(call)) {
            int first = call.getScope().map(s -> Types.isTypeName(s, "java.lang.String")).orElse(false) ? 1 : 0;
            for (int i = first; i < call.getArguments().size(); i++) {
                Optional<Piece> p = operand(call.getArgument(i), "with " + call.getNameAsString() + "()", depth, visited);
                if (p.isPresent()) return p;
            }
            return Optional.empty();
        }
        if (call.getNameAsString().equals("concat") && call.getArguments().size() == 1 && call.getScope().isPresent()) {
            return unsafePiece(call.getScope().get(), depth, visited)
                    .or(() -> operand(call.getArgument(0), "by concatenation", depth, visited));
        }
        if (isBuilderToString(call)) {
            return fromBuilder(call.getScope().get(), depth, visited);
        }
        return Optional.empty();
    }

    /** The appended values of a StringBuilder chain, or of every append to a local builder. */
    private static Optional<Piece> fromBuilder(Expression builder, int depth, Set<Node> visited) {
        Expression e = builder;
        while (e instanceof MethodCallExpr m && isAppend(m) && m.getScope().isPresent()) {
            Optional<Piece> p = appended(m, depth, visited);
            if (p.isPresent()) return p;
            e = m.getScope().get();
        }
        if (e instanceof ObjectCreationExpr creation) {
            return creation.getArguments().isEmpty() ? Optional.empty()
                    : operand(creation.getArgument(0), "with a StringBuilder", depth, visited);
        }
        if (e instanceof NameExpr name) {
            Optional<Declaration> decl = Declarations.of(name).filter(d -> d.kind() == Declaration.Kind.LOCAL);
            if (decl.isEmpty() || !visited.add(decl.get().node())) {
                return Optional.empty();
            }
            Optional<Piece> init = decl.get().initializer().flatMap(i -> fromBuilder(i, depth, visited));
            if (init.isPresent()) return init;
            for (MethodCallExpr m : decl.get().scope().findAll(MethodCallExpr.class)) {
                if (isAppend(m) && m.getScope().map(s -> rootIs(s, decl.get())).orElse(false)) {
                    Optional<Piece> p = appended(m, depth, visited);
                    if (p.isPresent()) return p;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean rootIs(Expression scope, Declaration builder) {
        Expression e = scope;
        while (e instanceof MethodCallExpr m && isAppend(m) && m.getScope().isPresent()) {
            e = m.getScope().get();
        }
        return Declarations.refersTo(e, builder);
    }

    private static Optional<Piece> appended(MethodCallExpr append, int depth, Set<Node> visited) {
        if (append.getArguments().isEmpty()) return Optional.empty();
        Expression value = append.getArgument(append.getNameAsString().equals("insert") ? 1 : 0);
        return append.getArguments().size() > (append.getNameAsString().equals("insert") ? 1 : 0)
                ? operand(value, "with a StringBuilder", depth, visited) : Optional.empty();
    }

    /** A local String: what was assigned to it, and what was appended with {@code +=}. */
    private static Optional<Piece> fromLocal(Declaration local, int depth, Set<Node> visited) {
        if (!visited.add(local.node())) {
            return Optional.empty();
        }
        Optional<Piece> init = local.initializer().flatMap(i -> held(i, depth, visited));
        if (init.isPresent()) return init;
        for (AssignExpr assign : Declarations.assignments(local)) {
            Optional<Piece> p = assign.getOperator() == AssignExpr.Operator.PLUS
                    ? operand(assign.getValue(), "with +=", depth, visited)
                    : held(assign.getValue(), depth, visited);
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }

    /** A value a local holds: another local is followed as a piece, anything else is looked into. */
    private static Optional<Piece> held(Expression value, int depth, Set<Node> visited) {
        boolean isLocal = Declarations.of(value).filter(d -> d.kind() == Declaration.Kind.LOCAL).isPresent();
        return isLocal ? operand(value, "by concatenation", depth, visited) : unsafePiece(value, depth, visited);
    }

    /** Values that cannot carry SQL: constants, numbers, booleans, enum names, class names. */
    private static boolean isHarmless(Expression value) {
        if (Constants.isConstant(value)) return true;
        if (value instanceof EnclosedExpr p) return isHarmless(p.getInner());
        if (value instanceof CastExpr c) return c.getType() instanceof PrimitiveType || isHarmless(c.getExpression());
        if (value instanceof ConditionalExpr c) return isHarmless(c.getThenExpr()) && isHarmless(c.getElseExpr());
        if (value instanceof BinaryExpr b && b.getOperator() != BinaryExpr.Operator.PLUS) return true;
        if (value instanceof ClassExpr) return true;
        if (value instanceof NameExpr n && CONSTANT_NAME.matcher(n.getNameAsString()).matches()
                && Declarations.of(n).isEmpty()) return true;
        if (value instanceof FieldAccessExpr f && CONSTANT_NAME.matcher(f.getNameAsString()).matches()) return true;
        Optional<Type> type = Types.declaredType(value);
        if (type.isPresent()) {
            return Types.isNumericOrBoolean(type.get()) || isEnumOfThisFile(value, Types.simpleName(type.get()));
        }
        if (value instanceof MethodCallExpr m) {
            String name = m.getNameAsString();
            if (NUMERIC_METHODS.contains(name)) return true;
            if (name.equals("name") && m.getArguments().isEmpty() && m.getScope().isPresent()) {
                Expression scope = m.getScope().get();
                return scope instanceof FieldAccessExpr f && CONSTANT_NAME.matcher(f.getNameAsString()).matches()
                        || Types.declaredType(scope).map(t -> isEnumOfThisFile(scope, Types.simpleName(t))).orElse(false);
            }
            if ((name.equals("valueOf") || name.equals("toString")) && m.getArguments().size() == 1) {
                return m.getScope().map(s -> Types.isTypeName(s, "java.lang.Integer") || Types.isTypeName(s, "java.lang.Long")
                        || Types.isTypeName(s, "java.lang.String") && isHarmless(m.getArgument(0))).orElse(false);
            }
        }
        return false;
    }

    private static boolean isEnumOfThisFile(Node context, String typeName) {
        return FileIndex.of(context).flatMap(index -> index.enumType(typeName)).isPresent();
    }

    private static boolean isFormat(MethodCallExpr call) {
        return call.getNameAsString().equals("format")
                && call.getScope().map(s -> Types.isTypeName(s, "java.lang.String")).orElse(false)
                || call.getNameAsString().equals("formatted") && call.getScope().isPresent();
    }

    private static boolean isBuilderToString(MethodCallExpr call) {
        if (!call.getNameAsString().equals("toString") || !call.getArguments().isEmpty() || call.getScope().isEmpty()) {
            return false;
        }
        Expression scope = call.getScope().get();
        while (scope instanceof MethodCallExpr m && isAppend(m) && m.getScope().isPresent()) {
            scope = m.getScope().get();
        }
        Optional<Type> type = Types.declaredType(scope);
        return type.map(Types::simpleName).filter(n -> n.equals("StringBuilder") || n.equals("StringBuffer")).isPresent();
    }

    private static boolean isAppend(MethodCallExpr call) {
        return call.getNameAsString().equals("append") || call.getNameAsString().equals("insert");
    }

    private static boolean looksLikeSql(Expression query) {
        StringBuilder text = new StringBuilder();
        query.findAll(StringLiteralExpr.class).forEach(s -> text.append(s.asString()).append(' '));
        Declarations.of(query).flatMap(Declaration::initializer)
                .ifPresent(i -> i.findAll(StringLiteralExpr.class).forEach(s -> text.append(s.asString()).append(' ')));
        return SQL_WORDS.matcher(text).matches();
    }

    /** ", a parameter of findUser (line 12)": where the unsafe value was declared, added to the related locations. */
    private static String origin(Expression value, List<RelatedLocation> related) {
        Optional<Declaration> decl = Declarations.of(value);
        if (decl.isEmpty()) {
            return "";
        }
        Declaration d = decl.get();
        int line = d.node().getBegin().map(p -> p.line).orElse(0);
        String where = switch (d.kind()) {
            case PARAMETER -> ", a parameter" + callableName(d.scope());
            case FIELD -> ", a field";
            case LOCAL -> d.initializer().filter(i -> !isAssembled(i))
                    .map(i -> ", which holds " + Code.quote(i)).orElse(", a local variable");
        };
        related.add(new RelatedLocation(SourceRange.of(d.node()), "`" + d.name() + "` is declared here"));
        return where + " (line " + line + ")";
    }

    private static String callableName(Node scope) {
        return scope instanceof com.github.javaparser.ast.body.CallableDeclaration<?> c ? " of " + c.getNameAsString() : "";
    }
}
