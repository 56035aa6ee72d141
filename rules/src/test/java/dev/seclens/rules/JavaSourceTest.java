package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.type.VarType;

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

    @Test
    void theLanguageLevelsPostProcessingStillRunsSoVarIsAType() {
        CompilationUnit unit = JavaSource.parse("class A { void m() { var name = \"x\"; } }").unit().orElseThrow();
        VariableDeclarator local = unit.findFirst(VariableDeclarator.class).orElseThrow();
        assertTrue(local.getType() instanceof VarType, local.getType().getClass().getName());
    }

    @Test
    void varIsATypeWhereverTheWordIsWrittenAndTheLookAlikesStayNames() {
        String text = "class A { int variable; String invar; void m() { for (var e : list()) { } var\tx = 1;"
                + " Runnable r = (var a) -> {}; } }";
        CompilationUnit unit = JavaSource.parse(text).unit().orElseThrow();
        assertEquals(3, unit.findAll(VarType.class).size(), unit.toString());
        assertEquals(unit.toString(), new JavaParser(JavaSource.validatingConfiguration()).parse(text).getResult()
                .orElseThrow().toString());
        assertTrue(JavaSource.writesVar("var x = 1;"));
        assertTrue(JavaSource.writesVar("(var)"));
        assertFalse(JavaSource.writesVar("int variable; String invar; int $var; int var_1; int vars;"));
    }

    @Test
    void aTextWithoutTheWordVarIsParsedToTheSameTreeWithoutThePostProcessingWalk() {
        String text = "class Variables { java.util.List<String> invariants; void m() { String varName = \"var\".trim(); } }";
        assertTrue(JavaSource.writesVar(text)); // the string literal: the walk runs and changes nothing
        String noWord = "class Variables { java.util.List<String> invariants; void m() { String varName = null; } }";
        assertFalse(JavaSource.writesVar(noWord));
        CompilationUnit unit = JavaSource.parse(noWord).unit().orElseThrow();
        assertEquals(List.of(), unit.findAll(VarType.class));
        assertEquals(new JavaParser(JavaSource.validatingConfiguration()).parse(noWord).getResult().orElseThrow().toString(),
                unit.toString());
    }

    @Test
    void theGrammarIsStillTheNewestLevelsSoYieldEndsASwitchArm() {
        String text = "class A { int m(int k) { return switch (k) { case 1 -> { int t = k * 2; yield t; } default -> 0; }; } }";
        assertEquals(List.of(), JavaSource.parse(text).problems());
    }

    @Test
    void codeOnlyTheCompilerRejectsIsParsedWithoutTheLevelsValidation() {
        // a `try` with neither catch nor finally: the grammar takes it, the level's validation (which the analysis skips) does not
        String text = "class A { void m() { try { run(); } } }";
        assertFalse(new JavaParser(JavaSource.validatingConfiguration()).parse(text).getProblems().isEmpty());
        JavaSource.Parsed parsed = JavaSource.parse(text);
        assertEquals(List.of(), parsed.problems());
        assertTrue(parsed.unit().isPresent());
    }
}
