import java.security.GeneralSecurityException;
import java.security.PublicKey;
import javax.crypto.Cipher;

/** No fix: the peer that decrypts must switch to the same OAEP parameters at the same time. */
class RsaPadding {
    byte[] wrap(PublicKey key, byte[] secret) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(secret);
    }
}
