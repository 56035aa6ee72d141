package dev.seclens.rules.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.seclens.rules.JavaSource;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Type names resolve as the language scopes them (JLS §6.4–6.5), never by a simple name alone. */
class TypeScopeTest {
    private static final String CODE = """
            package shop.web;

            import java.util.*;
            import shop.data.Store;
            import shop.util.*;

            class Page<T> {
                static class Helper {
                }

                <R> void render(T item, R result, Helper h, Store s, Quoter q, List<String> l, String text) {
                    class Local {
                    }
                    Local local = null;
                }
            }
            """;

    private final CompilationUnit unit = JavaSource.parse(CODE).unit().orElseThrow();
    private final MethodDeclaration render = unit.findFirst(MethodDeclaration.class).orElseThrow();
    private final TypeScope scope = TypeScope.of(unit).orElseThrow();

    private String resolve(String written, Set<String> workspace) {
        return scope.resolve(render.getBody().orElseThrow(), written).resolve(workspace::contains);
    }

    @Test
    void qualifiedNamesOfDeclaredTypes() {
        TypeDeclaration<?> page = unit.getType(0);
        assertEquals("shop.web.Page", scope.qualifiedName(page));
        assertEquals("shop.web.Page.Helper", scope.qualifiedName((TypeDeclaration<?>) page.getMember(0)));
        assertEquals("shop.web.Page$Local", resolve("Local", Set.of()));
    }

    @Test
    void nestedClassShadowsEveryOtherClassOfTheSameName() {
        assertEquals("shop.web.Page.Helper", resolve("Helper", Set.of("shop.util.Helper", "shop.web.Helper")));
    }

    @Test
    void singleTypeImportBeatsThePackageAndOnDemandImports() {
        assertEquals("shop.data.Store", resolve("Store", Set.of("shop.web.Store", "shop.util.Store")));
    }

    @Test
    void samePackageBeatsOnDemandImportsAndAnotherPackageIsNeverGuessed() {
        assertEquals("shop.web.Quoter", resolve("Quoter", Set.of("shop.web.Quoter", "shop.util.Quoter")));
        assertEquals("shop.util.Quoter", resolve("Quoter", Set.of("shop.util.Quoter", "shop.other.Quoter")));
        assertEquals("?Quoter", resolve("Quoter", Set.of("shop.other.Quoter")),
                "a class of a package the file does not import is not what the name means");
    }

    @Test
    void typeVariablesAndJavaLang() {
        assertEquals("?T", resolve("T", Set.of("shop.web.T")));
        assertEquals("?R", resolve("R", Set.of()));
        assertEquals("java.lang.String", resolve("String", Set.of()));
        assertEquals("shop.util.String", resolve("String", Set.of("shop.util.String")),
                "an on-demand import's String shadows java.lang's");
    }

    @Test
    void qualifiedAndMemberNames() {
        assertEquals("java.io.File", resolve("java.io.File", Set.of()));
        assertEquals("shop.web.Page.Helper", resolve("Page.Helper", Set.of("shop.web.Page")));
        assertEquals("shop.data.Store.Entry", resolve("Store.Entry", Set.of()));
    }
}
