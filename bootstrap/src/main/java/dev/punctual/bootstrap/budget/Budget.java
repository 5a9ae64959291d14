package dev.punctual.bootstrap.budget;

/** The deadline of the inbound request some work is done for; immutable, and holding nothing else. */
public final class Budget {
    /** On System.nanoTime's scale. */
    public final long deadlineNanos;
    /** What set it: "gRPC server", or the HTTP header's name. */
    public final String source;

    Budget(long deadlineNanos, String source) {
        this.deadlineNanos = deadlineNanos;
        this.source = source;
    }

    /** What is left now, in ns; 0 or less once it ran out. */
    public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }
}
