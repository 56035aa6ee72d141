package com.example;

import java.security.MessageDigest;

class Quiet {
    byte[] checksum(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data); // seclens-ignore java/weak-hash
    }
}
