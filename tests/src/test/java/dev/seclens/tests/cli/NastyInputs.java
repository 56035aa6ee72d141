package dev.seclens.tests.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sources written at test time that have broken parsers and scanners before. */
final class NastyInputs {
    static final int CHAINED_OPERANDS = 5_000;
    static final int NESTED_PARENTHESES = 3_000;
    static final int BIG_FILE_BYTES = 10 * 1024 * 1024;

    private NastyInputs() {
    }

    /** {@code "a" + "a" + ...}: a left-deep tree thousands of levels deep. */
    static String chainedPlus(String className, String extraMember) {
        StringBuilder text = new StringBuilder("class ").append(className).append(" {\n    String s = \"a\"");
        for (int i = 1; i < CHAINED_OPERANDS; i++) {
            text.append(i % 20 == 0 ? "\n        + \"a\"" : " + \"a\"");
        }
        return text.append(";\n").append(extraMember).append("}\n").toString();
    }

    static String nestedParentheses(String className) {
        return "class " + className + " {\n    int x = " + "(".repeat(NESTED_PARENTHESES) + "1"
                + ")".repeat(NESTED_PARENTHESES) + ";\n}\n";
    }

    /** Over 10 MB of valid Java: a long comment and many small methods. */
    static void writeBigFile(Path file, String className) throws IOException {
        StringBuilder text = new StringBuilder("class ").append(className).append(" {\n");
        for (int i = 0; i < 2_000; i++) {
            text.append("    int m").append(i).append("(int a) { return a + ").append(i).append("; }\n");
        }
        text.append("    /*\n");
        String filler = "     * Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n";
        while (text.length() < BIG_FILE_BYTES) {
            text.append(filler);
        }
        text.append("     */\n}\n");
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static byte[] binary() {
        return new byte[] {'c', 'l', 'a', 's', 's', ' ', 0, 0, 1, 2, (byte) 0xff, '\n'};
    }

    /** ISO-8859-1 bytes: "é" as the lone byte 0xE9 is not UTF-8. */
    static byte[] latin1(String className) {
        return ("// R\u00e9sum\u00e9\nclass " + className + " {}\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
