package dev.seclens.rules.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.expr.Expression;
import org.junit.jupiter.api.Test;

class CodeTest {
    @Test
    void aShortenedQuoteNeverEndsInHalfASurrogatePair() {
        // regression (FuzzTest): the 77-character cut fell between the two halves of an emoji
        for (int pad = 70; pad < 80; pad++) {
            Expression literal = StaticJavaParser.parseExpression("\"" + "a".repeat(pad) + "\uD83D\uDE00".repeat(10) + "\"");
            String quoted = Code.quote(literal);
            assertTrue(quoted.endsWith("...") && quoted.length() <= 80, quoted);
            char last = quoted.charAt(quoted.length() - 4);
            assertTrue(!Character.isHighSurrogate(last), "pad " + pad + ": " + quoted);
        }
    }

    @Test
    void shortCodeIsQuotedWhole() {
        assertEquals("a + b", Code.quote(StaticJavaParser.parseExpression("a   +\n b")));
    }
}
