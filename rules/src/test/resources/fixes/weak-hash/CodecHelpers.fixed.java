package fixes;

import java.security.MessageDigest;
import org.apache.commons.codec.digest.DigestUtils;

class CodecHelpers {
    String fingerprint(String data) {
        return DigestUtils.sha256Hex(data);
    }

    byte[] checksum(byte[] data) {
        return DigestUtils.sha256(data);
    }

    MessageDigest digest() {
        return DigestUtils.getSha256Digest();
    }

    DigestUtils utils() {
        return new DigestUtils("SHA-256");
    }

    MessageDigest byName() {
        return DigestUtils.getDigest("SHA-256");
    }
}
