package fixes;

import java.security.MessageDigest;
import org.apache.commons.codec.digest.DigestUtils;

class CodecHelpers {
    String fingerprint(String data) {
        return DigestUtils.md5Hex(data);
    }

    byte[] checksum(byte[] data) {
        return DigestUtils.sha1(data);
    }

    MessageDigest digest() {
        return DigestUtils.getMd5Digest();
    }

    DigestUtils utils() {
        return new DigestUtils("MD5");
    }

    MessageDigest byName() {
        return DigestUtils.getDigest("SHA1");
    }
}
