package fixes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The algorithm comes from a constant that others may read: changing it is the user's call. */
class ConstantAlgorithm {
    static final String ALGORITHM = "MD5";

    byte[] hash(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance(ALGORITHM).digest(data);
    }
}
