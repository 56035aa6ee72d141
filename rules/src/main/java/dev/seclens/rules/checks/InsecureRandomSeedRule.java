package dev.seclens.rules.checks;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Fix;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.ConstantBytes;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Random generators seeded with a constant or the clock. A java.util.Random is reported when its
 * values become a secret (java/predictable-random's flow, which then leaves that generator to this
 * rule); a SecureRandom always, since it exists to make secrets: certainly when it is SHA1PRNG
 * seeded before its first use (fully deterministic), less certainly otherwise (the JDK's default
 * generators mix the seed in). This rule owns every seed; java/weak-crypto-config reports none.
 */
@RuleInfo(
        id = "java/insecure-random-seed",
        title = "Random generator seeded with a constant or the clock",
        cwe = {335, 336},
        owasp = Owasp.A02,
        concern = Concern.CRYPTOGRAPHY,
        severity = Severity.HIGH,
        confidence = Confidence.MEDIUM,
        summary = "new Random(seed), new SecureRandom(seed) or setSeed(...) with a constant or clock-based seed, for a"
                + " generator whose values become secrets.")
public final class InsecureRandomSeedRule implements Rule {
    private static final String RANDOM = "java.util.Random";
    private static final String SECURE_RANDOM = "java.security.SecureRandom";
    private static final Set<String> CLOCKS = Set.of("currentTimeMillis", "nanoTime", "getTime", "toEpochMilli",
            "getEpochSecond", "getTimeInMillis");

    @Override
    public void check(RuleContext context) {
        for (ObjectCreationExpr creation : context.index().creations()) {
            if (creation.getArguments().size() != 1) {
                continue;
            }
            Expression seed = creation.getArgument(0);
            if (Types.denotes(creation.getType(), RANDOM)) {
                predictable(seed, false).ifPresent(why -> secretUse(creation).ifPresent(draw ->
                        reportRandom(context, creation, why, draw, PredictableRandomRule.fix(draw.call()))));
            } else if (Types.denotes(creation.getType(), SECURE_RANDOM)) {
                predictable(seed, true).ifPresent(why -> context.report(creation, Code.quote(creation)
                                + " seeds a SecureRandom with " + why + ". The JDK's default generators mix that seed"
                                + " in, but where the default is SHA1PRNG (JDK 8 on Windows) the output is fully"
                                + " determined by it; use new SecureRandom() without a seed.",
                        Confidence.LOW, List.of(), null));
            }
        }
        for (MethodCallExpr call : context.index().calls()) {
            if (call.getNameAsString().equals("setSeed") && call.getArguments().size() == 1 && call.getScope().isPresent()) {
                checkSetSeed(context, call);
            }
        }
    }

    private static void checkSetSeed(RuleContext context, MethodCallExpr setSeed) {
        Expression generator = setSeed.getScope().get();
        Optional<Declaration> declaration = Declarations.of(generator);
        Optional<Expression> made = declaration.filter(d -> Declarations.assignments(d).isEmpty())
                .flatMap(Declaration::initializer);
        Expression seed = setSeed.getArgument(0);
        if (isSecureRandom(declaration, made)) {
            predictable(seed, true).ifPresent(why -> {
                boolean deterministic = made.filter(InsecureRandomSeedRule::isSha1Prng).isPresent()
                        && firstUse(declaration.get()).filter(first -> first == setSeed).isPresent();
                context.report(setSeed, Code.quote(setSeed) + " seeds a SecureRandom with " + why
                                + (deterministic ? ". A SHA1PRNG seeded before its first use produces only that seed's"
                                + " sequence, so every value it makes can be recomputed" : ". The JDK's default"
                                + " generators mix that seed in, but a SHA1PRNG seeded before first use would be fully"
                                + " determined by it") + "; do not seed a SecureRandom.",
                        deterministic ? Confidence.HIGH : Confidence.LOW, List.of(), null);
            });
        } else if (declaration.map(d -> Types.denotes(d.type(), RANDOM)).orElse(false)) {
            // no fix: a SecureRandom in its place would still be seeded here
            predictable(seed, false).ifPresent(why -> declaration.flatMap(InsecureRandomSeedRule::secretUse)
                    .ifPresent(draw -> reportRandom(context, setSeed, why, draw, null)));
        }
    }

    /** A value drawn from a generator, and the secret it becomes. */
    private record Draw(MethodCallExpr call, PredictableRandomRule.Secret secret) {
    }

    private static void reportRandom(RuleContext context, Expression seeded, String why, Draw draw, Fix fix) {
        PredictableRandomRule.Secret secret = draw.secret();
        int line = secret.where().getBegin().map(p -> p.line).orElse(0);
        context.report(seeded, Code.quote(seeded) + " seeds java.util.Random with " + why
                        + ", so its sequence can be replayed, and its values make " + secret.what() + " (line " + line
                        + "); use java.security.SecureRandom without a seed.",
                Confidence.MEDIUM,
                List.of(new RelatedLocation(SourceRange.of(secret.where()), "the predictable value becomes "
                        + secret.what())), fix);
    }

    /**
     * Whether a generator call draws from a java.util.Random seeded predictably: then this rule reports
     * the seed, and java/predictable-random leaves the call alone.
     */
    private static final DataKey<List<MethodCallExpr>> SEED_CALLS = new DataKey<>() {
    };

    static boolean hasPredictableSeed(MethodCallExpr call) {
        Optional<Expression> scope = call.getScope();
        if (scope.isEmpty()) {
            return false;
        }
        if (scope.get() instanceof ObjectCreationExpr creation) {
            return seededAtCreation(creation);
        }
        Optional<Declaration> declaration = Declarations.of(scope.get());
        if (declaration.isEmpty() || !Declarations.assignments(declaration.get()).isEmpty()) {
            return false;
        }
        if (declaration.get().initializer().filter(i -> i instanceof ObjectCreationExpr c && seededAtCreation(c))
                .isPresent()) {
            return true;
        }
        // the file's few setSeed calls, not every use of the generator: a shared field is used everywhere
        return seedCalls(call).stream().anyMatch(m -> Declarations.refersTo(m.getScope().orElseThrow(), declaration.get())
                && predictable(m.getArgument(0), false).isPresent());
    }

    /** The file's {@code x.setSeed(v)} calls, found once per file. */
    private static List<MethodCallExpr> seedCalls(MethodCallExpr anyCall) {
        CompilationUnit unit = anyCall.findCompilationUnit().orElseThrow();
        if (!unit.containsData(SEED_CALLS)) {
            unit.setData(SEED_CALLS, FileIndex.of(unit).orElseThrow().calls().stream()
                    .filter(m -> m.getNameAsString().equals("setSeed") && m.getArguments().size() == 1
                            && m.getScope().isPresent())
                    .toList());
        }
        return unit.getData(SEED_CALLS);
    }

    private static boolean seededAtCreation(ObjectCreationExpr creation) {
        return Types.denotes(creation.getType(), RANDOM) && creation.getArguments().size() == 1
                && predictable(creation.getArgument(0), false).isPresent();
    }

    /** Where the values of a {@code new Random(seed)} go: its own call, or the calls on the variable it is stored in. */
    private static Optional<Draw> secretUse(ObjectCreationExpr creation) {
        Node parent = creation.getParentNode().orElse(null);
        if (parent instanceof MethodCallExpr call && call.getScope().orElse(null) == creation) {
            return PredictableRandomRule.drawsFromGenerator(call)
                    ? PredictableRandomRule.secretMadeBy(call).map(secret -> new Draw(call, secret)) : Optional.empty();
        }
        if (parent instanceof VariableDeclarator variable) {
            return Declarations.find(variable.getName(), variable.getNameAsString())
                    .filter(d -> Declarations.assignments(d).isEmpty())
                    .flatMap(InsecureRandomSeedRule::secretUse);
        }
        return Optional.empty();
    }

    private static Optional<Draw> secretUse(Declaration generator) {
        for (NameExpr use : Declarations.uses(generator)) {
            if (use.getParentNode().orElse(null) instanceof MethodCallExpr call && call.getScope().orElse(null) == use
                    && PredictableRandomRule.drawsFromGenerator(call)) {
                Optional<PredictableRandomRule.Secret> secret = PredictableRandomRule.secretMadeBy(call);
                if (secret.isPresent()) {
                    return Optional.of(new Draw(call, secret.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** "the constant 42", "the clock (System.currentTimeMillis())"; empty for a seed that is neither. */
    private static Optional<String> predictable(Expression seed, boolean bytes) {
        if (bytes) {
            Optional<ConstantBytes.Fixed> fixed = ConstantBytes.of(seed);
            if (fixed.isPresent()) {
                return Optional.of("a constant: " + fixed.get().describe());
            }
        }
        Optional<Object> constant = Constants.value(seed);
        if (constant.isPresent()) {
            return Optional.of("the constant " + (seed instanceof NameExpr ? "`" + Code.quote(seed) + "` = " : "")
                    + constant.get());
        }
        List<MethodCallExpr> clocks = new ArrayList<>();
        return onlyClockAndConstants(seed, clocks, 0) && !clocks.isEmpty()
                ? Optional.of("the clock (" + Code.quote(clocks.get(0)) + "), which an attacker can narrow down to a"
                + " few guesses") : Optional.empty();
    }

    private static boolean onlyClockAndConstants(Expression e, List<MethodCallExpr> clocks, int depth) {
        if (depth > 16) {
            return false;
        }
        if (Constants.isConstant(e)) {
            return true;
        }
        if (e instanceof EnclosedExpr p) return onlyClockAndConstants(p.getInner(), clocks, depth + 1);
        if (e instanceof CastExpr c) return onlyClockAndConstants(c.getExpression(), clocks, depth + 1);
        if (e instanceof UnaryExpr u) return onlyClockAndConstants(u.getExpression(), clocks, depth + 1);
        if (e instanceof BinaryExpr b) {
            return onlyClockAndConstants(b.getLeft(), clocks, depth + 1)
                    && onlyClockAndConstants(b.getRight(), clocks, depth + 1);
        }
        if (e instanceof MethodCallExpr call && call.getArguments().isEmpty() && CLOCKS.contains(call.getNameAsString())) {
            clocks.add(call);
            return true;
        }
        return false;
    }

    private static boolean isSecureRandom(Optional<Declaration> declaration, Optional<Expression> made) {
        return declaration.map(d -> Types.denotes(d.type(), SECURE_RANDOM)).orElse(false)
                || made.filter(m -> m instanceof ObjectCreationExpr c && Types.denotes(c.getType(), SECURE_RANDOM)
                || isGetInstance(m)).isPresent();
    }

    private static boolean isGetInstance(Expression e) {
        return e instanceof MethodCallExpr m && m.getNameAsString().startsWith("getInstance")
                && m.getScope().map(s -> Types.isTypeName(s, SECURE_RANDOM)).orElse(false);
    }

    private static boolean isSha1Prng(Expression made) {
        return isGetInstance(made) && !((MethodCallExpr) made).getArguments().isEmpty()
                && Constants.string(((MethodCallExpr) made).getArgument(0))
                .map(a -> a.trim().toUpperCase(Locale.ROOT).equals("SHA1PRNG")).orElse(false);
    }

    /** The first method call made on the generator, in source order. */
    private static Optional<MethodCallExpr> firstUse(Declaration generator) {
        return Declarations.uses(generator).stream()
                .filter(u -> u.getParentNode().filter(p -> p instanceof MethodCallExpr m && m.getScope().orElse(null) == u)
                        .isPresent())
                .map(u -> (MethodCallExpr) u.getParentNode().get())
                .filter(m -> m.getBegin().isPresent())
                .min((a, b) -> a.getBegin().get().compareTo(b.getBegin().get()));
    }
}
