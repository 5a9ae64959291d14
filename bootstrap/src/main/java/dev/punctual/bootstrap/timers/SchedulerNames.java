package dev.punctual.bootstrap.timers;

/** Readable scheduler names, taken from the names their factories give worker threads. */
final class SchedulerNames {
    private static final String DELAY_THREAD = "-delayScheduler";

    private SchedulerNames() {
    }

    /**
     * The thread name without its per-thread counter: {@code pool-3-thread-1} gives {@code pool-3},
     * {@code ticker-7} and {@code ticker#7} give {@code ticker}, a fixed name stays as it is.
     * Null when nothing readable is left (an unnamed virtual thread, a name of digits only).
     */
    static String fromThreadName(String threadName) {
        if (threadName == null) {
            return null;
        }
        String name = threadName.strip();
        if (name.endsWith(DELAY_THREAD)) { // a ForkJoinPool's delay thread is named after its pool
            name = name.substring(0, name.length() - DELAY_THREAD.length());
        }
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        if (end < name.length()) {
            name = name.substring(0, end);
            for (String counter : new String[]{"-thread-", "-worker-"}) {
                if (name.endsWith(counter)) {
                    name = name.substring(0, name.length() - counter.length());
                }
            }
            while (!name.isEmpty() && "-_#. :".indexOf(name.charAt(name.length() - 1)) >= 0) {
                name = name.substring(0, name.length() - 1);
            }
        }
        return name.isEmpty() ? null : name;
    }

    /** A java.util.Timer is its thread: the thread's whole name names it ("Timer-0", or what it was given). */
    static String of(String kind, String threadName) {
        return UtilTimerProbe.KIND.equals(kind) && threadName != null && !threadName.isBlank() ? threadName : fromThreadName(threadName);
    }

    static String fromIdentity(Object owner) {
        return owner.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(owner));
    }
}
