package fixes;

import java.util.Random;

class ClockSeededSalt {
    byte[] salt() {
        Random generator = new Random(System.nanoTime());
        byte[] salt = new byte[16];
        generator.nextBytes(salt);
        return salt;
    }
}
