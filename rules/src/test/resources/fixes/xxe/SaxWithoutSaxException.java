import java.io.InputStream;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.helpers.DefaultHandler;

class SaxWithoutSaxException {
    void parse(InputStream in, DefaultHandler handler) throws ParserConfigurationException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        try {
            factory.newSAXParser().parse(in, handler);
        } catch (java.io.IOException | org.xml.sax.SAXException e) {
            throw new IllegalStateException(e);
        }
    }
}
