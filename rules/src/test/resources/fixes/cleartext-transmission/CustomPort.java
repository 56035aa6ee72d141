import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/** No fix: a server on a custom port rarely serves TLS on that same port. */
class CustomPort {
    InputStream metrics() throws IOException {
        return new URL("http://metrics.example.com:8080/prometheus").openStream();
    }
}
