package dev.seclens.server.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's cache folder for SecLens, outside every project: {@code $XDG_CACHE_HOME/seclens}, or
 * {@code ~/.cache/seclens} when that variable is unset or not an absolute path (as the XDG base
 * directory specification says). Only the user's own runs write there, so what it holds can be
 * trusted as much as the user's home.
 */
public final class UserCache {
    private UserCache() {
    }

    public static Path folder(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(userHome, ".cache");
        return base.resolve("seclens");
    }

    /** The folder for this process, from its environment. */
    public static Path folder() {
        return folder(System.getenv(), System.getProperty("user.home"));
    }
}
