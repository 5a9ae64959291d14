package dev.punctual.sample.common;

/** A command line the app cannot use; its message is the one line the app prints on stderr. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
