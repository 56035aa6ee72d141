package dev.seclens.rules.deps;

import dev.seclens.rules.SourceRange;
import dev.seclens.rules.SyntaxProblem;
import dev.seclens.rules.TextLines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The libraries of a Gradle version catalog ({@code gradle/libs.versions.toml}), read with the
 * small part of TOML catalogs use: the {@code [versions]} and {@code [libraries]} tables, one
 * {@code key = value} per line, basic and literal strings, and single-line inline tables
 * ({@code { module = "g:a", version.ref = "x" }} or {@code version = { ref = "x" }},
 * {@code { group = "g", name = "a", version = "1" }}).
 * A rich version ({@code version = { strictly = ... }}) is reported as unresolved.
 */
final class VersionCatalog {

    /** The libraries, and the lines of the two tables that could not be read. */
    record Result(List<DeclaredDependency> dependencies, List<SyntaxProblem> problems) {
    }

    /** A string value and the range of its content. */
    private record Text(String value, SourceRange range) {
    }

    private final String text;
    private final TextLines lines;
    private int pos;

    private VersionCatalog(String text) {
        this.text = text;
        this.lines = TextLines.of(text);
    }

    static Result read(String text) {
        return new VersionCatalog(text).read();
    }

    private Result read() {
        Map<String, Object> versions = new HashMap<>();
        Map<String, Map.Entry<SourceRange, Object>> libraries = new LinkedHashMap<>();
        List<SyntaxProblem> problems = new ArrayList<>();
        String table = "";
        for (int line = 1; line <= lines.count(); line++) {
            String content = lines.line(line).strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            if (content.startsWith("[")) {
                table = content.replaceAll("#.*", "").strip();
                continue;
            }
            if (!table.equals("[versions]") && !table.equals("[libraries]")) {
                continue;
            }
            pos = lines.offset(line, 1);
            try {
                String key = key();
                expect('=');
                Object value = value();
                skipSpaces();
                if (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r' && text.charAt(pos) != '#') {
                    throw new IllegalArgumentException("unexpected text after the value");
                }
                if (table.equals("[versions]")) {
                    versions.put(key, value);
                } else {
                    libraries.put(key, Map.entry(lines.range(lines.offset(line, 1), lines.offset(line, 1) + key.length()), value));
                }
            } catch (IllegalArgumentException e) {
                int column = Math.min(pos, lines.offset(line, 1) + lines.length(line)) - lines.offset(line, 1) + 1;
                problems.add(new SyntaxProblem("cannot read this " + table + " entry: " + e.getMessage(),
                        SourceRange.point(line, column)));
            }
        }
        List<DeclaredDependency> dependencies = new ArrayList<>();
        libraries.forEach((alias, entry) -> library(alias, entry.getKey(), entry.getValue(), versions).ifPresent(dependencies::add));
        return new Result(dependencies, problems);
    }

    @SuppressWarnings("unchecked")
    private static Optional<DeclaredDependency> library(String alias, SourceRange aliasRange, Object value,
            Map<String, Object> versions) {
        if (value instanceof Text notation) {
            String[] parts = notation.value().split(":", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            int offset = parts[0].length() + parts[1].length() + 2;
            SourceRange r = notation.range();
            SourceRange at = new SourceRange(r.startLine(), r.startColumn() + offset, r.endLine(), r.endColumn());
            return Optional.of(literal(parts[0] + ":" + parts[1], parts[2], at));
        }
        if (!(value instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        Map<String, Object> table = (Map<String, Object>) value;
        String name;
        if (table.get("module") instanceof Text module) {
            name = module.value();
        } else if (table.get("group") instanceof Text group && table.get("name") instanceof Text artifact) {
            name = group.value() + ":" + artifact.value();
        } else {
            return Optional.empty();
        }
        Object version = table.get("version");
        if (version instanceof Text literal) {
            return Optional.of(literal(name, literal.value(), literal.range()));
        }
        Object reference = table.get("version.ref") != null ? table.get("version.ref")
                : version instanceof Map<?, ?> rich ? rich.get("ref") : null;
        if (reference instanceof Text ref) {
            Object defined = versions.get(ref.value());
            if (defined instanceof Text v) {
                if (GradleBuild.isDynamic(v.value())) {
                    return Optional.of(unresolved(name, "`" + v.value() + "` is a dynamic version, chosen when the build runs",
                            ref.range()));
                }
                return Optional.of(new DeclaredDependency(name, Optional.of(v.value()),
                        "versions." + ref.value() + " = " + v.value() + " (line " + v.range().startLine() + ")",
                        ref.range(), Optional.of(v.range()), Optional.empty(), false));
            }
            return Optional.of(unresolved(name, defined == null ? "[versions] has no `" + ref.value() + "`"
                    : "versions." + ref.value() + " is a rich version SecLens does not evaluate", ref.range()));
        }
        if (version instanceof Map<?, ?>) {
            return Optional.of(unresolved(name, "a rich version SecLens does not evaluate", aliasRange));
        }
        return Optional.empty(); // no version: a platform or a constraint decides it
    }

    private static DeclaredDependency literal(String name, String version, SourceRange at) {
        if (GradleBuild.isDynamic(version)) {
            return unresolved(name, "`" + version + "` is a dynamic version, chosen when the build runs", at);
        }
        return new DeclaredDependency(name, Optional.of(version), version, at, Optional.of(at), Optional.empty(), false);
    }

    private static DeclaredDependency unresolved(String name, String why, SourceRange at) {
        return new DeclaredDependency(name, Optional.empty(), why, at, Optional.empty(), Optional.empty(), false);
    }

    private String key() {
        skipSpaces();
        StringBuilder key = new StringBuilder();
        while (true) {
            if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
                key.append(string().value());
            } else {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_-".indexOf(text.charAt(pos)) >= 0)) {
                    pos++;
                }
                if (start == pos) {
                    throw new IllegalArgumentException("expected a key");
                }
                key.append(text, start, pos);
            }
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '.') {
                key.append('.');
                pos++;
                skipSpaces();
            } else {
                return key.toString();
            }
        }
    }

    private Object value() {
        skipSpaces();
        if (pos >= text.length()) {
            throw new IllegalArgumentException("expected a value");
        }
        char c = text.charAt(pos);
        if (c == '"' || c == '\'') {
            return string();
        }
        if (c == '{') {
            pos++;
            Map<String, Object> table = new LinkedHashMap<>();
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return table;
            }
            while (true) {
                String key = key();
                expect('=');
                table.put(key, value());
                skipSpaces();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else {
                    expect('}');
                    return table;
                }
            }
        }
        int start = pos; // numbers, booleans, arrays: not used by catalogs' version fields
        while (pos < text.length() && ",}\n\r#".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    private Text string() {
        char quote = text.charAt(pos++);
        int start = pos;
        StringBuilder value = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != quote) {
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("unterminated string");
            }
            if (c == '\\' && quote == '"' && pos + 1 < text.length()) {
                pos++;
                c = text.charAt(pos);
            }
            value.append(c);
            pos++;
        }
        if (pos >= text.length()) {
            throw new IllegalArgumentException("unterminated string");
        }
        SourceRange range = lines.range(start, pos);
        pos++;
        return new Text(value.toString(), range);
    }

    private void expect(char c) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw new IllegalArgumentException("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }
}
