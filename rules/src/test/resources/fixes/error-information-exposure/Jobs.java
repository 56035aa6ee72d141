import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.servlet.http.HttpServletRequest;
import org.slf4j.Logger;

class Jobs {
    private static final Logger LOG = null;

    void cleanUp(HttpServletRequest request, Path folder) {
        try {
            Files.delete(folder);
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    Runnable task(HttpServletRequest request, Path folder) {
        return new Runnable() {
            @Override
            public void run() {
                try {
                    Files.delete(folder);
                } catch (IOException failure) {
                    failure.printStackTrace();
                }
            }
        };
    }
}
