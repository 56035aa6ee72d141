package com.example;

// Résumé of the legacy module, saved as ISO-8859-1.
public class Legacy {
    String algorithm() {
        return java.security.MessageDigest.getInstance("MD5").getAlgorithm();
    }
}
