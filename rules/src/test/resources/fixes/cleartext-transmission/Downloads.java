import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;

class Downloads {
    InputStream report() throws IOException {
        return new URL("http://reports.example.com/daily.csv").openStream();
    }

    HttpRequest orders() {
        return HttpRequest.newBuilder(URI.create("http://api.example.com/orders")).build();
    }
}
