package fixes;

import java.util.Random;

class Tokens {
    private final Random random = new Random();

    String sessionToken() {
        return Long.toHexString(random.nextLong());
    }

    String apiKey() {
        return Integer.toHexString(random.nextInt());
    }

    String resetCode() {
        return String.valueOf(new Random().nextInt(1000000));
    }

    double nonce() {
        return Math.random();
    }
}
