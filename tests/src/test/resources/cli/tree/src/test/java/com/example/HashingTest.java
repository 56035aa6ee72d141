package com.example;

import java.security.MessageDigest;

class HashingTest {
    void fixtureUsesMd5() throws Exception {
        MessageDigest.getInstance("MD5").digest(new byte[] {1, 2, 3});
    }
}
