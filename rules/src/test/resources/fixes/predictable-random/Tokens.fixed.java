package fixes;

import java.util.Random;
import java.security.SecureRandom;

class Tokens {
    private final SecureRandom random = new SecureRandom();

    String sessionToken() {
        return Long.toHexString(random.nextLong());
    }

    String apiKey() {
        return Integer.toHexString(random.nextInt());
    }

    String resetCode() {
        return String.valueOf(new SecureRandom().nextInt(1000000));
    }

    double nonce() {
        return new SecureRandom().nextDouble();
    }
}
