package dev.seclens.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each cookie finding names the weaknesses it has: CWE-614 without Secure, CWE-1004 without HttpOnly. */
class InsecureCookieCweTest {
    private static final String SOURCE = """
            package com.example;

            import javax.servlet.http.Cookie;
            import javax.servlet.http.HttpServletResponse;

            class Cookies {
                void onlyHttpOnly(HttpServletResponse response) {
                    Cookie c = new Cookie("a", "1");
                    c.setHttpOnly(true);
                    response.addCookie(c);
                }

                void onlySecure(HttpServletResponse response) {
                    Cookie c = new Cookie("b", "2");
                    c.setSecure(true);
                    response.addCookie(c);
                }

                void neither(HttpServletResponse response) {
                    Cookie c = new Cookie("c", "3");
                    response.addCookie(c);
                }

                void turnedOff(Cookie c) {
                    c.setSecure(false);
                }
            }
            """;

    @Test
    void eachFindingNamesOnlyTheMissingFlagsWeakness() {
        List<Finding> findings = Analyzer.withBuiltInRules().analyze(new SourceFile("src/main/java/com/example/Cookies.java", SOURCE))
                .findings().stream().filter(f -> f.ruleId().equals("java/insecure-cookie")).toList();
        assertEquals(List.of(10, 16, 21, 25), findings.stream().map(f -> f.range().startLine()).toList());
        assertEquals(List.of(List.of(614), List.of(1004), List.of(614, 1004), List.of(614)),
                findings.stream().map(f -> f.rule().cwe()).toList());
    }
}
