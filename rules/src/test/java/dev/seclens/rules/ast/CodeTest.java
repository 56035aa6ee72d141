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

    @Test
    void secretsAreMaskedToTheirFirstThirdAtMostFiveCharacters() {
        assertEquals("Sup3r\u2026", Code.masked("Sup3rS3cretPassw0rd"));
        assertEquals("Tr0\u2026", Code.masked("Tr0ub4dor&3"));
        assertEquals("\u2026", Code.masked("ab"));
        assertEquals("\"Sup3r\u2026\".toCharArray()", Code.quoteMasked(StaticJavaParser.parseExpression(
                "\"Sup3rS3cretPassw0rd\".toCharArray()")));
        Expression spec = StaticJavaParser.parseExpression("new SecretKeySpec(\"0123456789abcdef\".getBytes(), \"AES\")");
        assertEquals("new SecretKeySpec(\"01234\u2026\".getBytes(), \"AES\")",
                Code.quoteMasked(spec, spec.asObjectCreationExpr().getArgument(0)), "only the key is masked");
        assertEquals("\"x\u2026\" + \"y\u2026\"", Code.quoteMasked(StaticJavaParser.parseExpression("\"xxxx\" + \"yyyy\"")));
    }
}
