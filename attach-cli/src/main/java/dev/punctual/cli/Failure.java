package dev.punctual.cli;

/**
 * What a command could not do, said as the one line the user sees on stderr (after "punctual: "),
 * with the exit code that goes with it. Nothing else of it is shown: no stack trace.
 */
public final class Failure extends Exception {
    /** The command line was wrong: an unknown option, a bad value, a file that cannot be used. */
    public static final int USAGE = 2;
    /** The command was right but could not be carried out: no such JVM, attach refused, ... */
    public static final int FAILED = 1;

    private final int exitCode;

    public Failure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static Failure usage(String message) {
        return new Failure(USAGE, message);
    }

    public static Failure failed(String message) {
        return new Failure(FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
