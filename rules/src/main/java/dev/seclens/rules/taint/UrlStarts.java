package dev.seclens.rules.taint;

import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.seclens.rules.ast.Concatenation;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the constant start of a URL or path fixes for the values put after it, however the text is
 * built: after {@code "https://host/"} nothing can change the host a request goes to or a redirect
 * leaves for; after a local path such as {@code "/account/"} a redirect stays on this site; after a
 * {@code '?'} or {@code '#'} a value is only in the query. Concatenation asks {@link #fixedByStart};
 * {@link #fixedArguments} does the same for {@code String.format}, {@code String.formatted} and a
 * {@code StringBuilder}'s appends, for the reference a {@code URI} resolves against itself, and for
 * the spec of {@code new URL(context, spec)}; a reference that starts with its own scheme and host
 * leaves nothing of the base it is resolved against.
 */
final class UrlStarts {
    private static final Pattern FIXED_HOST = Pattern.compile("(?:redirect:)?[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#@\\\\]+[/?#]");
    /** A path on this site; {@code redirect:} is Spring's prefix for redirecting view names. */
    private static final Pattern LOCAL_PATH = Pattern.compile("(?:redirect:)?/[^/\\\\]");
    /** A format specifier: {@code %s}, {@code %2$s}, {@code %-10d}, {@code %%}. */
    private static final Pattern SPECIFIER = Pattern.compile("%(\\d+\\$)?[-#+ 0,(<]*\\d*(?:\\.\\d+)?([a-zA-Z%])");
    private static final Set<String> QUERY_ONLY = Set.of("ssrf", "redirect");
    private static final Set<String> BUILDERS = Set.of("StringBuilder", "StringBuffer");
    /** Protocols of {@code java.net.URL} whose URLs go to the host they name, the file being a path on it. */
    private static final Set<String> HOST_PROTOCOLS = Set.of("http", "https", "ftp");

    private UrlStarts() {
    }

    /** The kinds a value placed after the constant {@code start} of a text can no longer be. */
    static Set<String> fixedByStart(CharSequence start) {
        if (FIXED_HOST.matcher(start).lookingAt()) return QUERY_ONLY;
        if (LOCAL_PATH.matcher(start).lookingAt()) return Set.of("redirect");
        return Set.of();
    }

    /**
     * Per argument of {@code call}, the kinds the text the call puts before it rules out: the
     * arguments of {@code String.format("https://api/%s", id)}, of {@code "/u/%s".formatted(id)}, or
     * of {@code sb.append(id)} where {@code sb} so far holds {@code "https://api/"}, or of
     * {@code base.resolve("pages/" + id)} on a {@code URI}. Empty sets when the call is none of these
     * or its start is not constant. {@code typeOf} gives an expression's type as the file writes it.
     */
    static List<Set<String>> fixedArguments(MethodCallExpr call, Function<Expression, Optional<String>> typeOf) {
        List<Set<String>> out = new ArrayList<>();
        call.getArguments().forEach(a -> out.add(Set.of()));
        String name = call.getNameAsString();
        if (name.equals("format") && call.getScope().filter(s -> s.toString().equals("String")).isPresent()) {
            int at = formatPosition(call);
            if (at >= 0) {
                Constants.string(call.getArgument(at)).ifPresent(f -> fillFromFormat(f, at + 1, out));
            }
        } else if (name.equals("formatted") && call.getScope().isPresent()) {
            Constants.string(call.getScope().get()).ifPresent(f -> fillFromFormat(f, 0, out));
        } else if (name.equals("append") && call.getArguments().size() == 1) {
            Optional<List<Expression>> before = piecesBefore(call.getScope().orElse(null), call);
            before.ifPresent(pieces -> out.set(0, fixedAfter(pieces)));
        } else if (name.equals("resolve") && call.getArguments().size() == 1 && call.getScope().isPresent()
                && typeOf.apply(call.getScope().get()).filter(t -> Types.denotes(call, t, "java.net.URI")).isPresent()) {
            if (constantStart(call.getArgument(0)).filter(UrlStarts::keepsBaseAuthority).isPresent()) {
                out.set(0, QUERY_ONLY);
            }
        }
        return out;
    }

    /**
     * The kinds the receiver of {@code call} can no longer be in its result: for
     * {@code base.resolve("https://api.example.com/" + id)} on a {@code URI}, the base, which a
     * reference with its own scheme and host replaces whole. Empty for any other call.
     */
    static Set<String> fixedReceiver(MethodCallExpr call, Function<Expression, Optional<String>> typeOf) {
        if (call.getNameAsString().equals("resolve") && call.getArguments().size() == 1 && call.getScope().isPresent()
                && typeOf.apply(call.getScope().get()).filter(t -> Types.denotes(call, t, "java.net.URI")).isPresent()
                && constantStart(call.getArgument(0)).filter(UrlStarts::replacesBase).isPresent()) {
            return QUERY_ONLY;
        }
        return Set.of();
    }

    /**
     * Per argument of {@code new URL(context, spec)} or {@code new URL(context, spec, handler)}, the
     * kinds the spec's constant start rules out, as {@link #fixedArguments} does for
     * {@code URI.resolve}: {@code URL}'s parser keeps the context's scheme and host for a spec
     * that starts with an absolute path, a relative path past its first {@code '/'}, a query or a
     * fragment, so the value after such a start changes only the path or the query; and a spec
     * that starts with a scheme and a host of its own ({@code "https://api.example.com/"}) is the
     * whole URL, so the context given does not matter. For {@code new URL("https", host, file)}
     * (with a port, and with a handler) the file, which cannot change the host. Empty sets for any other
     * constructor or a spec whose start is not constant.
     */
    static List<Set<String>> fixedConstructorArguments(ObjectCreationExpr o, Function<Expression, Optional<String>> typeOf) {
        List<Set<String>> out = new ArrayList<>();
        o.getArguments().forEach(a -> out.add(Set.of()));
        if (!Types.denotes(o.getType(), "java.net.URL")) {
            return out;
        }
        int count = o.getArguments().size();
        if ((count == 3 || count == 4 || count == 5) && !isContextForm(o, typeOf)) {
            // URL(protocol, host, file), URL(protocol, host, port, file) and
            // URL(protocol, host, port, file, handler): the host is an argument of its own, and the
            // file is never parsed for one
            int file = count == 3 ? 2 : 3;
            if (hostFixedApartFromFile(o.getArgument(0), o.getArgument(1))) out.set(file, QUERY_ONLY);
            return out;
        }
        if (!isContextForm(o, typeOf)) {
            return out;
        }
        Optional<String> start = constantStart(o.getArgument(1));
        if (start.filter(UrlStarts::keepsBaseAuthority).isPresent()) {
            out.set(1, QUERY_ONLY);
        }
        if (start.filter(UrlStarts::replacesBase).isPresent()) {
            out.set(0, QUERY_ONLY);
        }
        return out;
    }

    /**
     * Whether a URL made from its parts, {@code new URL(protocol, host, .., file, ..)}, goes to the
     * host given whatever the file holds: the protocol is a constant whose URLs name a host
     * ({@code http}, {@code https}, {@code ftp}; a {@code jar:} URL's file is itself a URL,
     * {@code "http://evil.example/x.jar!/"}, and a {@code file:} URL's a path on this machine),
     * and the host is given (a {@code null} or empty host leaves the URL no authority, so its text
     * is the protocol followed by the file, which may then start {@code "//evil.example"}).
     */
    private static boolean hostFixedApartFromFile(Expression protocol, Expression host) {
        boolean namesHost = Constants.string(protocol).map(p -> HOST_PROTOCOLS.contains(p.toLowerCase(Locale.ROOT)))
                .orElse(false);
        boolean absent = host.isNullLiteralExpr() || Constants.string(host).filter(String::isEmpty).isPresent();
        return namesHost && !absent;
    }

    /**
     * Whether {@code new URL(..)} is {@code URL(URL context, String spec)} or
     * {@code URL(URL context, String spec, URLStreamHandler handler)}: two arguments (the only
     * two-argument constructor), or three whose first is visibly a {@code URL} or whose last is
     * visibly a handler, unlike {@code URL(String protocol, String host, String file)}.
     */
    private static boolean isContextForm(ObjectCreationExpr o, Function<Expression, Optional<String>> typeOf) {
        int count = o.getArguments().size();
        if (count == 2) return true;
        if (count != 3) return false;
        return typeOf.apply(o.getArgument(0)).filter(t -> Types.denotes(o, t, "java.net.URL")).isPresent()
                || typeOf.apply(o.getArgument(2)).filter(t -> Types.denotes(o, t, "java.net.URLStreamHandler")).isPresent();
    }

    /**
     * Whether a reference starting with {@code start} names its own scheme and host, so that
     * resolving it against any base, or building a {@code URL} from it in any context, gives the
     * reference itself: {@code "https://api.example.com/"} (RFC 3986 §5.2.2: a reference with a
     * scheme takes nothing from the base).
     */
    static boolean replacesBase(String start) {
        return !start.startsWith("redirect:") && FIXED_HOST.matcher(start).lookingAt();
    }


    /**
     * Whether a reference starting with {@code start} keeps the scheme and host of the URI it is
     * resolved against (RFC 3986 §4.2 and §5.2, which {@code URI.resolve} follows): an absolute path
     * ({@code "/pages/"}, but not {@code "/"}, which the value may continue into {@code "//host"}), or
     * a relative path whose first segment has ended before any {@code ':'} (so {@code "pages/"},
     * never {@code "pages"}, which the value may turn into the scheme {@code "pages:"}), or a query or
     * fragment. {@code "//host"} names another host, and a reference with a scheme replaces the base.
     */
    static boolean keepsBaseAuthority(String start) {
        if (start.startsWith("/")) return start.length() > 1 && start.charAt(1) != '/';
        for (int i = 0; i < start.length(); i++) {
            char c = start.charAt(i);
            if (c == ':') return false;
            if (c == '/' || c == '?' || c == '#') return true;
        }
        return false;
    }

    /**
     * The constant text a string expression starts with: the leading constant pieces of a
     * concatenation, written in place or held by a local assigned once; empty when its start is not
     * constant.
     */
    private static Optional<String> constantStart(Expression text) {
        Expression e = text;
        if (e instanceof NameExpr n) {
            Optional<Declaration> d = Declarations.of(n);
            if (d.isEmpty() || d.get().kind() != Declaration.Kind.LOCAL || Declarations.isReassigned(d.get())) {
                return Constants.string(e);
            }
            e = d.get().initializer().orElse(e);
        }
        if (!(e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS)) {
            return Constants.string(e);
        }
        StringBuilder start = new StringBuilder();
        for (Expression operand : Concatenation.operands(b)) {
            Optional<String> piece = Constants.string(operand);
            if (piece.isEmpty()) break;
            start.append(piece.get());
        }
        return Optional.of(start.toString());
    }

    /** The format argument of {@code String.format}: the first, or the second after a {@code Locale}. */
    private static int formatPosition(MethodCallExpr call) {
        for (int i = 0; i < Math.min(2, call.getArguments().size()); i++) {
            if (Constants.string(call.getArgument(i)).isPresent()) return i;
        }
        return -1;
    }

    private static void fillFromFormat(String format, int firstValue, List<Set<String>> out) {
        Matcher m = SPECIFIER.matcher(format);
        String start = null;
        int next = 0;
        while (m.find()) {
            char conversion = m.group(2).charAt(0);
            if (conversion == '%' || conversion == 'n') continue;
            if (start == null) start = format.substring(0, m.start());
            int index = m.group(1) != null ? Integer.parseInt(m.group(1).substring(0, m.group(1).length() - 1)) - 1 : next++;
            Set<String> fixed = format.substring(0, m.start()).matches("(?s).*[?#].*") ? QUERY_ONLY : fixedByStart(start);
            int argument = firstValue + index;
            if (argument >= 0 && argument < out.size()) out.set(argument, fixed);
        }
    }

    /** What the pieces already in a builder fix for the next one. */
    private static Set<String> fixedAfter(List<Expression> pieces) {
        StringBuilder start = new StringBuilder();
        boolean constantSoFar = true;
        for (Expression piece : pieces) {
            Optional<String> text = Constants.string(piece);
            if (text.isPresent() && (text.get().indexOf('?') >= 0 || text.get().indexOf('#') >= 0)) {
                return QUERY_ONLY;
            }
            if (constantSoFar && text.isPresent()) {
                start.append(text.get());
            } else {
                constantSoFar = false;
            }
        }
        return fixedByStart(start);
    }

    /**
     * The pieces a builder holds before {@code call} appends to it, in order, when the code shows
     * them all: a chain from {@code new StringBuilder("...")}, or a local builder filled by plain
     * statements of the block that declares it before the one making {@code call}. Empty when
     * anything else touches it (a branch, a loop, another method).
     */
    private static Optional<List<Expression>> piecesBefore(Expression builder, MethodCallExpr call) {
        List<Expression> pieces = new ArrayList<>();
        Expression e = builder;
        List<Expression> chained = new ArrayList<>();
        while (e instanceof MethodCallExpr m && m.getNameAsString().equals("append") && m.getArguments().size() == 1) {
            chained.add(0, m.getArgument(0));
            e = m.getScope().orElse(null);
        }
        if (e instanceof ObjectCreationExpr o && BUILDERS.contains(o.getType().getNameAsString())) {
            initial(o).ifPresent(pieces::add);
        } else if (e instanceof NameExpr n) {
            Optional<List<Expression>> held = heldBefore(n, call);
            if (held.isEmpty()) return Optional.empty();
            pieces.addAll(held.get());
        } else {
            return Optional.empty();
        }
        pieces.addAll(chained);
        return Optional.of(pieces);
    }

    /** {@code new StringBuilder("https://api/")} starts with its text; {@code new StringBuilder(64)} with nothing. */
    private static Optional<Expression> initial(ObjectCreationExpr o) {
        if (o.getArguments().size() == 1 && !(Constants.value(o.getArgument(0)).orElse(null) instanceof Number)) {
            return Optional.of(o.getArgument(0));
        }
        return Optional.empty();
    }

    private static Optional<List<Expression>> heldBefore(NameExpr name, MethodCallExpr call) {
        Optional<Declaration> d = Declarations.of(name);
        if (d.isEmpty() || d.get().kind() != Declaration.Kind.LOCAL || !(d.get().node() instanceof VariableDeclarator v)
                || !BUILDERS.contains(v.getType().asString()) || Declarations.isReassigned(d.get())) {
            return Optional.empty();
        }
        Optional<Statement> declaring = v.findAncestor(Statement.class);
        Optional<Statement> using = call.findAncestor(Statement.class);
        if (declaring.isEmpty() || using.isEmpty() || !(declaring.get().getParentNode().orElse(null) instanceof BlockStmt block)
                || using.get().getParentNode().orElse(null) != block) {
            return Optional.empty();
        }
        List<Expression> pieces = new ArrayList<>();
        if (v.getInitializer().isPresent()) {
            if (!(v.getInitializer().get() instanceof ObjectCreationExpr o)) return Optional.empty();
            initial(o).ifPresent(pieces::add);
        }
        List<Statement> statements = block.getStatements();
        for (int i = statements.indexOf(declaring.get()) + 1; i < statements.size(); i++) {
            Statement s = statements.get(i);
            if (s == using.get()) {
                return Optional.of(pieces);
            }
            boolean mentions = s.findAll(NameExpr.class).stream().anyMatch(x -> x.getNameAsString().equals(name.getNameAsString()));
            if (!mentions) continue;
            // sb.append(a).append(b); as a statement of its own: its pieces, in order
            if (!(s instanceof ExpressionStmt es && es.getExpression() instanceof MethodCallExpr m)) return Optional.empty();
            List<Expression> appended = new ArrayList<>();
            Expression e = m;
            while (e instanceof MethodCallExpr a && a.getNameAsString().equals("append") && a.getArguments().size() == 1) {
                appended.add(0, a.getArgument(0));
                e = a.getScope().orElse(null);
            }
            if (!(e instanceof NameExpr root) || !root.getNameAsString().equals(name.getNameAsString())) return Optional.empty();
            pieces.addAll(appended);
        }
        return Optional.empty();
    }
}
