package dev.punctual.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's only voice: one line on stderr, prefixed {@code punctual:}, and each distinct problem
 * said once. Internal faults are counted so that status can show them; the host never sees a trace.
 */
public final class Log {
    private static final AtomicLong FAULTS = new AtomicLong();
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();
    private static final int MAX_REMEMBERED = 1024;

    private Log() {
    }

    public static void warn(String message) {
        System.err.println("punctual: " + message);
    }

    /**
     * Says {@code message} unless a message with the same key was already said. Past the memory bound,
     * new keys are not said at all: the fault counter still counts them.
     */
    public static void warnOnce(String key, String message) {
        if (SAID.size() < MAX_REMEMBERED && SAID.add(key)) {
            warn(message);
        }
    }

    /** Counts a fault of the agent's own code, which was caught before it could reach the application. */
    static void fault(String where, Throwable t) {
        FAULTS.incrementAndGet();
        try {
            warnOnce("fault:" + where + ":" + t.getClass().getName(),
                    "internal fault in " + where + " (" + t + "); the application is not affected, this is said once");
        } catch (Throwable e) {
            // Out of memory (the fault itself, often): the count stands. Thrown from here, it would reach
            // the application's thread through the agent's own catch block.
        }
    }

    public static long faults() {
        return FAULTS.get();
    }
}
