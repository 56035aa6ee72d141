package dev.seclens.rules.deps;

import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextLines;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dependencies a {@code build.gradle} or {@code build.gradle.kts} declares in the common
 * forms: {@code implementation 'g:a:v'}, {@code implementation("g:a:v")}, the map form
 * {@code implementation group: 'g', name: 'a', version: 'v'}, and {@code platform(...)}. A
 * {@code $name} version is looked up in assignments in the same file ({@code def}, {@code val},
 * {@code ext.name = ...}, {@code set("name", ...)}) and in {@code gradle.properties} beside it.
 * Buildscript {@code classpath} entries (plugins) are not dependencies of the application.
 */
final class GradleBuild {
    private static final String CONFIGURATION = "\\b(implementation|api|compile|compileOnly|runtimeOnly|runtime"
            + "|annotationProcessor|kapt|providedCompile|providedRuntime|compileOnlyApi|developmentOnly"
            + "|testCompile|testRuntime|[a-z][A-Za-z0-9]*(?:Implementation|Api|CompileOnly|RuntimeOnly))";
    private static final Pattern STRING_NOTATION = Pattern.compile(CONFIGURATION
            + "\\s*\\(?\\s*(?:(?:platform|enforcedPlatform)\\s*\\(\\s*)?([\"'])([^\"'\\n]*)\\2");
    private static final Pattern MAP_NOTATION = Pattern.compile(CONFIGURATION
            + "\\s*\\(?\\s*group\\s*[:=]\\s*([\"'])([^\"'\\n]+)\\2\\s*,\\s*name\\s*[:=]\\s*([\"'])([^\"'\\n]+)\\4"
            + "\\s*,\\s*version\\s*[:=]\\s*([\"'])([^\"'\\n]+)\\6");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    private GradleBuild() {
    }

    static List<DeclaredDependency> read(String path, String text, Function<String, Optional<String>> buildFiles) {
        String code = withoutComments(text);
        TextLines lines = TextLines.of(text);
        List<DeclaredDependency> result = new ArrayList<>();
        Matcher m = STRING_NOTATION.matcher(code);
        while (m.find()) {
            String[] parts = m.group(3).split(":", -1);
            if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                continue; // no version: a platform or a constraint decides it
            }
            int versionStart = m.start(3) + parts[0].length() + parts[1].length() + 2;
            String version = parts[2].contains("@") ? parts[2].substring(0, parts[2].indexOf('@')) : parts[2];
            result.add(dependency(parts[0] + ":" + parts[1], m.group(1), m.group(2), version, versionStart,
                    code, text, lines, path, buildFiles));
        }
        Matcher map = MAP_NOTATION.matcher(code);
        while (map.find()) {
            result.add(dependency(map.group(3) + ":" + map.group(5), map.group(1), map.group(6), map.group(7),
                    map.start(7), code, text, lines, path, buildFiles));
        }
        return result;
    }

    private static DeclaredDependency dependency(String name, String configuration, String quote, String version,
            int versionStart, String code, String text, TextLines lines, String path,
            Function<String, Optional<String>> buildFiles) {
        SourceRange at = lines.range(versionStart, versionStart + version.length());
        boolean test = configuration.startsWith("test") || configuration.startsWith("androidTest");
        Matcher variable = VARIABLE.matcher(version);
        if (quote.equals("'") || !version.contains("$")) {
            return literal(name, version, at, test);
        }
        if (!variable.matches()) {
            return new DeclaredDependency(name, Optional.empty(), "`" + version + "` is an expression SecLens does not evaluate",
                    at, Optional.empty(), Optional.empty(), test);
        }
        String variableName = variable.group(1);
        Matcher assignment = Pattern.compile("(?:\\b|\\[\\s*[\"'])" + Pattern.quote(variableName)
                + "(?:[\"']\\s*])?\\s*=\\s*([\"'])([^\"'$\\n]*)\\1"
                + "|\\bset\\(\\s*[\"']" + Pattern.quote(variableName) + "[\"']\\s*,\\s*([\"'])([^\"'$\\n]*)\\3").matcher(code);
        if (assignment.find()) {
            int group = assignment.group(2) != null ? 2 : 4;
            String value = assignment.group(group);
            SourceRange valueRange = lines.range(assignment.start(group), assignment.end(group));
            return resolved(name, value, "`" + version + "` = " + value + " (line " + valueRange.startLine() + ")",
                    at, Optional.of(valueRange), Optional.empty(), test);
        }
        Optional<String> properties = sibling(path, "gradle.properties").flatMap(buildFiles);
        if (properties.isPresent()) {
            Matcher property = Pattern.compile("(?m)^\\s*" + Pattern.quote(variableName) + "\\s*[=:]\\s*(\\S+)\\s*$")
                    .matcher(properties.get());
            if (property.find()) {
                return resolved(name, property.group(1), "`" + version + "` = " + property.group(1) + " (in gradle.properties)",
                        at, Optional.empty(), Optional.of("gradle.properties"), test);
            }
        }
        return new DeclaredDependency(name, Optional.empty(), "`" + version + "`: " + variableName
                + " is not assigned in this file or in gradle.properties", at, Optional.empty(), Optional.empty(), test);
    }

    private static DeclaredDependency literal(String name, String version, SourceRange at, boolean test) {
        return resolved(name, version, version, at, Optional.of(at), Optional.empty(), test);
    }

    private static DeclaredDependency resolved(String name, String version, String origin, SourceRange at,
            Optional<SourceRange> versionText, Optional<String> elsewhere, boolean test) {
        if (isDynamic(version)) {
            return new DeclaredDependency(name, Optional.empty(), "`" + version
                    + "` is a dynamic version, chosen when the build runs", at, Optional.empty(), Optional.empty(), test);
        }
        return new DeclaredDependency(name, Optional.of(version), origin, at, versionText, elsewhere, test);
    }

    static boolean isDynamic(String version) {
        return version.contains("+") || version.startsWith("latest.") || version.startsWith("[") || version.startsWith("(")
                || version.contains(",");
    }

    /** The path of the file {@code name} in the folder of {@code path}. */
    static Optional<String> sibling(String path, String name) {
        try {
            Path folder = Path.of(path).getParent();
            return Optional.of((folder == null ? Path.of(name) : folder.resolve(name)).toString());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The text with comments blanked out (offsets kept), so commented-out dependencies are not read. */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text);
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote || c == '\n') {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    out.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                for (; i < end; i++) {
                    if (text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        out.setCharAt(i, ' ');
                    }
                }
                i--;
            }
        }
        return out.toString();
    }
}
