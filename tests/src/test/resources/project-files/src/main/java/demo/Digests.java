package demo;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Properties;

class Digests {
    byte[] digest(byte[] data) throws Exception {
        Properties settings = new Properties();
        try (InputStream in = Digests.class.getResourceAsStream("/crypto.properties")) {
            settings.load(in);
        }
        return MessageDigest.getInstance(settings.getProperty("hash.algorithm")).digest(data);
    }
}
