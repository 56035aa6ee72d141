package fixes;

import java.util.Random;
import java.security.SecureRandom;

class ClockSeededSalt {
    byte[] salt() {
        SecureRandom generator = new SecureRandom();
        byte[] salt = new byte[16];
        generator.nextBytes(salt);
        return salt;
    }
}
