package dev.seclens.server.cli;

/** A command line that cannot be run as written; the message says what to change. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
