package fixes;

import java.util.Random;
import java.security.SecureRandom;

class LocalRandom {
    byte[] salt() {
        Random generator = new SecureRandom();
        byte[] salt = new byte[16];
        generator.nextBytes(salt);
        return salt;
    }
}
