package dev.seclens.rules.taint;

import dev.seclens.rules.SourceRange;
import dev.seclens.rules.TextLines;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.rules.deps.XmlDocument;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.ParserConfigurationException;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A MyBatis mapper XML file ({@code <mapper namespace="com.x.UserMapper">}) as the taint engine
 * needs it: per statement ({@code <select|insert|update|delete id="m">}), the {@code ${...}}
 * substitutions of its SQL, which MyBatis pastes into the statement's text, with those of the
 * {@code <sql>} fragments it includes. {@code #{...}} binds a parameter and is not kept. The text of
 * every dynamic element ({@code <if>}, {@code <where>}, {@code <foreach>}, {@code <choose>}...) counts,
 * since any branch may run; in a {@code <foreach>} the item and index name an element of the
 * collection, and a {@code <bind>} name stands for the parameters its value reads.
 *
 * <p>Read with the JDK's SAX parser hardened: mapper files declare MyBatis's public DTD by URL,
 * which is never loaded (nor any external entity: a resolver refuses them all, so a file naming one
 * is not read rather than fetched), and the internal subset's entities are held to the secure
 * processing limits.
 */
public final class MapperXml {
    /** {@code ${name}}, {@code ${user.name}}, {@code ${list[0]}}: the root is what the statement was given. */
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{\\s*([A-Za-z_$][\\w$]*)[^}]*}");
    private static final Pattern IDENTIFIER = Pattern.compile("'[^']*'|\"[^\"]*\"|([A-Za-z_$][\\w$]*)");
    private static final Set<String> STATEMENTS = Set.of("select", "insert", "update", "delete");
    /** Words of OGNL expressions in {@code <bind value>} that name no parameter. */
    private static final Set<String> OGNL_WORDS = Set.of("null", "true", "false", "and", "or", "not", "eq", "neq",
            "lt", "gt", "lte", "gte", "instanceof", "new");
    /** How much of a file {@link #isMapper} reads: a mapper's root element follows a short prolog. */
    public static final int HEAD_CHARS = 4096;
    /** A root element's name, with its namespace prefix if any: {@code mapper}, {@code x:mapper}. */
    private static final Pattern ROOT = Pattern.compile("<(?:[\\w.-]+:)?([\\w.-]+)");

    /** One {@code ${...}}: its text, the names it may stand for, and where it is. */
    public record Substitution(String expression, List<String> roots, SourceRange range) {
        public Substitution {
            roots = List.copyOf(roots);
        }
    }

    /**
     * A fragment of another mapper file that a statement includes ({@code <include
     * refid="com.x.CommonSql.orderBy">}), found through the workspace: its namespace, its id, and the
     * names the include's {@code <property>} children (and those of the includes it sits in) define.
     */
    public record Include(String namespace, String id, Set<String> properties) {
        public Include {
            properties = Set.copyOf(properties);
        }
    }

    /**
     * One statement: its element ({@code select}..., or {@code sql} for a fragment other files may
     * include), id, file, start tag line, substitutions (with those of the fragments of its own file
     * it includes) and the fragments of other files it includes.
     */
    public record Statement(String namespace, String kind, String id, String file, int line,
                            List<Substitution> substitutions, List<Include> includes) {
        public Statement {
            substitutions = List.copyOf(substitutions);
            includes = includes == null ? List.of() : List.copyOf(includes); // null: cached before includes were kept
        }

        /** Whether it is a {@code <sql>} fragment, which no mapper method runs by itself. */
        public boolean isFragment() {
            return kind.equals("sql");
        }
    }

    private MapperXml() {
    }

    /** Whether a file by its name may be a mapper: an {@code .xml} file that is not a Maven build file. */
    public static boolean isCandidate(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".xml") && !BuildFileAnalyzer.isBuildFile(path);
    }

    /** Whether the start of an XML file ({@link #HEAD_CHARS} are enough) shows {@code <mapper>} as its root. */
    public static boolean isMapper(CharSequence head) {
        String text = XmlDocument.withoutDoctype(head.toString());
        int at = text.startsWith("\uFEFF") ? 1 : 0;
        // the prolog (its DOCTYPE blanked), skipped by hand: a regex with a repeated alternative overflows the stack on a long licence comment
        while (at < text.length()) {
            if (Character.isWhitespace(text.charAt(at))) {
                at++;
            } else if (text.startsWith("<?", at)) {
                at = after(text, "?>", at + 2);
            } else if (text.startsWith("<!--", at)) {
                at = after(text, "-->", at + 4);
            } else {
                break;
            }
        }
        Matcher m = ROOT.matcher(text).region(Math.min(at, text.length()), text.length());
        return m.lookingAt() && m.group(1).equals("mapper");
    }

    /** The position after the next {@code end} from {@code from}, or the end of the text when there is none. */
    private static int after(String text, String end, int from) {
        int i = text.indexOf(end, from);
        return i < 0 ? text.length() : i + end.length();
    }

    /**
     * The statements and {@code <sql>} fragments of a mapper file that substitute something or
     * include a fragment of another file; empty for a file that is not a mapper, has no namespace,
     * or is not well-formed (it gives MyBatis no statements either).
     */
    public static List<Statement> statements(String path, String text) {
        if (!isMapper(text.subSequence(0, Math.min(text.length(), HEAD_CHARS)))) {
            return List.of();
        }
        Reader reader = new Reader(path, text);
        try {
            // mapper files declare MyBatis' public DTD: blanked (line ends kept), never loaded
            XmlDocument.factory().newSAXParser().parse(new InputSource(new StringReader(XmlDocument.withoutDoctype(text))),
                    reader);
        } catch (SAXException | IOException | ParserConfigurationException | RuntimeException | StackOverflowError e) {
            return List.of();
        }
        return reader.resolved();
    }

    /** A statement or {@code <sql>} fragment being read. */
    private static final class Body {
        final String kind;
        final String id;
        final int line;
        final List<Substitution> substitutions = new ArrayList<>();
        /** The fragments it includes, each with the names its {@code <property>} children define. */
        final List<IncludeElement> includes = new ArrayList<>();

        Body(String kind, String id, int line) {
            this.kind = kind;
            this.id = id;
            this.line = line;
        }
    }

    /** An {@code <include>} as written: its refid and the names its {@code <property>} children define. */
    private record IncludeElement(String refid, Set<String> properties) {
    }

    /** What a {@code ${...}} holds between its braces: the name a {@code <property>} may define. */
    static String inner(Substitution s) {
        return s.expression().substring(2, s.expression().length() - 1).strip();
    }

    /** Collects the bodies; positions come from the locator, which SAX leaves just past each event. */
    private static final class Reader extends DefaultHandler {
        private final String path;
        private final String text;
        private final TextLines lines;
        private Locator locator;
        private String namespace = "";
        private int depth;
        private Body body;
        private IncludeElement include;
        private final List<Body> statements = new ArrayList<>();
        private final Map<String, Body> fragments = new HashMap<>();
        /** The names in scope ({@code <foreach>} items and indexes, {@code <bind>} names) and what they stand for. */
        private final Deque<Map<String, List<String>>> aliases = new ArrayDeque<>();
        private final StringBuilder pending = new StringBuilder();
        private int pendingEnd;

        Reader(String path, String text) {
            this.path = path;
            this.text = text;
            this.lines = TextLines.of(text);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public InputSource resolveEntity(String publicId, String systemId) throws SAXException {
            throw new SAXException("external entity " + systemId + " is not loaded");
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            flush();
            String name = localName.isEmpty() ? qName : localName;
            depth++;
            if (depth == 1) {
                namespace = value(attributes, "namespace");
            } else if (depth == 2 && (STATEMENTS.contains(name) || name.equals("sql"))) {
                body = new Body(name, value(attributes, "id"), locator.getLineNumber());
                aliases.clear();
            } else if (body != null && name.equals("include")) {
                include = new IncludeElement(value(attributes, "refid"), new HashSet<>());
                body.includes.add(include);
            } else if (include != null && name.equals("property")) {
                include.properties.add(value(attributes, "name"));
            }
            if (body != null) {
                aliases.push(scope(name, attributes));
            }
        }

        /** What a {@code <foreach>} or {@code <bind>} element names for the elements inside it (and after, for bind). */
        private Map<String, List<String>> scope(String element, Attributes attributes) {
            Map<String, List<String>> scope = new HashMap<>();
            if (element.equals("foreach")) {
                List<String> collection = roots(value(attributes, "collection"));
                for (String alias : List.of(value(attributes, "item"), value(attributes, "index"))) {
                    if (!alias.isEmpty()) scope.put(alias, collection);
                }
            } else if (element.equals("bind") && !aliases.isEmpty()) {
                // a bind defines its name for the rest of the enclosing element
                aliases.peek().put(value(attributes, "name"), roots(value(attributes, "value")));
            }
            return scope;
        }

        /** The names an OGNL expression reads at its roots ({@code user.name} reads {@code user}); aliases expanded. */
        private List<String> roots(String expression) {
            Set<String> out = new LinkedHashSet<>();
            Matcher m = IDENTIFIER.matcher(expression);
            int end = -1;
            while (m.find()) {
                boolean member = m.start() > 0 && expression.charAt(m.start() - 1) == '.' && m.start() - 1 == end;
                end = m.end();
                String word = m.group(1);
                if (word != null && !member && !OGNL_WORDS.contains(word)) {
                    out.addAll(resolve(word));
                }
            }
            return List.copyOf(out);
        }

        private List<String> resolve(String name) {
            for (Map<String, List<String>> scope : aliases) {
                List<String> meant = scope.get(name);
                if (meant != null) return meant;
            }
            return List.of(name);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (body != null) {
                pending.append(ch, start, length);
                pendingEnd = lines.offset(locator.getLineNumber(), locator.getColumnNumber());
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            flush();
            if (body != null && !aliases.isEmpty()) {
                aliases.pop();
            }
            String name = localName.isEmpty() ? qName : localName;
            if (name.equals("include")) {
                include = null;
            }
            if (depth == 2 && body != null) {
                if (body.kind.equals("sql")) {
                    fragments.put(body.id, body);
                } else {
                    statements.add(body);
                }
                body = null;
            }
            depth--;
        }

        /**
         * The substitutions of the text read since the last tag. The text arrived with entities and
         * CDATA resolved, so each {@code ${...}} is found in the file backwards from where the text
         * ended, last first.
         */
        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            String chunk = pending.toString();
            pending.setLength(0);
            Matcher m = SUBSTITUTION.matcher(chunk);
            List<Substitution> found = new ArrayList<>();
            while (m.find()) {
                found.add(new Substitution(m.group(), resolve(m.group(1)), null));
            }
            int before = pendingEnd;
            for (int i = found.size() - 1; i >= 0; i--) {
                Substitution s = found.get(i);
                int at = text.lastIndexOf(s.expression(), Math.max(0, before - s.expression().length()));
                SourceRange range = at >= 0 ? lines.range(at, at + s.expression().length()) : lines.range(before, before);
                if (at >= 0) before = at;
                found.set(i, new Substitution(s.expression(), s.roots(), range));
            }
            body.substitutions.addAll(found);
        }

        /**
         * The statements with their fragments' substitutions, and the fragments themselves (other
         * files may include them), those that substitute something or include another file's fragment.
         */
        List<Statement> resolved() {
            List<Statement> out = new ArrayList<>();
            if (namespace.isEmpty()) {
                return out;
            }
            List<Body> bodies = new ArrayList<>(statements); // then the fragments, in the file's order too
            fragments.values().stream().sorted(java.util.Comparator.comparingInt(b -> b.line)).forEach(bodies::add);
            for (Body statement : bodies) {
                List<Substitution> all = new ArrayList<>();
                List<Include> elsewhere = new ArrayList<>();
                collect(statement, Set.of(), all, elsewhere, new HashSet<>());
                if ((!all.isEmpty() || !elsewhere.isEmpty()) && !statement.id.isEmpty()) {
                    out.add(new Statement(namespace, statement.kind, statement.id, path, statement.line, all, elsewhere));
                }
            }
            return out;
        }

        /**
         * A body's substitutions and, through its includes, its fragments'; a {@code ${name}} that an
         * include's {@code <property name="name">} defines is replaced by MyBatis when it reads the
         * file, so it names no parameter. An include this file does not declare, written with its
         * namespace, names a fragment of another mapper file: kept in {@code elsewhere}.
         */
        private void collect(Body b, Set<String> properties, List<Substitution> out, List<Include> elsewhere,
                             Set<String> visiting) {
            for (Substitution s : b.substitutions) {
                if (!properties.contains(inner(s))) out.add(s);
            }
            for (IncludeElement i : b.includes) {
                String id = i.refid.startsWith(namespace + ".") ? i.refid.substring(namespace.length() + 1) : i.refid;
                Body fragment = fragments.get(id);
                Set<String> inScope = new HashSet<>(properties);
                inScope.addAll(i.properties);
                if (fragment != null && visiting.add(id)) {
                    collect(fragment, inScope, out, elsewhere, visiting);
                    visiting.remove(id);
                } else if (fragment == null && i.refid.lastIndexOf('.') > 0) {
                    int dot = i.refid.lastIndexOf('.');
                    elsewhere.add(new Include(i.refid.substring(0, dot), i.refid.substring(dot + 1), inScope));
                }
            }
        }

        private static String value(Attributes attributes, String name) {
            String v = attributes.getValue(name);
            return v == null ? "" : v.strip();
        }
    }
}
