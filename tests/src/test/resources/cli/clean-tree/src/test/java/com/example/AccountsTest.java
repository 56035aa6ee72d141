package com.example;

import java.security.MessageDigest;

class AccountsTest {
    byte[] legacyFixtureChecksum(byte[] document) throws Exception {
        return MessageDigest.getInstance("MD5").digest(document);
    }
}
