package dev.seclens.rules.checks;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Fix;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextEdit;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.ConfiguredValues;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.ConfiguredValues.Setting;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * TLS that does not authenticate the peer or negotiates an obsolete protocol: an X509TrustManager
 * whose checkServerTrusted accepts every certificate (an empty body, or only {@code return;}), and
 * SSLContext or enabled-protocol lists that ask for SSL, TLS 1.0 or TLS 1.1.
 */
@RuleInfo(
        id = "java/trust-all-certificates",
        title = "Certificate validation disabled or obsolete TLS version",
        cwe = {295, 326},
        owasp = Owasp.A07,
        concern = Concern.CONFIGURATION,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "An X509TrustManager accepts every certificate, or SSLContext.getInstance / setEnabledProtocols"
                + " asks for SSL, TLS 1.0 or TLS 1.1.")
public final class TrustAllCertificatesRule implements Rule {
    private static final List<String> TRUST_MANAGERS = List.of("javax.net.ssl.X509TrustManager",
            "javax.net.ssl.X509ExtendedTrustManager");
    private static final Set<String> OBSOLETE = Set.of("SSL", "SSLV2", "SSLV3", "SSLV2HELLO", "TLSV1", "TLSV1.1");
    /** The protocol name that selects the provider's defaults: TLS 1.3 and 1.2 on every JDK still patched. */
    static final String SAFE_PROTOCOL = "TLS";
    private static final Set<String> PROTOCOL_PROPERTIES = Set.of("https.protocols", "jdk.tls.client.protocols",
            "jdk.tls.server.protocols");

    @Override
    public void check(RuleContext context) {
        for (TypeDeclaration<?> type : context.index().types()) {
            if (type instanceof ClassOrInterfaceDeclaration c && !c.isInterface()
                    && (implementsTrustManager(c.getImplementedTypes()) || implementsTrustManager(c.getExtendedTypes()))) {
                checkTrustManager(context, c.getMembers(), "class " + c.getNameAsString());
            }
        }
        for (ObjectCreationExpr creation : context.index().creations()) {
            if (creation.getAnonymousClassBody().isPresent()
                    && TRUST_MANAGERS.stream().anyMatch(t -> Types.denotes(creation.getType(), t))) {
                checkTrustManager(context, creation.getAnonymousClassBody().get(),
                        "the anonymous " + creation.getType().getNameAsString());
            }
        }
        for (MethodCallExpr call : context.index().calls()) {
            checkProtocols(context, call);
        }
    }

    private static boolean implementsTrustManager(NodeList<ClassOrInterfaceType> types) {
        return types.stream().anyMatch(t -> TRUST_MANAGERS.stream().anyMatch(tm -> Types.denotes(t, tm)));
    }

    /** Reported once, at the first checkServerTrusted that accepts everything. */
    private static void checkTrustManager(RuleContext context, NodeList<BodyDeclaration<?>> members, String owner) {
        for (BodyDeclaration<?> member : members) {
            if (member instanceof MethodDeclaration method && method.getNameAsString().equals("checkServerTrusted")
                    && method.getBody().filter(b -> acceptsEverything(b.getStatements())).isPresent()) {
                context.report(method.getName(), "checkServerTrusted in " + owner + " accepts every certificate chain"
                        + " (its body " + (method.getBody().get().getStatements().isEmpty() ? "is empty" : "only returns")
                        + "), so anyone on the network can impersonate the server. Use the default TrustManagerFactory,"
                        + " or a trust store holding the server's certificate.");
                return;
            }
        }
    }

    /** Nothing but {@code return;}: comments are not statements, so a commented-out check counts. */
    private static boolean acceptsEverything(NodeList<Statement> statements) {
        return statements.stream().allMatch(s -> s instanceof ReturnStmt r && r.getExpression().isEmpty()
                || s.isEmptyStmt());
    }

    private static void checkProtocols(RuleContext context, MethodCallExpr call) {
        String method = call.getNameAsString();
        Optional<Expression> scope = call.getScope();
        if (method.equals("getInstance") && !call.getArguments().isEmpty()
                && scope.map(s -> Types.isTypeName(s, "javax.net.ssl.SSLContext")).orElse(false)) {
            Expression protocol = call.getArgument(0);
            setting(context, protocol).filter(p -> isObsolete(p.value())).ifPresent(p -> {
                boolean family = p.value().trim().equalsIgnoreCase("SSL");
                context.report(call, "SSLContext.getInstance(" + Code.quote(protocol) + ")" + p.from(protocol)
                                + (family ? " names the SSL protocol family: the JDK maps it to its TLS defaults, but"
                                + " other providers may enable SSLv3" : " limits the connection to " + p.value().trim()
                                + ", which is obsolete (RFC 7568, RFC 8996) and disabled in current JDKs")
                                + "; use \"" + SAFE_PROTOCOL + "\", which negotiates TLS 1.3 or 1.2.",
                        family ? Confidence.MEDIUM : Confidence.HIGH, List.of(), replaceProtocol(protocol));
            });
        } else if (method.equals("setEnabledProtocols") || method.equals("setProtocols")) {
            if (call.getArguments().size() == 1 && (method.equals("setEnabledProtocols") || isSslParameters(scope))) {
                List<String> obsolete = protocols(call.getArgument(0)).stream().filter(TrustAllCertificatesRule::isObsoleteName).toList();
                if (!obsolete.isEmpty()) {
                    context.report(call.getArgument(0), Code.quote(call) + " enables " + String.join(", ", obsolete)
                            + " (obsolete: RFC 7568, RFC 8996), which a network attacker can downgrade the connection"
                            + " to; enable only TLSv1.3 and TLSv1.2.");
                }
            }
        } else if (method.equals("setProperty") && call.getArguments().size() == 2
                && scope.map(s -> Types.isTypeName(s, "java.lang.System")).orElse(false)) {
            Optional<String> property = ConfiguredValues.setting(call.getArgument(0), context.file().path(),
                    context.projectFiles()).map(Setting::value);
            Optional<Setting> value = setting(context, call.getArgument(1));
            if (property.filter(PROTOCOL_PROPERTIES::contains).isPresent() && value.isPresent()) {
                List<String> obsolete = List.of(value.get().value().split(",")).stream().map(String::trim)
                        .filter(TrustAllCertificatesRule::isObsoleteName).toList();
                if (!obsolete.isEmpty()) {
                    context.report(call, Code.quote(call) + value.get().from(call.getArgument(1)) + " enables "
                            + String.join(", ", obsolete) + " for the whole JVM; allow only TLSv1.3 and TLSv1.2.");
                }
            }
        }
    }

    private static boolean isObsoleteName(String protocol) {
        return isObsolete(protocol) && !protocol.trim().equalsIgnoreCase("SSL");
    }

    private static boolean isObsolete(String protocol) {
        return OBSOLETE.contains(protocol.trim().toUpperCase(Locale.ROOT));
    }

    private static boolean isSslParameters(Optional<Expression> scope) {
        return scope.flatMap(Types::declaredType).map(t -> Types.denotes(t, "javax.net.ssl.SSLParameters")).orElse(false);
    }

    private static Optional<Setting> setting(RuleContext context, Expression e) {
        return ConfiguredValues.setting(e, context.file().path(), context.projectFiles());
    }

    /** The constant protocol names of {@code new String[] {...}}, {@code {...}} or a variable holding one. */
    private static List<String> protocols(Expression e) {
        Expression array = e;
        for (int hops = 0; hops < 4 && !(array instanceof ArrayCreationExpr) && !(array instanceof ArrayInitializerExpr);
             hops++) {
            Optional<Expression> init = Declarations.of(array)
                    .filter(d -> d.kind() != Declaration.Kind.PARAMETER && !Declarations.isReassigned(d))
                    .flatMap(Declaration::initializer);
            if (init.isEmpty()) {
                return List.of();
            }
            array = init.get();
        }
        if (array instanceof ArrayCreationExpr creation) {
            array = creation.getInitializer().map(Expression.class::cast).orElse(array);
        }
        List<String> names = new ArrayList<>();
        if (array instanceof ArrayInitializerExpr init) {
            for (Expression value : init.getValues()) {
                Constants.string(value).ifPresent(names::add);
            }
        }
        return names;
    }

    private static Fix replaceProtocol(Expression protocol) {
        if (!(protocol instanceof StringLiteralExpr)) {
            return null;
        }
        return new Fix("Use \"" + SAFE_PROTOCOL + "\" (TLS 1.3 or 1.2, as the JDK negotiates)",
                List.of(new TextEdit(SourceRange.of(protocol), "\"" + SAFE_PROTOCOL + "\"")), List.of());
    }
}
