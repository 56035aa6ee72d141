package dev.seclens.server;

/** The version the jar was built as, from its manifest; "dev" when run from classes. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
