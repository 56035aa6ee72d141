package org.apache.commons.codec.digest;

import java.security.MessageDigest;

/** Compile-only stub of commons-codec's DigestUtils for the fix pairs. */
public class DigestUtils {
    public DigestUtils(String algorithm) {
    }

    public static byte[] md5(byte[] data) {
        return data;
    }

    public static byte[] md5(String data) {
        return new byte[0];
    }

    public static String md5Hex(byte[] data) {
        return "";
    }

    public static String md5Hex(String data) {
        return "";
    }

    public static byte[] sha1(byte[] data) {
        return data;
    }

    public static String sha1Hex(String data) {
        return "";
    }

    public static String shaHex(String data) {
        return "";
    }

    public static byte[] sha256(byte[] data) {
        return data;
    }

    public static byte[] sha256(String data) {
        return new byte[0];
    }

    public static String sha256Hex(byte[] data) {
        return "";
    }

    public static String sha256Hex(String data) {
        return "";
    }

    public static MessageDigest getMd5Digest() {
        return null;
    }

    public static MessageDigest getSha1Digest() {
        return null;
    }

    public static MessageDigest getSha256Digest() {
        return null;
    }

    public static MessageDigest getDigest(String algorithm) {
        return null;
    }
}
