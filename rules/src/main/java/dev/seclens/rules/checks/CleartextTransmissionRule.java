package dev.seclens.rules.checks;

import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
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
import dev.seclens.rules.ast.ConfiguredValues.Setting;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Identifiers;
import dev.seclens.rules.ast.SecretNames;
import dev.seclens.rules.ast.Types;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An {@code http://}, {@code ftp://} or {@code ws://} URL to a host that is not local, where it
 * reaches an API that connects (URL.openConnection/openStream, java.net.http, RestTemplate,
 * WebClient, OkHttp, Apache HttpClient, JAX-RS, WebSocket clients), and a credential written to a
 * plain Socket's stream. URLs that only name things (XML namespaces, schemas) never reach such an
 * API and stay silent. A cookie's setSecure(false) is java/insecure-cookie's.
 */
@RuleInfo(
        id = "java/cleartext-transmission",
        title = "Data sent over a cleartext connection",
        cwe = {319},
        owasp = Owasp.A02,
        concern = Concern.CONFIGURATION,
        severity = Severity.MEDIUM,
        confidence = Confidence.HIGH,
        summary = "An http://, ftp:// or ws:// URL to a non-local host is opened by a connection API, or a credential"
                + " is written to a plain Socket.")
public final class CleartextTransmissionRule implements Rule {
    private static final Set<String> CLEARTEXT = Set.of("http", "ftp", "ws");
    private static final Set<String> OPENERS = Set.of("openConnection", "openStream", "getContent");
    private static final Set<String> REST_TEMPLATE_METHODS = Set.of("getForObject", "getForEntity", "postForObject",
            "postForEntity", "postForLocation", "exchange", "put", "delete", "patchForObject", "execute",
            "headForHeaders", "optionsForAllow");
    private static final Set<String> APACHE_REQUESTS = Set.of("HttpGet", "HttpPost", "HttpPut", "HttpDelete",
            "HttpPatch", "HttpHead", "HttpOptions");
    private static final Set<String> STREAM_WRITES = Set.of("write", "print", "println", "printf", "format",
            "writeUTF", "writeBytes", "writeChars", "append");
    private static final Pattern PRIVATE_ADDRESS = Pattern.compile(
            "10\\.\\d+\\.\\d+\\.\\d+|192\\.168\\.\\d+\\.\\d+|172\\.(1[6-9]|2\\d|3[01])\\.\\d+\\.\\d+");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[^}]*}|%[sd]");
    private static final List<String> LOCAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".localdomain",
            ".test");

    /** A cleartext URL, the host it names, and how a message says where it came from. */
    private record Cleartext(String url, String scheme, String host, int port, Expression literal, String origin) {
    }

    @Override
    public void check(RuleContext context) {
        for (MethodCallExpr call : context.index().calls()) {
            // in a builder chain, point at the URL argument rather than at the chain's first line
            boolean chained = call.getScope().filter(s -> s instanceof MethodCallExpr).isPresent();
            sinkArgument(call).ifPresent(argument -> cleartext(context, argument, 0)
                    .ifPresent(url -> report(context, chained && argument != call.getScope().get() ? argument : call,
                            Code.quoteCall(call), url)));
        }
        for (ObjectCreationExpr creation : context.index().creations()) {
            if (APACHE_REQUESTS.contains(creation.getType().getNameAsString()) && creation.getArguments().size() == 1) {
                cleartext(context, creation.getArgument(0), 0)
                        .ifPresent(url -> report(context, creation, Code.quote(creation), url));
            } else if (Types.denotes(creation.getType(), "java.net.Socket") && creation.getArguments().size() >= 2) {
                checkSocket(context, creation);
            }
        }
    }

    /** The argument of a connecting call that carries its URL, if the call connects. */
    private static Optional<Expression> sinkArgument(MethodCallExpr call) {
        String method = call.getNameAsString();
        Optional<Expression> scope = call.getScope();
        int arguments = call.getArguments().size();
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        if (OPENERS.contains(method) && arguments <= 1) {
            return scope; // new URL(...).openConnection(), url.openStream()
        }
        if (arguments == 0) {
            return Optional.empty();
        }
        Expression first = call.getArgument(0);
        boolean connects = switch (method) {
            case "newBuilder" -> Types.isTypeName(scope.get(), "java.net.http.HttpRequest");
            case "uri", "baseUrl", "buildAsync" -> true;
            case "create" -> Types.isTypeName(scope.get(), "org.springframework.web.reactive.function.client.WebClient");
            case "url" -> Code.of(scope.get()).contains("Request.Builder");
            case "target" -> Code.of(scope.get()).contains("Client");
            default -> REST_TEMPLATE_METHODS.contains(method) && isRestTemplate(scope.get());
        };
        if (method.equals("connectToServer") && arguments == 2) {
            return Optional.of(call.getArgument(1));
        }
        return connects ? Optional.of(first) : Optional.empty();
    }

    private static boolean isRestTemplate(Expression scope) {
        return Types.declaredType(scope).map(t -> Types.denotes(t, "org.springframework.web.client.RestTemplate")
                || Types.simpleName(t).equals("TestRestTemplate")).orElse(false);
    }

    /** The cleartext URL an expression holds: a string, or a URI or URL made from one. */
    private static Optional<Cleartext> cleartext(RuleContext context, Expression e, int hops) {
        if (hops > 8) {
            return Optional.empty();
        }
        if (e instanceof EnclosedExpr p) return cleartext(context, p.getInner(), hops + 1);
        if (e instanceof CastExpr c) return cleartext(context, c.getExpression(), hops + 1);
        if (e instanceof ObjectCreationExpr creation && creation.getArguments().size() == 1
                && (Types.denotes(creation.getType(), "java.net.URL") || Types.denotes(creation.getType(), "java.net.URI"))) {
            return cleartext(context, creation.getArgument(0), hops + 1);
        }
        if (e instanceof MethodCallExpr call && call.getScope().isPresent()) {
            String method = call.getNameAsString();
            if (method.equals("create") && call.getArguments().size() == 1
                    && Types.isTypeName(call.getScope().get(), "java.net.URI")) {
                return cleartext(context, call.getArgument(0), hops + 1);
            }
            if ((method.equals("toURL") || method.equals("toURI")) && call.getArguments().isEmpty()) {
                return cleartext(context, call.getScope().get(), hops + 1);
            }
        }
        Optional<Setting> text = ConfiguredValues.setting(e, context.file().path(), context.projectFiles());
        if (text.isPresent()) {
            return parse(text.get().value()).map(u -> new Cleartext(u.url(), u.scheme(), u.host(), u.port(),
                    e instanceof StringLiteralExpr ? e : null, text.get().origin().isEmpty() ? ""
                    : text.get().note(e)));
        }
        if (e instanceof NameExpr) {
            return Declarations.of(e).filter(d -> d.kind() != Declaration.Kind.PARAMETER && !Declarations.isReassigned(d))
                    .flatMap(Declaration::initializer)
                    .flatMap(init -> cleartext(context, init, hops + 1))
                    .map(u -> new Cleartext(u.url(), u.scheme(), u.host(), u.port(), null,
                            "`" + Code.quote(e) + "` is \"" + u.url() + "\""));
        }
        return Optional.empty();
    }

    /** An http, ftp or ws URL whose host is not local; empty for anything else. */
    private static Optional<Cleartext> parse(String text) {
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(TEMPLATE_VARIABLE.matcher(trimmed).replaceAll("x")); // RestTemplate's {id}, printf's %s
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!CLEARTEXT.contains(scheme) || host == null || isLocal(host)) {
            return Optional.empty();
        }
        return Optional.of(new Cleartext(trimmed, scheme, host, uri.getPort(), null, ""));
    }

    /** Loopback, single-label names (a container's service name) and the reserved local suffixes. */
    private static boolean isLocal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.equals("0.0.0.0") || !h.contains(".") && !h.contains(":")
                || LOCAL_SUFFIXES.stream().anyMatch(h::endsWith);
    }

    private static void report(RuleContext context, Expression at, String shown, Cleartext url) {
        String protocol = url.scheme().toUpperCase(Locale.ROOT);
        String secure = url.scheme().equals("ws") ? "wss://" : url.scheme().equals("ftp") ? "SFTP or FTPS" : "https://";
        boolean privateAddress = PRIVATE_ADDRESS.matcher(url.host()).matches();
        context.report(at, shown + " connects to " + url.host() + " over cleartext " + protocol
                        + (url.origin().isEmpty() ? "" : " (" + url.origin() + ")")
                        + ": anyone on the network path can read and change the data, credentials and session"
                        + " tokens included. Use " + secure + ".",
                privateAddress ? Confidence.MEDIUM : Confidence.HIGH, List.of(), fix(url));
    }

    /** http → https and ws → wss on a literal without an explicit port (a custom port would keep serving cleartext). */
    private static Fix fix(Cleartext url) {
        if (url.literal() == null || url.scheme().equals("ftp")) {
            return null;
        }
        if (url.port() != -1) {
            return null;
        }
        String secure = url.scheme().equals("ws") ? "wss" : "https";
        String literal = ((StringLiteralExpr) url.literal()).getValue();
        int colon = literal.indexOf(':');
        return new Fix("Use " + secure + "://", List.of(new TextEdit(SourceRange.of(url.literal()),
                "\"" + secure + literal.substring(colon) + "\"")), List.of());
    }

    /** A credential written to a plain (not SSL) Socket's output stream, in the method that opens it. */
    private static void checkSocket(RuleContext context, ObjectCreationExpr socket) {
        if (!(socket.getParentNode().orElse(null) instanceof VariableDeclarator variable)) {
            return;
        }
        Optional<Declaration> declared = Declarations.find(variable.getName(), variable.getNameAsString());
        if (declared.isEmpty()) {
            return;
        }
        List<Declaration> streams = new ArrayList<>(List.of(declared.get()));
        for (int i = 0; i < streams.size() && i < 8; i++) {
            for (NameExpr use : Declarations.uses(streams.get(i))) {
                use.findAncestor(VariableDeclarator.class)
                        .filter(v -> v.getInitializer().filter(init -> use.isDescendantOf(init)).isPresent())
                        .flatMap(v -> Declarations.find(v.getName(), v.getNameAsString()))
                        .filter(d -> !streams.contains(d))
                        .ifPresent(streams::add);
                if (use.getParentNode().orElse(null) instanceof MethodCallExpr write && write.getScope().orElse(null) == use
                        && STREAM_WRITES.contains(write.getNameAsString()) && i > 0) {
                    credentialIn(write).ifPresent(name -> context.report(write, Code.quote(write) + " writes `" + name
                            + "` to a plain socket (" + Code.quote(socket) + ", line "
                            + socket.getBegin().map(p -> p.line).orElse(0) + "), unencrypted on the network; use an"
                            + " SSLSocket from SSLSocketFactory.getDefault().", Confidence.MEDIUM, List.of(), null));
                }
            }
        }
    }

    private static Optional<String> credentialIn(MethodCallExpr write) {
        for (Expression argument : write.getArguments()) {
            for (com.github.javaparser.ast.Node node : argument.findAll(com.github.javaparser.ast.Node.class)) {
                String name = node instanceof NameExpr n ? n.getNameAsString()
                        : node instanceof FieldAccessExpr f ? f.getNameAsString()
                        : node instanceof MethodCallExpr m && m.getArguments().isEmpty() ? m.getNameAsString() : null;
                if (name != null && SecretNames.isCredential(name) && !Identifiers.words(name).contains("hash")) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }
}
