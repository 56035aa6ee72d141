package dev.seclens.rules.config;

/**
 * A configuration that cannot be used. The message is one line: where (file and line:column, or
 * the JSON path in a settings object), then what is wrong.
 */
public final class ConfigurationException extends Exception {

    public ConfigurationException(String message) {
        super(message);
    }
}
