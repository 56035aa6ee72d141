package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JavaSourceTest {

    @Test
    void anUnterminatedStringIsReportedOverTheTokenTheLexerCouldNotFinish() {
        String text = "class A {\n    String s = \"abc;\n}\n";
        List<SyntaxProblem> problems = JavaSource.parse(text).problems();
        // the lexer gives up at the line end (column 21); the string began at its quote, column 16
        assertEquals(new SourceRange(2, 16, 2, 21), problems.get(0).range(), problems.toString());
    }

    @Test
    void otherSyntaxErrorsKeepTheParsersPosition() {
        String text = "class A {\n    int x = ;\n}\n";
        List<SyntaxProblem> problems = JavaSource.parse(text).problems();
        // JavaParser places this one from the `=` before the misplaced `;`: not a lexical error, not moved
        assertEquals(2, problems.get(0).range().startLine(), problems.toString());
        assertEquals(11, problems.get(0).range().startColumn(), problems.toString());
    }
}
