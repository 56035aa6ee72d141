package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceOutlineTest {
    @Test
    void declaredTypesHeadersAndMentionsComeFromCodeNotFromCommentsOrLiterals() {
        SourceOutline outline = SourceOutline.of("""
                package p;
                // class Commented extends Nothing
                /* interface Hidden {} */
                @Deprecated
                public final class Shop<T extends Comparable<T>> extends Base implements Api, java.io.Serializable {
                    String s = "class Quoted implements Q";
                    char c = '"';
                    String block = \"""
                        enum InBlock { A }
                        \""";
                    record Line(Item item) implements Priced {
                    }
                    enum Kind { ONE }
                    Object make() { return Helper.create(Shop.class); }
                }
                """);
        assertEquals(Set.of("Shop", "Line", "Kind"), outline.declared());
        assertEquals(Set.of("T", "Comparable", "Base", "Api", "Serializable", "Item", "Priced"), outline.headers());
        assertTrue(outline.mentions().containsAll(Set.of("Deprecated", "Helper", "Base", "String", "Object", "ONE")));
        for (String hidden : List.of("Commented", "Nothing", "Hidden", "Quoted", "Q", "InBlock")) {
            assertFalse(outline.mentions().contains(hidden), hidden);
        }
    }

    @Test
    void aFileComesAfterTheFilesItMentionsAndFilesThatMentionEachOtherShareALevel() {
        Map<String, SourceOutline> outlines = Map.of(
                "Repository.java", SourceOutline.of("class Repository { Object q(String s) { return s; } }"),
                "Service.java", SourceOutline.of("class Service { Repository r = new Repository(); }"),
                "Controller.java", SourceOutline.of("class Controller { Service s; Audit a; }"),
                "Audit.java", SourceOutline.of("class Audit implements Listener { Controller c; }"),
                "Listener.java", SourceOutline.of("interface Listener { }"),
                "User.java", SourceOutline.of("class User { Listener l; }"));
        // a call through Listener may run Audit's code, so User (which mentions only Listener) comes after Audit
        assertEquals(List.of(List.of("Listener.java", "Repository.java"), List.of("Service.java"),
                List.of("Audit.java", "Controller.java"), List.of("User.java")),
                SourceOutline.levels(outlines).stream().map(level -> level.stream().sorted().toList()).toList());
    }
}
