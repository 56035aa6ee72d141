package fixes;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** ThreadLocalRandom has no secure drop-in, and a generator assigned twice is not a one-place change. */
class NoOneLineChange {
    String sessionToken() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    long apiKey() {
        ThreadLocalRandom generator = ThreadLocalRandom.current();
        return generator.nextLong();
    }

    int otp(boolean seeded) {
        Random generator = new Random();
        if (seeded) {
            generator = new Random(42);
        }
        return generator.nextInt(1000000);
    }
}
