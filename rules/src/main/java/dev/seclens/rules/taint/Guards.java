package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.PathPrefixes;
import dev.seclens.rules.ast.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a condition proves about a variable on each branch: an allow-list look-up
 * ({@code ALLOWED.contains(x)}), an equality with a constant, a match against a restrictive
 * constant regex, a validator from the specifications, or a path normalised and checked to stay
 * under a base directory (never a partial check, a path's text against a directory's text without a
 * trailing separator). The variable is then clean (for those kinds) where the check held; an archive
 * entry name tested with {@code contains("..")} is clean for extraction where the test failed.
 * Also what a statement proves where it completes: a loop that leaves the method at the first
 * character failing a test ({@link #everyCharacter}), a parse as an integer ({@link #parsedAsInteger}).
 */
final class Guards {
    private static final Set<String> ALL = Set.of(TaintSpecs.ALL_KINDS);
    /** A path kept under its base is safe to open (path traversal) and to extract to (Zip Slip). */
    private static final Set<String> PATH = Set.of("path", "archive");
    /** An archive entry name without {@code ..} stays under the directory it is joined to. */
    private static final Set<String> ARCHIVE = Set.of("archive");
    private static final Set<String> NORMALISERS = Set.of("normalize", "toRealPath", "getCanonicalPath",
            "getCanonicalFile");
    /** Calls that join a name to a directory: the name is checked along with the path they make. */
    private static final Set<String> JOINS = Set.of("resolve", "resolveSibling");
    private static final Set<String> CONSTANT_COLLECTIONS = Set.of("of", "asList", "copyOf", "ofEntries");

    private Guards() {
    }

    /** Narrows {@code whenTrue} and {@code whenFalse} by what {@code condition} proves on each side. */
    static void refine(Expression condition, Env whenTrue, Env whenFalse, MethodInterpreter interpreter) {
        Expression c = condition;
        while (c instanceof EnclosedExpr p) c = p.getInner();
        if (c instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
            refine(u.getExpression(), whenFalse, whenTrue, interpreter);
            return;
        }
        if (c instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.AND) {
            if (!whenTrue.isEmpty()) {
                refine(b.getLeft(), whenTrue, new Env(), interpreter);
                refine(b.getRight(), whenTrue, new Env(), interpreter);
            }
            eitherHolds(b, whenFalse, false, interpreter);
            return;
        }
        if (c instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.OR) {
            if (!whenFalse.isEmpty()) {
                refine(b.getLeft(), new Env(), whenFalse, interpreter);
                refine(b.getRight(), new Env(), whenFalse, interpreter);
            }
            eitherHolds(b, whenTrue, true, interpreter);
            return;
        }
        if (c instanceof BinaryExpr b && (b.getOperator() == BinaryExpr.Operator.EQUALS
                || b.getOperator() == BinaryExpr.Operator.NOT_EQUALS)) {
            // where x is null it carries nothing: `if (x != null && !valid(x)) return;` leaves x null or valid
            Expression other = b.getRight() instanceof NullLiteralExpr ? b.getLeft()
                    : b.getLeft() instanceof NullLiteralExpr ? b.getRight() : null;
            if (other != null) {
                interpreter.validate(other, ALL, b.getOperator() == BinaryExpr.Operator.EQUALS ? whenTrue : whenFalse);
                // where what a lookup found is not null, its key is a stored one
                interpreter.lookupNotNull(other, b.getOperator() == BinaryExpr.Operator.EQUALS ? whenFalse : whenTrue);
            }
            return;
        }
        if (c instanceof MethodCallExpr call) {
            for (Proof proof : proves(call, interpreter)) {
                interpreter.validate(proof.variable, proof.kinds, whenTrue);
            }
            rejectsParentSegments(call).ifPresent(proof -> interpreter.validate(proof.variable, proof.kinds, whenFalse));
            Optional<Expression> predicate = call.getScope().flatMap(Functionals::of)
                    .filter(f -> Functionals.invokes(f, call.getNameAsString(), call.getArguments().size()));
            int handedIn = call.getScope().map(interpreter::functionalParameter).orElse(-1);
            if (handedIn >= 0 && !Functionals.NOT_INVOCATIONS.contains(call.getNameAsString())) {
                // accept.test(x) on a predicate the caller hands in: what it proves is the caller's to say
                for (Expression argument : call.getArguments()) {
                    interpreter.validate(argument, Set.of(MethodInterpreter.checkedBy(handedIn)), whenTrue);
                }
            }
            if (predicate.isPresent()) {
                // pred.test(x): the predicate's own check, on x
                applyTo(call.getArguments(), onTrue(predicate.get(), interpreter), whenTrue, interpreter);
                applyTo(call.getArguments(), onFalse(predicate.get(), interpreter), whenFalse, interpreter);
            }
        }
    }

    private static void applyTo(List<Expression> arguments, Map<Integer, Set<String>> proven, Env env,
                                MethodInterpreter interpreter) {
        proven.forEach((i, kinds) -> {
            if (i < arguments.size()) interpreter.validate(arguments.get(i), kinds, env);
        });
    }

    /**
     * What a function used as a predicate (a lambda, or a reference to a validator) proves about
     * each of its parameters where it returns true: the kinds of use each is then safe for.
     */
    static Map<Integer, Set<String>> onTrue(Expression function, MethodInterpreter interpreter) {
        if (function instanceof MethodReferenceExpr ref) {
            return referencedValidator(ref, interpreter);
        }
        return function instanceof LambdaExpr lambda ? lambdaProves(lambda, true, interpreter) : Map.of();
    }

    /** The same where it returns false: {@code removeIf(s -> !isAllowed(s))} keeps what was checked. */
    static Map<Integer, Set<String>> onFalse(Expression function, MethodInterpreter interpreter) {
        return function instanceof LambdaExpr lambda ? lambdaProves(lambda, false, interpreter) : Map.of();
    }

    /**
     * The lambda's condition (an expression body, or a block that only returns one) refined as an
     * {@code if} would be, each parameter standing for itself: what it proves on the side asked for.
     */
    private static Map<Integer, Set<String>> lambdaProves(LambdaExpr lambda, boolean side, MethodInterpreter interpreter) {
        Optional<Expression> condition = lambda.getExpressionBody().or(() -> lambda.getBody() instanceof BlockStmt b
                && b.getStatements().size() == 1 && b.getStatement(0) instanceof ReturnStmt r ? r.getExpression()
                : Optional.empty());
        if (condition.isEmpty() || !interpreter.startProving(lambda)) {
            return Map.of(); // a predicate that tests itself (p = s -> p.test(s)) proves nothing
        }
        try {
            return lambdaProves(lambda, condition.get(), side, interpreter);
        } finally {
            interpreter.doneProving(lambda);
        }
    }

    private static Map<Integer, Set<String>> lambdaProves(LambdaExpr lambda, Expression condition, boolean side,
                                                          MethodInterpreter interpreter) {
        Env whenTrue = new Env();
        Env whenFalse = new Env();
        List<Parameter> parameters = lambda.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Value own = Value.of(Taint.of(Origin.parameter(i)));
            whenTrue.put(parameters.get(i).getNameAsString(), own);
            whenFalse.put(parameters.get(i).getNameAsString(), own);
        }
        refine(condition, whenTrue, whenFalse, interpreter);
        Env proven = side ? whenTrue : whenFalse;
        Map<Integer, Set<String>> out = new HashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Value v = proven.get(parameters.get(i).getNameAsString());
            if (!v.isTainted()) {
                out.put(i, ALL);
            } else if (!v.taints().get(0).cleared().isEmpty()) {
                out.put(i, v.taints().get(0).cleared());
            }
        }
        return out;
    }

    /** {@code Validators::isAllowed}, {@code this::isAllowed}: the project's validator or one the specifications name. */
    private static Map<Integer, Set<String>> referencedValidator(MethodReferenceExpr ref, MethodInterpreter interpreter) {
        String name = ref.getIdentifier();
        List<MethodSummary> targets = interpreter.file().resolveReference(ref, 1, interpreter.owner());
        if (!targets.isEmpty() && targets.stream().noneMatch(m -> m.validates().isEmpty() || !m.returnsBoolean())) {
            Set<String> kinds = null;
            for (MethodSummary m : targets) {
                Set<String> proven = m.validates().getOrDefault(0, Set.of());
                kinds = kinds == null ? proven : TaintSpecs.bothKinds(kinds, proven);
            }
            return kinds.isEmpty() ? Map.of() : Map.of(0, kinds);
        }
        Expression scope = ref.getScope() instanceof TypeExpr t ? new NameExpr(t.getType().asString()) : ref.getScope();
        // a reference passes its one argument where the validator checks its first one (or the receiver, for
        // Type::check); a sanitizer that transforms its input checks nothing
        return interpreter.file().specs().sanitizer(name,
                        s -> !s.validates().isEmpty() && (s.validates().get(0) == 0
                                || s.validates().get(0) < 0 && ref.getScope() instanceof TypeExpr),
                        s -> interpreter.file().matcher().call(ref, scope, name, s.validates().get(0) < 0 ? 0 : 1, s.method()))
                .<Map<Integer, Set<String>>>map(s -> Map.of(0, s.kinds())).orElse(Map.of());
    }

    /**
     * Where {@code a || b} holds ({@code a && b} failed, with {@code side} false), one of the two
     * sides does: only what each of them proves on that side holds. So {@code if (!inside && !isBase)
     * throw} leaves a path checked by both {@code inside} and {@code isBase} safe past the throw.
     */
    private static void eitherHolds(BinaryExpr b, Env env, boolean side, MethodInterpreter interpreter) {
        if (env.isEmpty()) {
            return; // nothing to narrow; also keeps a long chain of conditions linear
        }
        Env left = env.copy();
        Env right = env.copy();
        refine(b.getLeft(), side ? left : new Env(), side ? new Env() : left, interpreter);
        refine(b.getRight(), side ? right : new Env(), side ? new Env() : right, interpreter);
        env.keepCommon(left, right);
    }

    /**
     * {@code name.contains("..")}: where it is false, an archive entry's name has no parent segment to
     * climb out of the directory it is joined to with {@code new File(dir, name)} or text. Not where
     * the method joins that name with {@code Path.resolve}: an absolute name ({@code /etc/cron.d/x},
     * {@code C:\x}) replaces the directory there, with no {@code ..} in it.
     */
    private static Optional<Proof> rejectsParentSegments(MethodCallExpr call) {
        if (call.getNameAsString().equals("contains") && call.getArguments().size() == 1 && call.getScope().isPresent()
                && Constants.string(call.getArgument(0)).filter(".."::equals).isPresent()
                && !resolvedAgainstDirectory(call.getScope().get())) {
            return Optional.of(new Proof(call.getScope().get(), ARCHIVE));
        }
        return Optional.empty();
    }

    /** The variable {@code name} is an argument of {@code resolve}/{@code resolveSibling} in the same method. */
    private static boolean resolvedAgainstDirectory(Expression name) {
        if (!(name instanceof NameExpr n)) {
            return false;
        }
        return n.findAncestor(CallableDeclaration.class).stream()
                .flatMap(m -> m.findAll(MethodCallExpr.class).stream())
                .anyMatch(c -> JOINS.contains(c.getNameAsString()) && c.getArguments().size() == 1
                        && c.getArgument(0) instanceof NameExpr a && a.getNameAsString().equals(n.getNameAsString()));
    }

    record Proof(Expression variable, Set<String> kinds) {
    }

    private static final int ASCII = 128;

    /**
     * A loop that leaves the method (returns or throws) at the first character of a text that fails
     * a test: {@code for (int i = 0; i < s.length(); i++) if (!Character.isLetterOrDigit(s.charAt(i))) return false;}
     * or {@code for (char c : s.toCharArray()) ...}. Where the loop ends normally every character
     * passed, so the text is safe for the kinds whose dangerous characters all fail the test. Each
     * ASCII character is tried on the test; a test this cannot read proves nothing.
     */
    static Optional<Proof> everyCharacter(Statement loop) {
        Expression text;
        String index = null;
        String element = null;
        Statement body;
        if (loop instanceof ForStmt f) {
            if (f.getInitialization().size() != 1 || !(f.getInitialization().get(0) instanceof VariableDeclarationExpr init)
                    || init.getVariables().size() != 1
                    || !init.getVariable(0).getInitializer().flatMap(Constants::value).map(v -> v instanceof Number n && n.longValue() == 0).orElse(false)
                    || f.getUpdate().size() != 1 || !increments(f.getUpdate().get(0), init.getVariable(0).getNameAsString())
                    || !(f.getCompare().orElse(null) instanceof BinaryExpr compare)
                    || compare.getOperator() != BinaryExpr.Operator.LESS
                    || !(compare.getLeft() instanceof NameExpr i) || !i.getNameAsString().equals(init.getVariable(0).getNameAsString())
                    || !(compare.getRight() instanceof MethodCallExpr length) || !length.getNameAsString().equals("length")
                    || !length.getArguments().isEmpty() || !(length.getScope().orElse(null) instanceof NameExpr s)) {
                return Optional.empty();
            }
            text = s;
            index = i.getNameAsString();
            body = f.getBody();
        } else if (loop instanceof ForEachStmt f) {
            if (!(f.getIterable() instanceof MethodCallExpr chars) || !chars.getNameAsString().equals("toCharArray")
                    || !chars.getArguments().isEmpty() || !(chars.getScope().orElse(null) instanceof NameExpr s)
                    || f.getVariable().getVariables().size() != 1) {
                return Optional.empty();
            }
            text = s;
            element = f.getVariable().getVariable(0).getNameAsString();
            body = f.getBody();
        } else {
            return Optional.empty();
        }
        List<Statement> statements = body instanceof BlockStmt b ? b.getStatements() : List.of(body);
        if (statements.isEmpty() || statements.size() > 2 || body.findFirst(BreakStmt.class).isPresent()
                || body.findFirst(ContinueStmt.class).isPresent() || assigns(body, ((NameExpr) text).getNameAsString())
                || index != null && assigns(body, index)) {
            return Optional.empty();
        }
        if (statements.size() == 2) {
            // char c = s.charAt(i);
            String position = index;
            if (position == null || !(statements.get(0) instanceof ExpressionStmt e)
                    || !(e.getExpression() instanceof VariableDeclarationExpr d) || d.getVariables().size() != 1
                    || !d.getVariable(0).getInitializer().map(x -> isCharAt(x, text, position)).orElse(false)) {
                return Optional.empty();
            }
            element = d.getVariable(0).getNameAsString();
        }
        if (!(statements.get(statements.size() - 1) instanceof IfStmt test) || test.getElseStmt().isPresent()
                || !leaves(test.getThenStmt())) {
            return Optional.empty();
        }
        BitSet admitted = new BitSet(ASCII + 1);
        for (int ch = 0; ch < ASCII; ch++) {
            Optional<Object> fails = charTest(test.getCondition(), text, index, element, ch);
            if (fails.isEmpty() || !(fails.get() instanceof Boolean b)) {
                return Optional.empty();
            }
            if (!b) admitted.set(ch);
        }
        admitted.set(ASCII); // what the test does with other characters does not matter to any kind
        Set<String> kinds = RegexAlphabet.safeKinds(admitted);
        return kinds.isEmpty() ? Optional.empty() : Optional.of(new Proof(text, kinds));
    }

    /** Parses that throw unless the whole text is an optionally signed integer of decimal digits. */
    private static final Map<String, Set<String>> INTEGER_PARSES = Map.of(
            "java.lang.Integer", Set.of("parseInt", "valueOf"), "java.lang.Long", Set.of("parseLong", "valueOf"),
            "java.lang.Short", Set.of("parseShort", "valueOf"), "java.lang.Byte", Set.of("parseByte", "valueOf"));

    /**
     * A statement that parses a text as an integer ({@code Integer.parseInt(value);}, {@code int n =
     * Long.parseLong(value);}): where it completes normally the text is digits with at most a sign,
     * safe for every kind. (A float's parse is not: it trims surrounding whitespace, line breaks
     * included.)
     */
    static Optional<Proof> parsedAsInteger(Statement statement) {
        if (!(statement instanceof ExpressionStmt e)) {
            return Optional.empty();
        }
        Expression x = e.getExpression();
        if (x instanceof VariableDeclarationExpr d && d.getVariables().size() == 1) {
            x = d.getVariable(0).getInitializer().orElse(null);
        } else if (x instanceof AssignExpr a && a.getOperator() == AssignExpr.Operator.ASSIGN) {
            x = a.getValue();
        }
        if (!(x instanceof MethodCallExpr call) || call.getArguments().size() != 1
                || !(call.getArgument(0) instanceof NameExpr) || call.getScope().isEmpty()) {
            return Optional.empty();
        }
        Expression scope = call.getScope().get();
        return INTEGER_PARSES.entrySet().stream()
                .filter(p -> p.getValue().contains(call.getNameAsString()) && Types.isTypeName(scope, p.getKey()))
                .findFirst().map(p -> new Proof(call.getArgument(0), ALL));
    }

    private static boolean increments(Expression update, String index) {
        return update instanceof UnaryExpr u && u.getExpression() instanceof NameExpr n && n.getNameAsString().equals(index)
                && (u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT || u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT);
    }

    private static boolean assigns(Node body, String name) {
        return body.findAll(AssignExpr.class).stream().anyMatch(a -> a.getTarget() instanceof NameExpr n
                && n.getNameAsString().equals(name)) || body.findAll(UnaryExpr.class).stream().anyMatch(u
                -> u.getExpression() instanceof NameExpr n && n.getNameAsString().equals(name)
                && u.getOperator() != UnaryExpr.Operator.LOGICAL_COMPLEMENT && u.getOperator() != UnaryExpr.Operator.MINUS
                && u.getOperator() != UnaryExpr.Operator.PLUS && u.getOperator() != UnaryExpr.Operator.BITWISE_COMPLEMENT);
    }

    /** A statement that always leaves the method: a {@code return}, a {@code throw}, or a block ending in one. */
    private static boolean leaves(Statement s) {
        if (s instanceof ReturnStmt || s instanceof ThrowStmt) return true;
        return s instanceof BlockStmt b && !b.getStatements().isEmpty() && leaves(b.getStatement(b.getStatements().size() - 1));
    }

    private static boolean isCharAt(Expression e, Expression text, String index) {
        return e instanceof MethodCallExpr m && m.getNameAsString().equals("charAt") && m.getArguments().size() == 1
                && m.getArgument(0) instanceof NameExpr i && i.getNameAsString().equals(index)
                && m.getScope().orElse(null) instanceof NameExpr s && s.getNameAsString().equals(((NameExpr) text).getNameAsString());
    }

    /** The value of a test on one character {@code ch}: a Boolean, an Integer (a char or an index), or empty when unread. */
    private static Optional<Object> charTest(Expression e, Expression text, String index, String element, int ch) {
        if (e instanceof EnclosedExpr p) return charTest(p.getInner(), text, index, element, ch);
        if (e instanceof CharLiteralExpr c) return Optional.of((int) c.asChar());
        if (e instanceof IntegerLiteralExpr i) return Optional.of(i.asNumber().intValue());
        if (e instanceof NameExpr n && n.getNameAsString().equals(element) || index != null && isCharAt(e, text, index)) {
            return Optional.of(ch);
        }
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
            return charTest(u.getExpression(), text, index, element, ch).map(v -> v instanceof Boolean b ? (Object) !b : null);
        }
        if (e instanceof BinaryExpr b) {
            Optional<Object> left = charTest(b.getLeft(), text, index, element, ch);
            Optional<Object> right = charTest(b.getRight(), text, index, element, ch);
            if (left.isEmpty() || right.isEmpty()) return Optional.empty();
            Object l = left.get();
            Object r = right.get();
            if (l instanceof Boolean x && r instanceof Boolean y) {
                return switch (b.getOperator()) {
                    case AND -> Optional.of(x && y);
                    case OR -> Optional.of(x || y);
                    case EQUALS -> Optional.of(x.equals(y));
                    case NOT_EQUALS -> Optional.of(!x.equals(y));
                    default -> Optional.empty();
                };
            }
            if (l instanceof Integer x && r instanceof Integer y) {
                return switch (b.getOperator()) {
                    case EQUALS -> Optional.of(x.intValue() == y);
                    case NOT_EQUALS -> Optional.of(x.intValue() != y);
                    case LESS -> Optional.of(x < y);
                    case LESS_EQUALS -> Optional.of(x <= y);
                    case GREATER -> Optional.of(x > y);
                    case GREATER_EQUALS -> Optional.of(x >= y);
                    default -> Optional.empty();
                };
            }
            return Optional.empty();
        }
        if (e instanceof MethodCallExpr m && m.getArguments().size() == 1) {
            Optional<Object> argument = charTest(m.getArgument(0), text, index, element, ch);
            if (argument.isEmpty() || !(argument.get() instanceof Integer c)) return Optional.empty();
            if (m.getScope().filter(s -> s instanceof NameExpr n && n.getNameAsString().equals("Character")).isPresent()) {
                return characterTest(m.getNameAsString(), c);
            }
            if (m.getNameAsString().equals("indexOf") && m.getScope().isPresent()) {
                return Constants.string(m.getScope().get()).map(allowed -> (Object) allowed.indexOf(c));
            }
        }
        return Optional.empty();
    }

    private static Optional<Object> characterTest(String name, int c) {
        return Optional.ofNullable(switch (name) {
            case "isLetterOrDigit" -> Character.isLetterOrDigit(c);
            case "isLetter" -> Character.isLetter(c);
            case "isDigit" -> Character.isDigit(c);
            case "isAlphabetic" -> Character.isAlphabetic(c);
            case "isUpperCase" -> Character.isUpperCase(c);
            case "isLowerCase" -> Character.isLowerCase(c);
            case "isWhitespace" -> Character.isWhitespace(c);
            case "isSpaceChar" -> Character.isSpaceChar(c);
            case "isISOControl" -> Character.isISOControl(c);
            case "isJavaIdentifierPart" -> Character.isJavaIdentifierPart(c);
            case "isJavaIdentifierStart" -> Character.isJavaIdentifierStart(c);
            default -> null;
        });
    }

    private static List<Proof> proves(MethodCallExpr call, MethodInterpreter interpreter) {
        if (call.getNameAsString().equals("startsWith") && call.getArguments().size() == 1 && call.getScope().isPresent()) {
            // a path's text compared with a directory's text without a trailing separator admits /base-evil
            return PathPrefixes.isPartial(call) ? List.of() : normalisedUnder(call.getScope().get());
        }
        if (call.getNameAsString().equals("equals") && call.getArguments().size() == 1 && call.getScope().isPresent()
                && !normalisedUnder(call.getArgument(0)).isEmpty()) {
            // a normalised path equal to another normalised path (the base directory itself) is under it;
            // a canonical path equal to a mere absolute one (a symbolic-link test) proves nothing
            return normalisedUnder(call.getScope().get());
        }
        if (call.getNameAsString().equals("matches") && call.getArguments().isEmpty() && call.getScope().isPresent()) {
            return matched(call.getScope().get());
        }
        return proof(call, interpreter).map(List::of).orElse(List.of());
    }

    private static Optional<Proof> proof(MethodCallExpr call, MethodInterpreter interpreter) {
        String name = call.getNameAsString();
        Expression scope = call.getScope().orElse(null);
        int arity = call.getArguments().size();
        if ((name.equals("contains") || name.equals("containsKey")) && arity == 1 && scope != null
                && isConstantCollection(scope)) {
            return Optional.of(new Proof(call.getArgument(0), ALL));
        }
        if ((name.equals("contains") || name.equals("containsKey")) && arity == 1 && scope != null
                && FieldKeys.confined(scope).filter(field -> interpreter.file().keysClean(field)).isPresent()) {
            // x equals a key the class put there, and none of those carries taint
            return Optional.of(new Proof(call.getArgument(0), ALL));
        }
        if ((name.equals("equals") || name.equals("equalsIgnoreCase")) && arity == 1 && scope != null) {
            if (Constants.isConstant(call.getArgument(0))) return Optional.of(new Proof(scope, ALL));
            if (Constants.isConstant(scope)) return Optional.of(new Proof(call.getArgument(0), ALL));
        }
        if (name.equals("matches") && arity == 1 && scope != null) {
            Set<String> safe = Constants.string(call.getArgument(0)).map(RegexAlphabet::safeKinds).orElse(Set.of());
            return safe.isEmpty() ? Optional.empty() : Optional.of(new Proof(scope, safe));
        }
        if (name.equals("matches") && arity == 2 && scope != null && Types.isTypeName(scope, "java.util.regex.Pattern")) {
            Set<String> safe = Constants.string(call.getArgument(0)).map(RegexAlphabet::safeKinds).orElse(Set.of());
            return safe.isEmpty() ? Optional.empty() : Optional.of(new Proof(call.getArgument(1), safe));
        }

        Optional<Proof> projectValidator = projectValidator(call, interpreter);
        if (projectValidator.isPresent()) {
            return projectValidator;
        }
        Optional<TaintSpecs.Sanitizer> validator = interpreter.file().specs().sanitizer(name,
                s -> !s.validates().isEmpty(), s -> interpreter.file().matcher().call(call, scope, name, arity, s.method()));
        if (validator.isPresent()) {
            int which = validator.get().validates().get(0);
            Expression checked = which < 0 ? scope : which < arity ? call.getArgument(which) : null;
            if (checked != null) return Optional.of(new Proof(checked, validator.get().kinds()));
        }
        return Optional.empty();
    }

    /**
     * A call of the project's own boolean validator: every method the call may run returns true
     * only for an argument it checked (its summary's {@code validates}); the argument is then
     * safe for the kinds all of them prove.
     */
    private static Optional<Proof> projectValidator(MethodCallExpr call, MethodInterpreter interpreter) {
        if (call.getArguments().isEmpty()) {
            return Optional.empty();
        }
        List<MethodSummary> targets = interpreter.file().resolve(call, call.getScope().orElse(null),
                interpreter.owner()).methods();
        if (targets.isEmpty() || targets.stream().anyMatch(m -> m.validates().isEmpty() || !m.returnsBoolean())) {
            return Optional.empty();
        }
        for (int p = 0; p < call.getArguments().size(); p++) {
            Set<String> kinds = null;
            for (MethodSummary m : targets) {
                Set<String> proven = m.validates().getOrDefault(p, Set.of());
                kinds = kinds == null ? proven : TaintSpecs.bothKinds(kinds, proven);
            }
            if (kinds != null && !kinds.isEmpty()) {
                return Optional.of(new Proof(call.getArgument(p), kinds));
            }
        }
        return Optional.empty();
    }

    /** A collection fixed at its declaration from constants: {@code Set.of("a", "b")}, never modified. */
    private static boolean isConstantCollection(Expression scope) {
        Optional<Declaration> d = Declarations.of(scope);
        if (d.isEmpty() || d.get().initializer().isEmpty() || !(d.get().isFinal() || !Declarations.isReassigned(d.get()))) {
            return false;
        }
        Expression init = d.get().initializer().get();
        if (init instanceof ObjectCreationExpr o && o.getArguments().size() == 1) {
            init = o.getArgument(0); // new HashSet<>(Arrays.asList(...))
        }
        return init instanceof MethodCallExpr m && CONSTANT_COLLECTIONS.contains(m.getNameAsString())
                && !m.getArguments().isEmpty() && m.getArguments().stream().allMatch(Constants::isConstant);
    }

    /**
     * {@code pattern.matcher(x).matches()}, or {@code m.matches()} on a {@code Matcher m} made so: x
     * is checked, and so is {@code m}, whose groups are then pieces of a checked value.
     */
    private static List<Proof> matched(Expression matcherExpression) {
        Expression made = matcherExpression;
        Expression variable = null;
        Optional<Declaration> d = matcherExpression instanceof NameExpr ? Declarations.of(matcherExpression) : Optional.empty();
        if (d.isPresent() && d.get().initializer().isPresent() && !Declarations.isReassigned(d.get())) {
            made = d.get().initializer().get();
            variable = matcherExpression;
        }
        if (!(made instanceof MethodCallExpr matcher) || !matcher.getNameAsString().equals("matcher")
                || matcher.getArguments().size() != 1) {
            return List.of();
        }
        Set<String> safe = matcher.getScope().flatMap(Guards::compiledRegex).map(RegexAlphabet::safeKinds).orElse(Set.of());
        if (safe.isEmpty()) {
            return List.of();
        }
        Proof checked = new Proof(matcher.getArgument(0), safe);
        return variable == null ? List.of(checked) : List.of(checked, new Proof(variable, safe));
    }

    private static Optional<String> compiledRegex(Expression pattern) {
        Expression e = pattern;
        Optional<Declaration> d = Declarations.of(e);
        if (d.isPresent() && d.get().initializer().isPresent()) e = d.get().initializer().get();
        if (e instanceof MethodCallExpr m && m.getNameAsString().equals("compile") && !m.getArguments().isEmpty()) {
            return Constants.string(m.getArgument(0));
        }
        return Optional.empty();
    }

    /**
     * For {@code checked.startsWith(base)} where {@code checked} is a normalised or canonical path:
     * {@code checked} and every variable it was derived from on the way to the normalisation
     * ({@code file} in {@code String c = file.getCanonicalPath()}), including the name joined to a
     * directory ({@code name} in {@code new File(dir, name)}, {@code dir.resolve(name)}), are proven
     * to stay under the base: a directory made of a prefix of that name stays there too.
     */
    private static List<Proof> normalisedUnder(Expression checked) {
        List<Proof> proofs = new ArrayList<>();
        boolean normalised = false;
        ArrayDeque<Expression> pending = new ArrayDeque<>(List.of(checked));
        for (int hops = 0; hops < 12 && !pending.isEmpty(); hops++) {
            Expression x = pending.pop();
            if (x instanceof MethodCallExpr m) {
                normalised |= NORMALISERS.contains(m.getNameAsString());
                m.getScope().ifPresent(pending::push);
                if (!m.getArguments().isEmpty() && (JOINS.contains(m.getNameAsString()) || isPathFactory(m))) {
                    pending.push(m.getArgument(m.getArguments().size() - 1));
                }
            } else if (x instanceof ObjectCreationExpr o && !o.getArguments().isEmpty()
                    && Types.denotes(o.getType(), "java.io.File")) {
                pending.push(o.getArgument(o.getArguments().size() - 1));
            } else if (x instanceof EnclosedExpr p) {
                pending.push(p.getInner());
            } else if (x instanceof NameExpr) {
                proofs.add(new Proof(x, PATH));
                Declarations.of(x).flatMap(Declaration::initializer).ifPresent(pending::push);
            }
        }
        return normalised ? proofs : List.of();
    }

    /** {@code Paths.get(dir, name)}, {@code Path.of(dir, name)}. */
    private static boolean isPathFactory(MethodCallExpr m) {
        return (m.getNameAsString().equals("get") || m.getNameAsString().equals("of")) && m.getScope()
                .filter(s -> Types.isTypeName(s, "java.nio.file.Paths") || Types.isTypeName(s, "java.nio.file.Path"))
                .isPresent();
    }
}
