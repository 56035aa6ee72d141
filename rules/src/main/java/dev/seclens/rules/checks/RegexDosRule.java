package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.ThreatModels;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Regular expressions that backtrack catastrophically ({@link RegexBacktracking}), folded from
 * constants, applied to input a caller controls: request data, or, under the {@code api} threat
 * model (a library's callers are its attackers), a parameter of a public method.
 * Also a pattern compiled from request data itself, which lets the caller choose the expression.
 * Where the input comes from is decided locally (through locals and string calls such as trim).
 */
@RuleInfo(
        id = "java/regex-dos",
        title = "Regular expression denial of service (ReDoS)",
        cwe = {1333},
        owasp = Owasp.A04,
        concern = Concern.ROBUSTNESS,
        severity = Severity.MEDIUM,
        confidence = Confidence.MEDIUM,
        summary = "A regex with nested or overlapping repeats is matched against caller-controlled input, or a"
                + " regex is built from request data, so one request can keep a thread busy for minutes.")
public final class RegexDosRule implements Rule {
    private static final String PATTERN = "java.util.regex.Pattern";
    private static final Set<String> PATTERN_USES = Set.of("matcher", "split", "splitAsStream");
    private static final Set<String> STRING_REGEX_METHODS = Set.of("matches", "replaceAll", "replaceFirst", "split");
    private static final Set<String> REQUEST_GETTERS = Set.of("getParameter", "getHeader", "getQueryString",
            "getRequestURI", "getPathInfo", "getServletPath", "getRemoteUser");
    private static final Set<String> WEB_PARAMETERS = Set.of("RequestParam", "PathVariable", "RequestBody",
            "RequestHeader", "CookieValue", "QueryParam", "PathParam", "FormParam", "HeaderParam", "MatrixParam");
    private static final Set<String> STRING_STEPS = Set.of("trim", "strip", "toLowerCase", "toUpperCase",
            "substring", "toString", "stripLeading", "stripTrailing", "intern");
    private static final Set<String> STRING_TYPES = Set.of("String", "CharSequence", "Object");
    private static final int MAX_HOPS = 4;

    /** Where caller-controlled text comes from, as a message says it. */
    private record Source(String description, Confidence confidence, boolean request) {
    }

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            String name = call.getNameAsString();
            Optional<Expression> scope = call.getScope();
            if (scope.isEmpty()) {
                continue;
            }
            if (Types.isTypeName(scope.get(), PATTERN) && name.equals("compile") && !call.getArguments().isEmpty()) {
                checkCompile(context, call);
            } else if (Types.isTypeName(scope.get(), PATTERN) && name.equals("matches")
                    && call.getArguments().size() == 2) {
                checkApplied(context, call, call.getArgument(0), 0, call.getArgument(1), call);
                checkInjected(context, call, call.getArgument(0));
            } else if (STRING_REGEX_METHODS.contains(name) && !call.getArguments().isEmpty()
                    && !Types.isTypeName(scope.get(), PATTERN) && isString(scope.get())) {
                checkApplied(context, call, call.getArgument(0), 0, scope.get(), call);
                checkInjected(context, call, call.getArgument(0));
            }
        }
    }

    private static void checkCompile(RuleContext context, MethodCallExpr compile) {
        Expression regex = compile.getArgument(0);
        int flags = compile.getArguments().size() > 1
                ? Constants.value(compile.getArgument(1)).filter(v -> v instanceof Long).map(v -> ((Long) v).intValue())
                .orElse(flagsByName(compile.getArgument(1)))
                : 0;
        if ((flags & java.util.regex.Pattern.LITERAL) == 0) {
            checkInjected(context, compile, regex);
        }
        if (Constants.string(regex).isEmpty()) {
            return;
        }
        Node holder = compile.getParentNode().orElse(null);
        if (holder instanceof MethodCallExpr use && use.getScope().orElse(null) == compile) {
            appliedTo(use).ifPresent(input -> checkApplied(context, use, regex, flags, input, compile));
        } else if (holder instanceof VariableDeclarator variable) {
            Optional<Declaration> pattern = Declarations.find(variable.getName(), variable.getNameAsString());
            if (pattern.isEmpty()) {
                return;
            }
            for (NameExpr use : Declarations.uses(pattern.get())) {
                if (use.getParentNode().orElse(null) instanceof MethodCallExpr call && call.getScope().orElse(null) == use) {
                    appliedTo(call).ifPresent(input -> checkApplied(context, call, regex, flags, input, compile));
                }
            }
        }
    }

    /** The Pattern.LITERAL and COMMENTS flags when written by name: {@code Pattern.LITERAL | Pattern.CASE_INSENSITIVE}. */
    private static int flagsByName(Expression flags) {
        String text = Code.of(flags);
        return (text.contains("LITERAL") ? java.util.regex.Pattern.LITERAL : 0)
                | (text.contains("COMMENTS") ? java.util.regex.Pattern.COMMENTS : 0);
    }

    private static Optional<Expression> appliedTo(MethodCallExpr use) {
        return PATTERN_USES.contains(use.getNameAsString()) && !use.getArguments().isEmpty()
                ? Optional.of(use.getArgument(0)) : Optional.empty();
    }

    /** A constant regex that backtracks catastrophically, matched against caller-controlled input. */
    private static void checkApplied(RuleContext context, MethodCallExpr match, Expression regex, int flags,
            Expression input, Node regexSite) {
        Optional<String> constant = Constants.string(regex);
        if (constant.isEmpty()) {
            return;
        }
        Optional<RegexBacktracking.Problem> problem = RegexBacktracking.analyze(constant.get(), flags);
        if (problem.isEmpty()) {
            return;
        }
        // a public method's parameter is the caller's data only for those who count a library's callers as attackers
        boolean api = context.service(ThreatModels.class).map(m -> m.has(ThreatModels.API)).orElse(false);
        Optional<Source> source = source(input, 0).filter(s -> s.request() || api);
        if (source.isEmpty()) {
            return;
        }
        RegexBacktracking.Problem p = problem.get();
        int compiledAt = regexSite.getBegin().map(b -> b.line).orElse(0);
        String where = compiledAt == match.getBegin().map(b -> b.line).orElse(0) ? ""
                : " (compiled at line " + compiledAt + ")";
        context.report(match, Code.quoteCall(match) + " matches " + source.get().description() + ", against the"
                        + " regex \"" + shortened(constant.get()) + "\"" + where + ", where in `" + p.outer() + "` "
                        + (p.inner().contains("|") ? "the branches `" + p.inner() + "`" : "`" + p.inner() + "`")
                        + ": " + p.reason() + ", so a crafted input of a few dozen characters can keep the thread"
                        + " busy for minutes; make the repeats unambiguous, possessive (`++`, `*+`) or atomic"
                        + " (`(?>...)`), or bound the input length first.",
                source.get().confidence(),
                regexSite == match ? List.of() : List.of(new RelatedLocation(SourceRange.of(regexSite),
                        "the regex is compiled here")), null);
    }

    private static String shortened(String regex) {
        return regex.length() <= 60 ? regex : regex.substring(0, 57) + "...";
    }

    /** A regex that is itself request data: the caller writes the expression. */
    private static void checkInjected(RuleContext context, MethodCallExpr call, Expression regex) {
        if (Constants.isConstant(regex)) {
            return;
        }
        source(regex, 0).filter(Source::request).ifPresent(s -> context.report(call, Code.quoteCall(call)
                        + " uses " + s.description() + " as a regular expression, so the caller chooses the pattern"
                        + " (and can send one that backtracks for minutes); match it literally with"
                        + " Pattern.quote(...) or Pattern.LITERAL, or accept only a fixed set of patterns.",
                Confidence.HIGH, List.of(), null));
    }

    /** Where caller-controlled text comes from, following locals and string calls such as trim(). */
    private static Optional<Source> source(Expression value, int hops) {
        Expression e = value;
        while (e instanceof EnclosedExpr p) {
            e = p.getInner();
        }
        if (hops > MAX_HOPS) {
            return Optional.empty();
        }
        if (e instanceof MethodCallExpr call) {
            if (REQUEST_GETTERS.contains(call.getNameAsString()) && call.getScope().isPresent()
                    && isRequest(call.getScope().get())) {
                return Optional.of(new Source("request data " + Code.quote(call), Confidence.HIGH, true));
            }
            if (STRING_STEPS.contains(call.getNameAsString()) && call.getScope().isPresent()) {
                return source(call.getScope().get(), hops + 1);
            }
            return Optional.empty();
        }
        Optional<Declaration> declaration = Declarations.of(e);
        if (declaration.isEmpty()) {
            return Optional.empty();
        }
        Declaration d = declaration.get();
        if (d.kind() == Declaration.Kind.LOCAL) {
            if (Declarations.isReassigned(d)) {
                return Optional.empty();
            }
            return d.initializer().flatMap(i -> source(i, hops + 1));
        }
        if (d.kind() != Declaration.Kind.PARAMETER || !(d.node() instanceof Parameter parameter)
                || !STRING_TYPES.contains(d.typeName())) {
            return Optional.empty();
        }
        boolean web = parameter.getAnnotations().stream()
                .anyMatch(a -> WEB_PARAMETERS.contains(a.getName().getIdentifier()));
        if (web) {
            return Optional.of(new Source("request parameter `" + d.name() + "`", Confidence.HIGH, true));
        }
        if (d.scope() instanceof MethodDeclaration method && method.isPublic()) {
            return Optional.of(new Source("`" + d.name() + "`, a parameter of public method "
                    + method.getNameAsString() + "() (api threat model)", Confidence.LOW, false));
        }
        return Optional.empty();
    }

    private static boolean isRequest(Expression scope) {
        Optional<Declaration> declaration = Declarations.of(scope);
        if (declaration.isPresent()) {
            return declaration.get().typeName().endsWith("Request");
        }
        return scope instanceof NameExpr n && n.getNameAsString().toLowerCase(java.util.Locale.ROOT).contains("req");
    }

    /** A receiver that is (or may be) a String: declared String/CharSequence, a literal, or undeclared here. */
    private static boolean isString(Expression receiver) {
        if (receiver.isStringLiteralExpr()) {
            return true;
        }
        Optional<Declaration> declaration = Declarations.of(receiver);
        return declaration.map(d -> d.typeName().equals("String")).orElse(receiver instanceof MethodCallExpr);
    }
}
