package dev.punctual.agent.config;

/** A value that a setting's parser refused; the message says what was expected. */
public final class InvalidValueException extends Exception {
    public InvalidValueException(String expected) {
        super(expected, null, false, false);
    }
}
