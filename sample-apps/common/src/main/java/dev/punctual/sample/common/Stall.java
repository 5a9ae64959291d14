package dev.punctual.sample.common;

/**
 * Holds the thread it runs on, so that whatever else is due on that thread meanwhile starts late: the
 * way a long computation or a slow call on a shared timer thread does. It spins rather than sleeps, to
 * keep the CPU busy as real work would.
 */
public final class Stall implements Runnable {
    private final long nanos;

    public Stall(long nanos) {
        this.nanos = nanos;
    }

    @Override
    public void run() {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0 && !Thread.currentThread().isInterrupted()) {
            Thread.onSpinWait();
        }
    }
}
