package dev.punctual.sample.heartbeat;

/**
 * The link between sender and peer, in memory: the System.nanoTime() of the last heartbeat, written
 * by the sender's thread only and read by the peer's, without a lock.
 */
final class Link {
    private volatile long lastBeatNanos;

    Link(long startNanos) {
        lastBeatNanos = startNanos;
    }

    void beat(long nanos) {
        lastBeatNanos = nanos;
    }

    long lastBeatNanos() {
        return lastBeatNanos;
    }
}
