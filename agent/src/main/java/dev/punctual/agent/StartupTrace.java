package dev.punctual.agent;

/**
 * With {@code -Dpunctual.debug.startup=true}, one stderr line per step of the agent's start-up, with
 * the milliseconds since the previous step and since the start: how start-up cost is found and kept
 * down (docs/performance.md). Off, each mark is one read of a final boolean.
 */
final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("punctual.debug.startup");
    private static long start;
    private static long last;

    private StartupTrace() {
    }

    static void mark(String step) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        if (start == 0) {
            start = now;
            last = now;
        }
        System.err.println("punctual: start-up " + step + " +" + micros(now - last) + " ms (" + micros(now - start) + " ms)");
        last = System.nanoTime(); // the next step's time leaves out this line's own printing
    }

    private static String micros(long nanos) {
        return Long.toString(nanos / 1_000_000) + "." + (nanos / 100_000) % 10;
    }
}
