package dev.seclens.rules.deps;

import dev.seclens.rules.SourceRange;
import dev.seclens.rules.SyntaxProblem;
import dev.seclens.rules.TextLines;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * An XML document as a small element tree with source positions, read by the JDK's SAX parser
 * with a {@link Locator} (DOM keeps no positions). Hardened against XXE: the parser never sees a
 * DOCTYPE (one in the prolog is blanked out before parsing, so a pom that declares one is still
 * read, without its DTD being resolved or its entities defined; any other is an error), and
 * external entities and DTDs are never loaded.
 */
public final class XmlDocument {

    /**
     * One element: its local name, the range of its start tag, its text (direct character data,
     * trimmed) and, when that text appears verbatim in the document, the text's range.
     */
    record Element(String name, SourceRange startTag, String text, Optional<SourceRange> textRange,
                   List<Element> children) {

        Optional<Element> child(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).findFirst();
        }

        List<Element> children(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).toList();
        }

        /** The child's text, or empty when the child is missing or blank. */
        Optional<String> childText(String childName) {
            return child(childName).map(Element::text).filter(t -> !t.isEmpty());
        }

        /** The elements at {@code path} below this one: {@code at("dependencies", "dependency")}. */
        List<Element> at(String... path) {
            List<Element> current = List.of(this);
            for (String step : path) {
                current = current.stream().flatMap(e -> e.children(step).stream()).toList();
            }
            return current;
        }
    }

    /** The root element, or the reason the text is not well-formed XML. */
    record Parsed(Optional<Element> root, List<SyntaxProblem> problems) {
    }

    private XmlDocument() {
    }

    static Parsed parse(String text) {
        TextLines lines = TextLines.of(text);
        Builder builder = new Builder(text, lines);
        try {
            SAXParser parser = factory().newSAXParser();
            parser.parse(new InputSource(new StringReader(withoutDoctype(text))), builder);
            return new Parsed(Optional.ofNullable(builder.root), List.of());
        } catch (SAXParseException e) {
            int line = Math.max(1, Math.min(e.getLineNumber(), lines.count()));
            int column = Math.max(1, Math.min(e.getColumnNumber(), lines.length(line) + 1));
            return new Parsed(Optional.empty(), List.of(new SyntaxProblem("not well-formed XML: " + e.getMessage(),
                    SourceRange.point(line, column))));
        } catch (SAXException | IOException | ParserConfigurationException | RuntimeException | StackOverflowError e) {
            return new Parsed(Optional.empty(), List.of(new SyntaxProblem("the XML parser failed on this file ("
                    + e.getClass().getSimpleName() + "): " + e.getMessage(), SourceRange.point(1, 1))));
        }
    }

    /**
     * The text with its document type declaration, if the prolog has one, replaced by spaces (line
     * ends kept, so positions do not move). The declaration is skipped by its grammar: quoted
     * literals, and an internal subset in brackets with its own literals and comments; one that does
     * not end is left for the parser to refuse.
     */
    public static String withoutDoctype(String text) {
        int start = text.indexOf("<!DOCTYPE");
        if (start < 0 || !inProlog(text, start)) {
            return text;
        }
        int end = doctypeEnd(text, start + "<!DOCTYPE".length());
        if (end < 0) {
            return text;
        }
        StringBuilder blanked = new StringBuilder(text);
        for (int i = start; i <= end; i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\r') {
                blanked.setCharAt(i, ' ');
            }
        }
        return blanked.toString();
    }

    /** Whether no element starts before {@code offset}: only the XML declaration, comments and instructions. */
    private static boolean inProlog(String text, int offset) {
        for (int i = text.indexOf('<'); i >= 0 && i < offset; i = text.indexOf('<', i + 1)) {
            if (i + 1 < text.length() && text.charAt(i + 1) != '?' && text.charAt(i + 1) != '!') {
                return false;
            }
        }
        return true;
    }

    /** The offset of the {@code >} closing a declaration whose name starts at {@code from}; -1 when it does not close. */
    private static int doctypeEnd(String text, int from) {
        boolean subset = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = text.indexOf(c, i + 1);
                if (i < 0) {
                    return -1;
                }
            } else if (subset && text.startsWith("<!--", i)) {
                i = text.indexOf("-->", i + 4);
                if (i < 0) {
                    return -1;
                }
                i += 2;
            } else if (c == '[' && !subset) {
                subset = true;
            } else if (c == ']' && subset) {
                subset = false;
            } else if (c == '>' && !subset) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A SAX parser factory that reads no DTD, no external entity and no document type declaration
     * at all (blank it first with {@link #withoutDoctype}), with the JDK's secure-processing limits.
     */
    public static SAXParserFactory factory() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory;
    }

    /** Builds the tree; positions come from the locator, which SAX leaves just past each start tag. */
    private static final class Builder extends DefaultHandler {
        private final String text;
        private final TextLines lines;
        private final Deque<Open> open = new ArrayDeque<>();
        private Locator locator;
        private Element root;

        private static final class Open {
            final String name;
            final SourceRange startTag;
            final int contentStart;
            final StringBuilder text = new StringBuilder();
            final List<Element> children = new ArrayList<>();

            Open(String name, SourceRange startTag, int contentStart) {
                this.name = name;
                this.startTag = startTag;
                this.contentStart = contentStart;
            }
        }

        Builder(String text, TextLines lines) {
            this.text = text;
            this.lines = lines;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            int end = lines.offset(locator.getLineNumber(), locator.getColumnNumber());
            int start = Math.max(0, text.lastIndexOf('<', Math.max(0, end - 1)));
            open.push(new Open(localName.isEmpty() ? qName : localName, range(start, end), end));
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) {
                open.peek().text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            Open element = open.pop();
            String content = element.text.toString().strip();
            Optional<SourceRange> textRange = Optional.empty();
            if (!content.isEmpty() && element.children.isEmpty()) {
                int at = element.contentStart;
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (text.startsWith(content, at)) { // not when entities, CDATA or comments intervene
                    textRange = Optional.of(range(at, at + content.length()));
                }
            }
            Element done = new Element(element.name, element.startTag, content, textRange, List.copyOf(element.children));
            if (open.isEmpty()) {
                root = done;
            } else {
                open.peek().children.add(done);
            }
        }

        private SourceRange range(int start, int end) {
            return lines.range(start, end);
        }
    }
}
