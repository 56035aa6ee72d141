package dev.seclens.rules;

/** The part of a security review a rule belongs to; reports group findings by it. */
public enum Concern {
    INJECTION("Injection"),
    CRYPTOGRAPHY("Cryptography and randomness"),
    SECRETS("Secrets"),
    ERROR_HANDLING("Error handling"),
    LOGGING("Logging and data exposure"),
    CONFIGURATION("Configuration"),
    ACCESS_CONTROL("Access control"),
    TEST_CODE("Test code in production"),
    ROBUSTNESS("Robustness"),
    DEPENDENCIES("Vulnerable dependencies");

    private final String title;

    Concern(String title) {
        this.title = title;
    }

    /** The heading a reviewer would write for this concern. */
    public String title() {
        return title;
    }
}
