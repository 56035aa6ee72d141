package dev.seclens.server;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The version the jar was built as, from its manifest; "dev" when run from classes. */
public final class Version {
    private Version() {
    }

    private static volatile String buildHash;

    /**
     * A hash of the jar this code runs from, so that caches keyed on it are dropped by any rebuild,
     * released or not; {@code "classes"} when not run from a jar.
     */
    public static String buildHash() {
        String hash = buildHash;
        if (hash == null) {
            hash = "classes";
            try {
                Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(jar)) {
                    try (InputStream in = Files.newInputStream(jar)) {
                        MessageDigest digest = MessageDigest.getInstance("SHA-256");
                        byte[] buffer = new byte[1 << 16];
                        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                            digest.update(buffer, 0, n);
                        }
                        hash = HexFormat.of().formatHex(digest.digest());
                    }
                }
            } catch (Exception e) {
                // no code source to read: the version alone must do
            }
            buildHash = hash;
        }
        return hash;
    }

    public static String current() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
