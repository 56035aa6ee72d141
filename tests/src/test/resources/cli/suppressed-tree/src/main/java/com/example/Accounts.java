package com.example;

import java.security.MessageDigest;

class Accounts {
    private static final String DB_PASSWORD = "Tr0ub4dor&3"; // seclens-ignore java/hardcoded-credential -- local test database

    byte[] checksum(byte[] data) throws Exception {
        // seclens-ignore-next-line java/weak-hash -- file checksum, not security
        return MessageDigest.getInstance("MD5").digest(data);
    }

    @SuppressWarnings("seclens:java/weak-hash")
    byte[] legacy(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(data);
    }

    byte[] accepted(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD2").digest(data);
    }

    byte[] reported(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD4").digest(data); // seclens-ignore java/sql-injection
    }
}
