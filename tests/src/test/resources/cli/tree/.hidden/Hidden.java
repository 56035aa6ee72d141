package generated;

class Hidden {
    Object digest() throws Exception {
        return java.security.MessageDigest.getInstance("MD5");
    }
}
