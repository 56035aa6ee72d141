package dev.seclens.tests.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Realistic Java written for the benchmarks: service classes with fields, loops, string building,
 * collections, a sprinkling of crypto, SQL and cookie code, so every rule has work to do.
 */
final class GeneratedCorpus {
    private GeneratedCorpus() {
    }

    /** One class of about {@code lines} lines. */
    static String javaFile(String className, int lines, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder();
        sb.append("package bench.generated;\n\n")
                .append("import java.security.MessageDigest;\nimport java.sql.Connection;\nimport java.sql.Statement;\n")
                .append("import java.util.ArrayList;\nimport java.util.List;\nimport java.util.Map;\nimport java.util.Random;\n")
                .append("import javax.crypto.Cipher;\nimport javax.servlet.http.Cookie;\n")
                .append("import javax.servlet.http.HttpServletRequest;\nimport javax.servlet.http.HttpServletResponse;\n\n")
                .append("public class ").append(className).append(" {\n")
                .append("    private static final String TABLE = \"orders\";\n")
                .append("    private final Random random = new Random();\n")
                .append("    private final Map<String, Integer> counts = new java.util.HashMap<>();\n\n");
        int method = 0;
        while (countLines(sb) < lines - 12) {
            method++;
            sb.append(methodBody(className, method, random));
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static String methodBody(String className, int n, Random random) {
        StringBuilder m = new StringBuilder();
        switch (random.nextInt(7)) {
            case 0 -> m.append("    public List<String> collect").append(n).append("(List<String> input, int limit) {\n")
                    .append("        List<String> out = new ArrayList<>();\n")
                    .append("        for (String s : input) {\n")
                    .append("            if (s.length() > limit) {\n")
                    .append("                out.add(s.trim().toLowerCase() + \"-\" + limit);\n")
                    .append("            } else {\n")
                    .append("                counts.merge(s, 1, Integer::sum);\n")
                    .append("            }\n")
                    .append("        }\n")
                    .append("        return out;\n")
                    .append("    }\n\n");
            case 1 -> m.append("    byte[] digest").append(n).append("(byte[] data) throws Exception {\n")
                    .append("        String algorithm = ").append(random.nextBoolean() ? "\"SHA-256\"" : "\"MD5\"").append(";\n")
                    .append("        MessageDigest md = MessageDigest.getInstance(algorithm);\n")
                    .append("        return md.digest(data);\n")
                    .append("    }\n\n");
            case 2 -> m.append("    void query").append(n).append("(Connection c, String name, int id) throws Exception {\n")
                    .append("        Statement st = c.createStatement();\n")
                    .append("        st.executeQuery(\"SELECT * FROM \" + TABLE + \" WHERE id = \" + id);\n")
                    .append(random.nextInt(3) == 0 ? "        st.executeQuery(\"SELECT * FROM t WHERE name = '\" + name + \"'\");\n" : "")
                    .append("    }\n\n");
            case 3 -> m.append("    String token").append(n).append("() {\n")
                    .append("        StringBuilder sb = new StringBuilder();\n")
                    .append("        for (int i = 0; i < 16; i++) {\n")
                    .append("            sb.append(Integer.toHexString(random.nextInt(16)));\n")
                    .append("        }\n")
                    .append("        return sb.toString();\n")
                    .append("    }\n\n");
            case 4 -> m.append("    void cookie").append(n).append("(HttpServletResponse response, String value) {\n")
                    .append("        Cookie cookie = new Cookie(\"c").append(n).append("\", value);\n")
                    .append("        cookie.setSecure(true);\n")
                    .append("        cookie.setHttpOnly(").append(random.nextBoolean()).append(");\n")
                    .append("        response.addCookie(cookie);\n")
                    .append("    }\n\n");
            case 5 -> m.append("    void search").append(n).append("(HttpServletRequest request, Connection c) throws Exception {\n")
                    .append("        String term = request.getParameter(\"q").append(n).append("\");\n")
                    .append("        StringBuilder sql = new StringBuilder(\"SELECT * FROM \").append(TABLE);\n")
                    .append("        if (term != null && !term.isEmpty()) {\n")
                    .append("            sql.append(\" WHERE id = \").append(Integer.parseInt(term));\n")
                    .append("        }\n")
                    .append(random.nextInt(3) == 0 ? "        Db.run(c, \"SELECT * FROM t WHERE name = '\" + term + \"'\");\n" : "")
                    .append("        c.createStatement().executeQuery(sql.toString());\n")
                    .append("    }\n\n");
            default -> m.append("    int compute").append(n).append("(int a, int b) {\n")
                    .append("        int result = 0;\n")
                    .append("        for (int i = a; i < b; i++) {\n")
                    .append("            result += switch (i % 3) {\n")
                    .append("                case 0 -> i * 2;\n")
                    .append("                case 1 -> i + ").append(n).append(";\n")
                    .append("                default -> Math.max(i, b) - a;\n")
                    .append("            };\n")
                    .append("        }\n")
                    .append("        return result;\n")
                    .append("    }\n\n");
        }
        return m.toString();
    }

    private static int countLines(CharSequence text) {
        int lines = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') lines++;
        }
        return lines;
    }

    /** Writes {@code files} classes of about {@code lines} lines each under {@code root}. */
    static void writeTree(Path root, int files, int lines) throws IOException {
        Path db = Files.createDirectories(root.resolve("src/main/java/bench/generated"));
        Files.writeString(db.resolve("Db.java"), """
                package bench.generated;

                import java.sql.Connection;

                final class Db {
                    static void run(Connection c, String query) throws Exception {
                        c.createStatement().execute(query);
                    }
                }
                """, StandardCharsets.UTF_8);
        for (int i = 0; i < files; i++) {
            Path dir = root.resolve("src/main/java/bench/generated/p" + (i % 40));
            Files.createDirectories(dir);
            String name = "Service" + i;
            Files.writeString(dir.resolve(name + ".java"), javaFile(name, lines, i), StandardCharsets.UTF_8);
        }
    }
}
