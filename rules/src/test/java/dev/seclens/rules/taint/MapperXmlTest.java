package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.SourceRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapper XML files read as MyBatis reads their statements, and never as a door to other files. */
class MapperXmlTest {
    private static final String DOCTYPE = "<!DOCTYPE mapper PUBLIC \"-//mybatis.org//DTD Mapper 3.0//EN\" "
            + "\"http://mybatis.org/dtd/mybatis-3-mapper.dtd\">\n";

    private static List<MapperXml.Statement> statements(String text) {
        return MapperXml.statements("UserMapper.xml", text);
    }

    @Test
    void substitutionsAreFoundWithTheirPositionsAndBindingsAreNot() {
        String text = "<?xml version=\"1.0\"?>\n" + DOCTYPE
                + "<mapper namespace=\"com.x.UserMapper\">\n"
                + "  <select id=\"find\">\n"
                + "    select * from users where a &lt; 3 and name = '${name}' and id = #{id}\n"
                + "    <if test=\"sort != null\"><![CDATA[ order by ${ sort } ]]></if>\n"
                + "  </select>\n"
                + "  <select id=\"bound\">select * from users where id = #{id}</select>\n"
                + "</mapper>\n";
        List<MapperXml.Statement> found = statements(text);
        assertEquals(1, found.size(), "a statement that only binds substitutes nothing");
        MapperXml.Statement find = found.get(0);
        assertEquals("com.x.UserMapper", find.namespace());
        assertEquals("find", find.id());
        assertEquals("select", find.kind());
        assertEquals(List.of("${name}", "${ sort }"), find.substitutions().stream().map(MapperXml.Substitution::expression).toList());
        assertEquals(new SourceRange(5, 52, 5, 59), find.substitutions().get(0).range());
        assertEquals(new SourceRange(6, 48, 6, 57), find.substitutions().get(1).range());
        assertEquals(List.of("sort"), find.substitutions().get(1).roots());
    }

    @Test
    void fragmentsForeachItemsAndBindNamesLeadBackToTheParameters() {
        String text = DOCTYPE + "<mapper namespace=\"m.M\">\n"
                + "  <sql id=\"cols\">${alias}.id, ${extra}</sql>\n"
                + "  <select id=\"a\">select <include refid=\"cols\"><property name=\"alias\" value=\"t\"/></include> from t\n"
                + "    <foreach collection=\"filter.names\" item=\"n\" index=\"i\">${n}</foreach>\n"
                + "    <bind name=\"like\" value=\"'%' + pattern.text + '%'\"/> where x like '${like}'\n"
                + "  </select>\n"
                + "</mapper>";
        MapperXml.Statement a = statements(text).get(0);
        assertEquals(List.of(List.of("filter"), List.of("pattern"), List.of("extra")),
                a.substitutions().stream().map(MapperXml.Substitution::roots).toList(),
                "the include's property defines ${alias}; the item stands for its collection; the bind for what it reads");
        assertEquals(3, a.substitutions().get(2).range().startLine(), "a fragment's substitution is reported where it is written");
    }

    @Test
    void fragmentsAreKeptForOtherFilesAndTheirIncludesNamed() {
        String text = DOCTYPE + "<mapper namespace=\"m.Orders\">\n"
                + "  <sql id=\"local\">${column}</sql>\n"
                + "  <sql id=\"fixed\">id, name</sql>\n"
                + "  <select id=\"a\">select * from t <include refid=\"m.Orders.local\"/>\n"
                + "    <include refid=\"shared.Common.orderBy\"><property name=\"dir\" value=\"asc\"/></include>\n"
                + "  </select>\n"
                + "  <select id=\"b\">select <include refid=\"fixed\"/> from t</select>\n"
                + "</mapper>";
        List<MapperXml.Statement> found = statements(text);
        assertEquals(List.of("a", "local"), found.stream().map(MapperXml.Statement::id).toList(),
                "statements then fragments, those that substitute or include another file's fragment");
        MapperXml.Statement a = found.get(0);
        assertEquals(List.of("${column}"), a.substitutions().stream().map(MapperXml.Substitution::expression).toList());
        assertEquals(List.of(new MapperXml.Include("shared.Common", "orderBy", java.util.Set.of("dir"))), a.includes());
        assertFalse(a.isFragment());
        assertTrue(found.get(1).isFragment());
    }

    @Test
    void aFragmentThatIncludesItselfEnds() {
        String text = "<mapper namespace=\"m.M\"><sql id=\"f\">${x}<include refid=\"f\"/></sql>"
                + "<select id=\"s\"><include refid=\"f\"/></select></mapper>";
        assertEquals(1, statements(text).get(0).substitutions().size());
    }

    @Test
    void otherXmlFilesAreRecognisedFromTheirFirstElement() {
        assertTrue(MapperXml.isMapper("<?xml version=\"1.0\"?>\n<!-- users -->\n" + DOCTYPE + "<mapper namespace=\"a\">"));
        assertFalse(MapperXml.isMapper("<?xml version=\"1.0\"?>\n<configuration><mapper resource=\"x\"/></configuration>"));
        assertFalse(MapperXml.isMapper("<project><modelVersion>4.0.0</modelVersion></project>"));
        assertEquals(List.of(), statements("<beans><select id=\"x\">${y}</select></beans>"));
        assertFalse(MapperXml.isCandidate("module/pom.xml"));
        assertTrue(MapperXml.isCandidate("src/main/resources/UserMapper.XML"));
    }

    @Test
    void aLongLicenceCommentBeforeTheRootIsSkipped() throws Exception {
        String licence = "<!--\n" + " Licensed to the Apache Software Foundation - see the NOTICE file.\n".repeat(60) + "-->\n";
        // on a thread with a small stack, as analysis threads may be: reading the prolog must not recurse per character
        boolean[] answers = new boolean[2];
        Throwable[] failure = new Throwable[1];
        Thread small = new Thread(null, () -> {
            try {
                answers[0] = MapperXml.isMapper("<?xml version=\"1.0\"?>\n" + licence + DOCTYPE + "<mapper namespace=\"a\">");
                answers[1] = MapperXml.isMapper("<?xml version=\"1.0\"?>\n" + licence + "<assembly><id>src</id></assembly>");
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "small-stack", 128 * 1024);
        small.start();
        small.join();
        assertEquals(null, failure[0]);
        assertTrue(answers[0]);
        assertFalse(answers[1]);
        assertTrue(MapperXml.isMapper("<!DOCTYPE mapper [ <!ENTITY x \"y\"> ]>\n<mapper namespace=\"a\">"));
        assertFalse(MapperXml.isMapper("<!-- never closed <mapper namespace=\"a\">"));
    }

    @Test
    void aMalformedOrNamelessMapperHasNoStatements() {
        assertEquals(List.of(), statements("<mapper namespace=\"m.M\"><select id=\"s\">${x}</select>"));
        assertEquals(List.of(), statements("<mapper><select id=\"s\">${x}</select></mapper>"));
    }

    /** Were the DTD or the entity read, their text would add a substitution the file itself does not have. */
    @Test
    void externalDtdsAndEntitiesAreNeverRead(@TempDir Path dir) throws IOException {
        Path dtd = Files.writeString(dir.resolve("mapper.dtd"), "<!ENTITY leak \"${fromDtd}\">");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "${fromFile}");
        String viaDtd = "<!DOCTYPE mapper SYSTEM \"" + dtd.toUri() + "\">\n"
                + "<mapper namespace=\"m.M\"><select id=\"s\">select ${own} &leak;</select></mapper>";
        String viaEntity = "<!DOCTYPE mapper [<!ENTITY file SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<mapper namespace=\"m.M\"><select id=\"s\">select ${own} &file;</select></mapper>";
        for (String text : List.of(viaDtd, viaEntity)) {
            List<String> seen = statements(text).stream().flatMap(s -> s.substitutions().stream())
                    .map(MapperXml.Substitution::expression).toList();
            assertFalse(seen.contains("${fromDtd}") || seen.contains("${fromFile}"), seen::toString);
        }
    }

    @Test
    void entityExpansionIsBounded() {
        StringBuilder doctype = new StringBuilder("<!DOCTYPE mapper [<!ENTITY a0 \"${x}\">");
        for (int i = 1; i <= 12; i++) {
            doctype.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        doctype.append("]>");
        String text = doctype + "<mapper namespace=\"m.M\"><select id=\"s\">&a12;</select></mapper>";
        assertEquals(List.of(), statements(text), "ten to the twelfth expansions are refused, not performed");
    }
}
