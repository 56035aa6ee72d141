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
                    static final char[] CHARS = {'a', 'b'};
                    static final byte[] BYTES = {0x68, 0x69};
                    static final byte[] NOT_ASCII = {(byte) 0xc3, (byte) 0xa9};
                    static final char[] FILLED = {'x'};
                    void m(String p) {
                        java.util.Arrays.fill(FILLED, 'y');
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
            "new String(new char[] {'k', '3', 'y'})  | k3y",
            "new String(\"k3y\".getBytes(UTF_8), UTF_8) | k3y",
            "String.valueOf(\"k3y\".toCharArray())  | k3y",
            "String.copyValueOf(CHARS)               | ab",
            "new String(BYTES)                       | hi",
            "new String(CHARS).length()              | 2",
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
            "new String(NOT_ASCII)",
            "new String(p.toCharArray())",
            "new String(FILLED)",
            "new String(CHARS, 0, 1)",
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
