package com.example;

import java.security.MessageDigest;

public class Broken {
    byte[] token(byte[] seed) throws Exception {
        return MessageDigest.getInstance("MD5").digest(seed);
    }

    void unfinished() {
        int total = 1 + ;
    }
}
