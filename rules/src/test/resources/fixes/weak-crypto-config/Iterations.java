import javax.crypto.spec.PBEKeySpec;

/** No fix: another iteration count derives other keys, so stored hashes would no longer verify. */
class Iterations {
    PBEKeySpec spec(char[] password, byte[] salt) {
        return new PBEKeySpec(password, salt, 1000, 256);
    }
}
