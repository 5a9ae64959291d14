package dev.punctual.bootstrap.timers;

/** The timer settings in force, set by the agent from its configuration; read on every execution. */
public final class TimerSettings {
    /** A lag at or above this becomes a punctual.TimerLag event; Long.MAX_VALUE when off. */
    public static volatile long lagThresholdNanos = 1_000_000L;
    /** Whether the JDK's schedulers that wake virtual threads are measured (as "virtual-threads"). */
    public static volatile boolean virtualThreads = true;

    private TimerSettings() {
    }
}
