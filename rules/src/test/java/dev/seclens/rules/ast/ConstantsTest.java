package dev.seclens.rules.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import dev.seclens.rules.JavaSource;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConstantsTest {
    /** Folds the initializer of {@code probe} in a class that declares {@code MODE = "read-only"} and a parameter {@code p}. */
    private static Optional<Object> fold(String expression, Constants.Lookup lookup) {
        CompilationUnit unit = JavaSource.parse("""
                class C {
                    static final String MODE = "read-only";
                    void m(String p) {
                        Object probe = %s;
                    }
                }
                """.formatted(expression)).unit().orElseThrow();
        Expression init = unit.findAll(VariableDeclarator.class).stream()
                .filter(v -> v.getNameAsString().equals("probe")).findFirst().orElseThrow().getInitializer().orElseThrow();
        return Constants.value(init, lookup);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MODE.charAt(0)                          | r",
            "MODE.charAt(0) == 'r'                   | true",
            "MODE.charAt(1) - 'a'                    | 4",
            "'a' + 1                                 | 98",
            "'a' + 'b'                               | 195",
            "\"x\" + 'a'                             | xa",
            "MODE.indexOf('-')                       | 4",
            "MODE.indexOf(\"only\")                  | 5",
            "MODE.lastIndexOf('o')                   | 5",
            "MODE.substring(5)                       | only",
            "MODE.substring(0, MODE.indexOf('-'))    | read",
            "MODE.length() * 2 + 1                   | 19",
            "MODE.replace('-', '_')                  | read_only",
            "\"ab\".repeat(2)                         | abab",
    })
    void foldsStringMethodsAndCharacterArithmetic(String expression, String expected) {
        assertEquals(expected, fold(expression, Constants.Lookup.NONE).map(String::valueOf).orElse("<none>"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MODE.charAt(40)",
            "MODE.substring(3, 1)",
            "p.charAt(0)",
            "MODE.indexOf(p)",
            "\"ab\".repeat(1000000)",
    })
    void whatItCannotProveStaysUnknown(String expression) {
        assertEquals(Optional.empty(), fold(expression, Constants.Lookup.NONE));
    }

    @Test
    void otherFilesConstantsComeFromTheLookup() {
        Constants.Lookup flags = access -> access.getScope().toString().equals("Flags")
                && access.getNameAsString().equals("LEGACY") ? Optional.of(Boolean.FALSE) : Optional.empty();
        assertEquals(Optional.of(true), fold("!Flags.LEGACY && MODE.startsWith(\"read\")", flags));
        assertEquals(Optional.empty(), fold("Flags.OTHER", flags));
        assertEquals(Optional.empty(), fold("Flags.LEGACY", Constants.Lookup.NONE));
    }
}
