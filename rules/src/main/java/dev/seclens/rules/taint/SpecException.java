package dev.seclens.rules.taint;

/** A taint specification file that cannot be used; the message names the file and the entry. */
public final class SpecException extends Exception {
    public SpecException(String message) {
        super(message);
    }
}
