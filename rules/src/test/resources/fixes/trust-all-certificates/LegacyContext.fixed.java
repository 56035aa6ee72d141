import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

class LegacyContext {
    SSLContext client() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        return context;
    }

    SSLContext server() throws GeneralSecurityException {
        return SSLContext.getInstance("TLS");
    }
}
