package com.example.shop;

import java.util.Random;

/** Issues session ids and password-reset codes. */
public class TokenService {
    private final Random random = new Random();

    public String newSessionId() {
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    public int passwordResetCode() {
        int resetCode = 100000 + random.nextInt(900000);
        return resetCode;
    }

    /** Spreads retries out so that clients do not all come back at once: predictability is harmless here. */
    public long retryDelayMillis(int attempt) {
        return (1L << attempt) * 100 + random.nextInt(100);
    }
}
