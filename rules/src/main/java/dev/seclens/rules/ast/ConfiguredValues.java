package dev.seclens.rules.ast;

import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.seclens.rules.ProjectFiles;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Settings read from the project's own {@code .properties} files, next to {@link Constants}:
 * {@code props.getProperty("key"[, "default"])} on a {@code Properties} loaded from a classpath
 * resource or a file name, and {@code ResourceBundle.getBundle("name").getString("key")}, directly
 * or through a variable that holds the value, the Properties or the bundle. Resolved only when the
 * key and the file name are constants and the file is found under {@code src/main/resources} of the
 * source file's module (or beside the class); anything else is empty, never guessed.
 */
public final class ConfiguredValues {
    private static final int MAX_HOPS = 8;
    private static final String PROPERTIES = "java.util.Properties";
    private static final String RESOURCE_BUNDLE = "java.util.ResourceBundle";
    private static final Set<String> WRAPPERS = Set.of("BufferedInputStream", "BufferedReader", "InputStreamReader");
    private static final Set<String> FILE_STREAMS = Set.of("FileInputStream", "FileReader");

    /** A value found in a properties file, or the look-up's default when the file lacks the key ({@code line} 0). */
    public record Configured(String value, String file, int line, String key) {
        /** As messages say it: {@code "MD5" from crypto.properties:3 (hash.algorithm)}. */
        public String describe() {
            return line > 0 ? "\"" + value + "\" from " + file + ":" + line + " (" + key + ")"
                    : "\"" + value + "\" (the default: " + file + " has no " + key + ")";
        }
    }

    /** Where a properties file is named in the code: a classpath resource or a file-system name. */
    private record Named(String name, Kind kind) {
    }

    private enum Kind { RESOURCE, CLASS_RELATIVE, FILE }

    /**
     * A setting's value as the code or the project's files fix it; {@code origin} is how a message
     * says where it came from: empty for a literal, else {@code "resolves to "X""} or
     * {@code "reads "X" from crypto.properties:3 (key)"}.
     */
    public record Setting(String value, String origin) {
        /** Where the value of {@code written} came from, as a parenthesis: {@code " (`SIZE` resolves to 1024)"}; nothing for a literal. */
        public String from(Expression written) {
            return origin.isEmpty() ? "" : " (" + note(written) + ")";
        }

        /** {@code `SIZE` resolves to 1024}, or just {@code reads ...} when {@code written} is the look-up itself. */
        public String note(Expression written) {
            return written instanceof MethodCallExpr ? origin : "`" + Code.quote(written) + "` " + origin;
        }
    }

    private ConfiguredValues() {
    }

    /** The constant {@code expression} folds to, else the configured value it reads. */
    public static Optional<Setting> setting(Expression expression, String sourcePath, ProjectFiles files) {
        return setting(expression, sourcePath, files, 0);
    }

    private static Optional<Setting> setting(Expression expression, String sourcePath, ProjectFiles files, int hops) {
        if (hops > MAX_HOPS) {
            return Optional.empty();
        }
        Optional<Object> constant = Constants.value(expression);
        if (constant.isPresent()) {
            String value = String.valueOf(constant.get());
            boolean literal = expression instanceof com.github.javaparser.ast.expr.LiteralExpr;
            return Optional.of(new Setting(value, literal ? "" : "resolves to " + (constant.get() instanceof String
                    ? "\"" + value + "\"" : value)));
        }
        Expression parsed = expression;
        if (expression instanceof MethodCallExpr call && call.getArguments().size() == 1 && call.getScope().isPresent()
                && (call.getNameAsString().equals("parseInt") || call.getNameAsString().equals("valueOf"))
                && Types.isTypeName(call.getScope().get(), "java.lang.Integer")) {
            parsed = call.getArgument(0);
        }
        return string(parsed, sourcePath, files).map(c -> new Setting(c.value().trim(), "reads " + c.describe()))
                .or(() -> expression instanceof NameExpr ? stableInitializer(expression)
                        .flatMap(init -> setting(init, sourcePath, files, hops + 1)) : Optional.empty());
    }

    /** The configured value {@code expression} evaluates to, read from {@code files}; {@code sourcePath} is the file's path. */
    public static Optional<Configured> string(Expression expression, String sourcePath, ProjectFiles files) {
        return resolve(expression, sourcePath.replace('\\', '/'), files, 0);
    }

    private static Optional<Configured> resolve(Expression e, String source, ProjectFiles files, int hops) {
        if (hops > MAX_HOPS) {
            return Optional.empty();
        }
        if (e instanceof EnclosedExpr p) return resolve(p.getInner(), source, files, hops + 1);
        if (e instanceof CastExpr c) return resolve(c.getExpression(), source, files, hops + 1);
        if (!(e instanceof MethodCallExpr call)) {
            return stableInitializer(e).flatMap(init -> resolve(init, source, files, hops + 1));
        }
        if (call.getScope().isEmpty() || call.getArguments().isEmpty() || call.getArguments().size() > 2) {
            return Optional.empty();
        }
        Optional<String> key = Constants.string(call.getArgument(0));
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Expression scope = call.getScope().get();
        if (call.getNameAsString().equals("getProperty") && isProperties(scope)) {
            Optional<String> fallback = call.getArguments().size() == 2 ? Constants.string(call.getArgument(1))
                    : Optional.empty();
            return propertiesFiles(scope).flatMap(named -> lookUp(named, key.get(), fallback, source, files));
        }
        if (call.getNameAsString().equals("getString") && call.getArguments().size() == 1) {
            return bundle(scope, 0).flatMap(named -> lookUp(List.of(named), key.get(), Optional.empty(), source, files));
        }
        return Optional.empty();
    }

    /** A variable's initializer when the variable is never assigned again (and is not a parameter). */
    private static Optional<Expression> stableInitializer(Expression e) {
        return Declarations.of(e)
                .filter(d -> d.kind() != Declaration.Kind.PARAMETER)
                .filter(d -> d.isFinal() || !Declarations.isReassigned(d))
                .flatMap(Declaration::initializer);
    }

    private static boolean isProperties(Expression scope) {
        return Types.declaredType(scope).map(t -> Types.denotes(t, PROPERTIES)).orElse(false);
    }

    /** The files a Properties variable is loaded from, in load order; empty when any load is not understood. */
    private static Optional<List<Named>> propertiesFiles(Expression scope) {
        Optional<Declaration> declaration = Declarations.of(scope);
        if (declaration.isEmpty() || !Declarations.assignments(declaration.get()).isEmpty()) {
            return Optional.empty();
        }
        List<Named> loaded = new ArrayList<>();
        for (NameExpr use : Declarations.uses(declaration.get())) {
            if (use.getParentNode().orElse(null) instanceof MethodCallExpr load && load.getScope().orElse(null) == use
                    && load.getNameAsString().equals("load")) {
                Optional<Named> named = load.getArguments().size() == 1 ? stream(load.getArgument(0), 0) : Optional.empty();
                if (named.isEmpty()) {
                    return Optional.empty(); // loaded from somewhere we cannot read: its values are unknown
                }
                loaded.add(named.get());
            }
        }
        return loaded.isEmpty() ? Optional.empty() : Optional.of(loaded);
    }

    /** The file an input stream or reader reads. */
    private static Optional<Named> stream(Expression e, int hops) {
        if (hops > MAX_HOPS) {
            return Optional.empty();
        }
        if (e instanceof ObjectCreationExpr creation && !creation.getArguments().isEmpty()) {
            String type = creation.getType().getNameAsString();
            if (WRAPPERS.contains(type)) {
                return stream(creation.getArgument(0), hops + 1);
            }
            if (FILE_STREAMS.contains(type)) {
                return fileName(creation.getArgument(0)).map(n -> new Named(n, Kind.FILE));
            }
            return Optional.empty();
        }
        if (e instanceof MethodCallExpr call && call.getArguments().size() == 1) {
            String method = call.getNameAsString();
            if ((method.equals("newInputStream") || method.equals("newBufferedReader"))
                    && call.getScope().map(s -> Types.isTypeName(s, "java.nio.file.Files")).orElse(false)) {
                return fileName(call.getArgument(0)).map(n -> new Named(n, Kind.FILE));
            }
            Optional<String> name = Constants.string(call.getArgument(0));
            if (name.isEmpty()) {
                return Optional.empty();
            }
            if (method.equals("getSystemResourceAsStream")) {
                return Optional.of(new Named(name.get(), Kind.RESOURCE));
            }
            if (method.equals("getResourceAsStream") && call.getScope().isPresent()) {
                Expression owner = call.getScope().get();
                boolean loader = owner instanceof MethodCallExpr m && m.getNameAsString().endsWith("ClassLoader");
                boolean relative = !loader && !name.get().startsWith("/");
                return Optional.of(new Named(name.get(), relative ? Kind.CLASS_RELATIVE : Kind.RESOURCE));
            }
            return Optional.empty();
        }
        return stableInitializer(e).flatMap(init -> stream(init, hops + 1));
    }

    /** {@code "x.properties"}, {@code new File("x.properties")}, {@code Path.of("x.properties")} or {@code Paths.get(...)}. */
    private static Optional<String> fileName(Expression e) {
        Optional<String> constant = Constants.string(e);
        if (constant.isPresent()) {
            return constant;
        }
        if (e instanceof ObjectCreationExpr c && c.getType().getNameAsString().equals("File") && c.getArguments().size() == 1) {
            return Constants.string(c.getArgument(0));
        }
        if (e instanceof MethodCallExpr m && m.getArguments().size() == 1 && m.getScope().isPresent()
                && (m.getNameAsString().equals("of") && Types.isTypeName(m.getScope().get(), "java.nio.file.Path")
                || m.getNameAsString().equals("get") && Types.isTypeName(m.getScope().get(), "java.nio.file.Paths"))) {
            return Constants.string(m.getArgument(0));
        }
        return stableInitializer(e).flatMap(ConfiguredValues::fileName);
    }

    /** {@code ResourceBundle.getBundle("com.example.crypto"[, locale])}, directly or through a variable. */
    private static Optional<Named> bundle(Expression e, int hops) {
        if (hops > MAX_HOPS) {
            return Optional.empty();
        }
        if (e instanceof MethodCallExpr call && call.getNameAsString().equals("getBundle")
                && !call.getArguments().isEmpty()
                && call.getScope().map(s -> Types.isTypeName(s, RESOURCE_BUNDLE)).orElse(false)) {
            return Constants.string(call.getArgument(0))
                    .map(base -> new Named(base.replace('.', '/') + ".properties", Kind.RESOURCE));
        }
        return stableInitializer(e).flatMap(init -> bundle(init, hops + 1));
    }

    /** The key's value in the last of the files that has it; the default when none has it; empty when a file is missing. */
    private static Optional<Configured> lookUp(List<Named> named, String key, Optional<String> fallback,
                                               String source, ProjectFiles files) {
        Configured found = null;
        String lastFile = null;
        for (Named file : named) {
            Optional<Located> located = locate(file, source, files);
            if (located.isEmpty()) {
                return Optional.empty();
            }
            lastFile = located.get().shown();
            Optional<Configured> value = entry(located.get().text(), key, lastFile);
            if (value.isPresent()) {
                found = value.get();
            }
        }
        if (found != null) {
            return Optional.of(found);
        }
        String file = lastFile;
        return fallback.map(v -> new Configured(v, file, 0, key));
    }

    private record Located(String text, String shown) {
    }

    /** Reads the first candidate path that exists: the module's resources, then beside the class. */
    private static Optional<Located> locate(Named file, String source, ProjectFiles files) {
        String name = file.name().startsWith("/") && file.kind() != Kind.FILE ? file.name().substring(1) : file.name();
        if (!name.endsWith(".properties") || name.startsWith("/") || name.contains(":")
                || List.of(name.split("/")).contains("..")) {
            return Optional.empty(); // only the project's own properties files, never a path that climbs out
        }
        int slash = source.lastIndexOf('/');
        String folder = slash < 0 ? "" : source.substring(0, slash + 1);
        String simple = name.substring(name.lastIndexOf('/') + 1);
        List<String> candidates = new ArrayList<>();
        Optional<String> module = module(source);
        switch (file.kind()) {
            case RESOURCE -> module.ifPresent(m -> resourceRoots(m, source).forEach(r -> candidates.add(r + name)));
            case CLASS_RELATIVE -> {
                packageFolder(source).ifPresent(pkg -> module.ifPresent(m ->
                        resourceRoots(m, source).forEach(r -> candidates.add(r + pkg + name))));
                candidates.add(folder + name);
            }
            case FILE -> module.ifPresent(m -> candidates.add(m + name));
        }
        candidates.add(folder + simple);
        for (String candidate : candidates) {
            Optional<String> text = files.read(candidate);
            if (text.isPresent()) {
                return Optional.of(new Located(text.get(), name));
            }
        }
        return Optional.empty();
    }

    /** The module folder ({@code ""} or ending in {@code /}) of a file under {@code src/main/java/} or {@code src/test/java/}. */
    private static Optional<String> module(String source) {
        for (String layout : List.of("src/main/java/", "src/test/java/")) {
            int at = ("/" + source).indexOf("/" + layout);
            if (at >= 0) {
                return Optional.of(source.substring(0, at));
            }
        }
        return Optional.empty();
    }

    private static List<String> resourceRoots(String module, String source) {
        return ("/" + source).contains("/src/test/java/")
                ? List.of(module + "src/test/resources/", module + "src/main/resources/")
                : List.of(module + "src/main/resources/");
    }

    /** {@code com/example/} for a file under {@code src/main/java/com/example/}. */
    private static Optional<String> packageFolder(String source) {
        for (String layout : List.of("src/main/java/", "src/test/java/")) {
            int at = ("/" + source).indexOf("/" + layout);
            if (at >= 0) {
                String rest = source.substring(at + layout.length());
                return Optional.of(rest.substring(0, rest.lastIndexOf('/') + 1));
            }
        }
        return Optional.empty();
    }

    /** The key's value and line, as {@link Properties#load} reads it (the last definition wins). */
    private static Optional<Configured> entry(String text, String key, String shown) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // a malformed \\u escape: the file does not load at run time either
        }
        String value = properties.getProperty(key);
        if (value == null) {
            return Optional.empty();
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        int line = 0;
        boolean continued = false;
        for (int i = 0; i < lines.length; i++) {
            String logical = lines[i].stripLeading();
            if (!continued && !logical.isEmpty() && logical.charAt(0) != '#' && logical.charAt(0) != '!'
                    && keyOf(logical).equals(key)) {
                line = i + 1;
            }
            boolean comment = !continued && !logical.isEmpty() && (logical.charAt(0) == '#' || logical.charAt(0) == '!');
            continued = !comment && endsWithOddBackslashes(lines[i]);
        }
        return Optional.of(new Configured(value, shown, Math.max(line, 1), key));
    }

    private static String keyOf(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static boolean endsWithOddBackslashes(String line) {
        int count = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }
}
