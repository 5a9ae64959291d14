package dev.punctual.agent.metrics;

import dev.punctual.bootstrap.Log;

/** One line on stderr at most once a minute, saying how many more there would have been. */
final class RateLimitedWarning {
    static final long PERIOD_NANOS = 60_000_000_000L;

    private long lastNanos;
    private boolean said;
    private int quiet;

    synchronized void warn(String message) {
        long now = System.nanoTime();
        if (said && now - lastNanos < PERIOD_NANOS) {
            quiet++;
            return;
        }
        Log.warn(message + (quiet == 0 ? "" : " (" + quiet + " more since the last such line)") + "; said at most once a minute");
        said = true;
        lastNanos = now;
        quiet = 0;
    }
}
