package dev.seclens.rules.checks;

import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.PackageDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Identifiers;
import dev.seclens.rules.ast.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test code that reached production sources: imports of mocking and test frameworks, and
 * test-only switches (a field, system property or environment variable named like TEST_MODE or
 * SKIP_AUTH) whose {@code if} grants access or returns before the authentication or
 * authorization check. A debug flag that only changes logging is not a bypass.
 */
@RuleInfo(
        id = "java/test-code-in-production",
        title = "Test code or test-only backdoor in production sources",
        cwe = {489},
        owasp = Owasp.A05,
        concern = Concern.TEST_CODE,
        severity = Severity.MEDIUM,
        confidence = Confidence.HIGH,
        summary = "A production source imports a mocking or test framework, or a test-mode switch bypasses"
                + " authentication or authorization.")
public final class TestCodeInProductionRule implements Rule {
    /** Package prefixes of test frameworks, and the name a message gives them. */
    private static final Map<String, String> FRAMEWORKS = Map.ofEntries(
            Map.entry("org.mockito", "Mockito"), Map.entry("org.easymock", "EasyMock"),
            Map.entry("org.jmock", "JMock"), Map.entry("org.powermock", "PowerMock"),
            Map.entry("com.github.tomakehurst.wiremock", "WireMock"), Map.entry("org.wiremock", "WireMock"),
            Map.entry("org.junit.jupiter", "JUnit 5"), Map.entry("org.junit", "JUnit 4"),
            Map.entry("junit.framework", "JUnit 3"), Map.entry("org.testng", "TestNG"),
            Map.entry("org.assertj", "AssertJ"), Map.entry("org.hamcrest", "Hamcrest"));
    /** Words of a package or class that make it test support shipped on purpose (a test kit, fixtures). */
    private static final Set<String> TEST_SUPPORT_WORDS = Set.of("test", "tests", "testing", "testkit",
            "testsupport", "testutil", "testutils", "testfixtures", "fixture", "fixtures", "junit", "mock", "mocks");
    private static final Set<String> SWITCH_WORDS = Set.of("test", "testing", "debug", "bypass", "skip", "dev",
            "development", "mock", "fake", "disable", "disabled", "insecure", "backdoor", "noauth");
    private static final Set<String> SWITCH_OBJECTS = Set.of("mode", "auth", "authentication", "authorization",
            "security", "login", "check", "checks", "verification", "bypass", "skip", "acl", "permissions");
    private static final Set<String> FILTER_METHODS = Set.of("doFilter", "doFilterInternal", "preHandle", "filter",
            "intercept", "handle");
    private static final Set<String> GRANTS = Set.of("setAuthentication", "setAuthenticated", "grantAll",
            "permitAll", "loginAs", "grant");

    @Override
    public void check(RuleContext context) {
        if (isTestSupport(context)) {
            return;
        }
        for (ImportDeclaration imp : context.unit().getImports()) {
            framework(imp.getNameAsString()).ifPresent(name -> context.report(imp, "import "
                    + imp.getNameAsString() + (imp.isAsterisk() ? ".*" : "") + " brings " + name
                    + ", a test framework, into production code; move the code that needs it to src/test"
                    + " (or a test-support module) and keep the framework a test-scoped dependency."));
        }
        for (MethodCallExpr call : context.index().calls()) {
            Optional<Expression> scope = call.getScope();
            if (scope.isPresent() && scope.get() instanceof FieldAccessExpr qualified) {
                framework(Code.of(qualified)).ifPresent(name -> context.report(call, Code.quote(call) + " calls "
                        + name + ", a test framework, from production code; move it to test code."));
            }
        }
        // each method's own ifs (not those of a method nested in it), in source order, from one
        // pass over the file's statements rather than a walk of every method
        Map<CallableDeclaration<?>, List<IfStmt>> ifsByMethod = new java.util.IdentityHashMap<>();
        for (Statement statement : context.index().statements()) {
            if (statement instanceof IfStmt ifStmt) {
                ifStmt.findAncestor(CallableDeclaration.class).ifPresent(m ->
                        ifsByMethod.computeIfAbsent(m, k -> new java.util.ArrayList<>()).add(ifStmt));
            }
        }
        for (MethodDeclaration method : context.index().methods()) {
            for (IfStmt ifStmt : ifsByMethod.getOrDefault(method, List.of())) {
                checkBypass(context, ifStmt, method);
            }
        }
    }

    private static boolean isTestSupport(RuleContext context) {
        String pkg = context.unit().getPackageDeclaration().map(PackageDeclaration::getNameAsString).orElse("");
        // the classes the file declares: a parse from an editor's buffer has no file name to take one from
        List<String> parts = new java.util.ArrayList<>(List.of(pkg.split("\\.")));
        context.unit().getTypes().forEach(t -> parts.add(t.getNameAsString()));
        for (String part : parts) {
            if (Identifiers.words(part).stream().anyMatch(TEST_SUPPORT_WORDS::contains)
                    || TEST_SUPPORT_WORDS.contains(part.toLowerCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> framework(String qualifiedName) {
        return FRAMEWORKS.entrySet().stream()
                .filter(e -> qualifiedName.equals(e.getKey()) || qualifiedName.startsWith(e.getKey() + "."))
                .max(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(String::length)))
                .map(Map.Entry::getValue);
    }

    private static void checkBypass(RuleContext context, IfStmt ifStmt, MethodDeclaration method) {
        Optional<String> flag = testSwitch(ifStmt.getCondition());
        if (flag.isEmpty()) {
            return;
        }
        Optional<String> bypass = bypass(ifStmt, method);
        bypass.ifPresent(how -> context.report(ifStmt.getCondition(), "`if (" + Code.quote(ifStmt.getCondition())
                + ")` reads " + flag.get() + ", a test-only switch, and " + how + "; a backdoor like this stays"
                + " reachable in production through configuration: remove it and authenticate test clients the"
                + " normal way (test users, a test identity provider)."));
    }

    /** What in the condition is a test switch: "the static field TEST_MODE", "the system property ...". */
    private static Optional<String> testSwitch(Expression condition) {
        for (MethodCallExpr call : condition.findAll(MethodCallExpr.class)) {
            String name = call.getNameAsString();
            boolean lookup = call.getScope().filter(s -> Types.isTypeName(s, "java.lang.System")).isPresent()
                    && (name.equals("getProperty") || name.equals("getenv"))
                    || call.getScope().filter(s -> Types.isTypeName(s, "java.lang.Boolean")).isPresent()
                    && name.equals("getBoolean");
            if (lookup && !call.getArguments().isEmpty()) {
                Optional<String> key = Constants.string(call.getArgument(0));
                if (key.isPresent() && isSwitchName(key.get())) {
                    return Optional.of((name.equals("getenv") ? "the environment variable " : "the system property ")
                            + "\"" + key.get() + "\"");
                }
            }
        }
        for (Expression e : condition.findAll(Expression.class,
                x -> x instanceof NameExpr || x instanceof FieldAccessExpr)) {
            String name = e instanceof NameExpr n ? n.getNameAsString() : ((FieldAccessExpr) e).getNameAsString();
            if (!isSwitchName(name)) {
                continue;
            }
            Optional<Declaration> declaration = Declarations.of(e);
            if (declaration.isPresent() && declaration.get().kind() == Declaration.Kind.FIELD
                    || declaration.isEmpty() && e instanceof FieldAccessExpr) {
                return Optional.of("the field " + name);
            }
        }
        return Optional.empty();
    }

    private static boolean isSwitchName(String name) {
        List<String> words = Identifiers.words(name);
        return words.stream().anyMatch(SWITCH_WORDS::contains) && words.stream().anyMatch(SWITCH_OBJECTS::contains);
    }

    /** How the if bypasses a check, or empty when its branch only logs, counts or otherwise carries on. */
    private static Optional<String> bypass(IfStmt ifStmt, CallableDeclaration<?> method) {
        Statement then = ifStmt.getThenStmt();
        Optional<MethodCallExpr> grant = then.findFirst(MethodCallExpr.class, c -> GRANTS.contains(c.getNameAsString())
                && !(c.getNameAsString().equals("setAuthenticated") && c.getArguments().size() == 1
                && c.getArgument(0) instanceof BooleanLiteralExpr b && !b.getValue()));
        if (grant.isPresent()) {
            return Optional.of("then grants access with " + Code.quote(grant.get()));
        }
        boolean authMethod = isAuthMethod(method);
        if (authMethod && then.findFirst(ReturnStmt.class, r -> r.getExpression()
                .filter(x -> x instanceof BooleanLiteralExpr b && b.getValue()).isPresent()).isPresent()) {
            return Optional.of("then returns true from `" + method.getNameAsString() + "` without checking anything");
        }
        if (exits(then)) {
            Optional<MethodCallExpr> skipped = checkAfter(ifStmt);
            if (skipped.isPresent()) {
                return Optional.of("then returns before " + Code.quote(skipped.get()) + " runs");
            }
            if (authMethod && FILTER_METHODS.contains(method.getNameAsString())) {
                return Optional.of("then returns from `" + method.getNameAsString() + "` before the filter checks"
                        + " the caller");
            }
        }
        Optional<MethodCallExpr> skippedInElse = ifStmt.getElseStmt().flatMap(e -> e.findFirst(MethodCallExpr.class,
                TestCodeInProductionRule::isCheckCall));
        if (skippedInElse.isPresent() && then.findFirst(MethodCallExpr.class, TestCodeInProductionRule::isCheckCall)
                .isEmpty()) {
            return Optional.of("then skips " + Code.quote(skippedInElse.get()) + ", which only the else branch runs");
        }
        return Optional.empty();
    }

    private static boolean exits(Statement statement) {
        Statement last = statement;
        if (statement instanceof BlockStmt block) {
            if (block.getStatements().isEmpty()) {
                return false;
            }
            last = block.getStatements().getLast().orElseThrow();
        }
        return last instanceof ReturnStmt && !(last.findFirst(ThrowStmt.class).isPresent());
    }

    /** The first check call after the if, in the statements of its block. */
    private static Optional<MethodCallExpr> checkAfter(IfStmt ifStmt) {
        if (!(ifStmt.getParentNode().orElse(null) instanceof BlockStmt block)) {
            return Optional.empty();
        }
        boolean after = false;
        for (Statement s : block.getStatements()) {
            if (s == ifStmt) {
                after = true;
            } else if (after) {
                Optional<MethodCallExpr> check = s.findFirst(MethodCallExpr.class, TestCodeInProductionRule::isCheckCall);
                if (check.isPresent()) {
                    return check;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isCheckCall(MethodCallExpr call) {
        return AccessChecks.isCheckName(call.getNameAsString());
    }

    /** A method that answers "may this caller proceed": isAuthorized, checkPermission, an auth filter's doFilter. */
    private static boolean isAuthMethod(CallableDeclaration<?> method) {
        if (AccessChecks.isCheckName(method.getNameAsString())) {
            return true;
        }
        Optional<String> owner = method.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString());
        return FILTER_METHODS.contains(method.getNameAsString()) && owner.filter(AccessChecks::isAboutAccess).isPresent();
    }
}
