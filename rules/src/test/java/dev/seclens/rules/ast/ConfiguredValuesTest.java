package dev.seclens.rules.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.seclens.rules.ProjectFiles;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfiguredValuesTest {
    private static final String SOURCE_PATH = "app/src/main/java/com/example/Settings.java";

    /** The value of the last {@code use(...)} argument in a class that loads /settings.properties. */
    private static Optional<String> resolve(String properties, String lookUp) {
        CompilationUnit unit = StaticJavaParser.parse("""
                package com.example;
                import java.util.Properties;
                class Settings {
                    void read() throws Exception {
                        Properties p = new Properties();
                        p.load(Settings.class.getResourceAsStream("/settings.properties"));
                        use(%s);
                    }
                }
                """.formatted(lookUp));
        MethodCallExpr use = unit.findAll(MethodCallExpr.class, m -> m.getNameAsString().equals("use")).get(0);
        ProjectFiles files = path -> Optional.ofNullable(Map.of(
                "app/src/main/resources/settings.properties", properties).get(path));
        return ConfiguredValues.string(use.getArgument(0), SOURCE_PATH, files).map(ConfiguredValues.Configured::describe);
    }

    @Test
    void readsTheValueAndLineAsPropertiesLoadDoes() {
        String file = "# comment\n! also a comment\nlong.value = first \\\n    second\nalgorithm:MD5\nalgorithm = SHA-1\n";
        assertEquals(Optional.of("\"SHA-1\" from settings.properties:6 (algorithm)"), resolve(file, "p.getProperty(\"algorithm\")"));
        assertEquals(Optional.of("\"first second\" from settings.properties:3 (long.value)"),
                resolve(file, "p.getProperty(\"long.value\")"));
    }

    @Test
    void aContinuationLineIsNotAKey() {
        String file = "list = a,\\\nalgorithm = not a key\nalgorithm = MD5\n";
        assertEquals(Optional.of("\"MD5\" from settings.properties:3 (algorithm)"), resolve(file, "p.getProperty(\"algorithm\")"));
    }

    @Test
    void anAbsentKeyUsesAConstantDefaultAndOtherwiseIsUnknown() {
        assertEquals(Optional.of("\"AES\" (the default: settings.properties has no cipher)"),
                resolve("x=1\n", "p.getProperty(\"cipher\", \"AES\")"));
        assertEquals(Optional.empty(), resolve("x=1\n", "p.getProperty(\"cipher\")"));
        assertEquals(Optional.empty(), resolve("x=1\n", "p.getProperty(System.getenv(\"KEY\"))"));
    }

    @Test
    void aMalformedFileIsUnknown() {
        assertEquals(Optional.empty(), resolve("key=\\uZZZZ\n", "p.getProperty(\"key\")"));
    }
}
