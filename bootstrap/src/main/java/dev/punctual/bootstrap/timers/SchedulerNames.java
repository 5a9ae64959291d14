package dev.punctual.bootstrap.timers;

/** Readable scheduler names, taken from the names their factories give worker threads. */
final class SchedulerNames {
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
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        if (end < name.length()) {
            name = name.substring(0, end);
            if (name.endsWith("-thread-")) {
                name = name.substring(0, name.length() - "-thread-".length());
            }
            while (!name.isEmpty() && "-_#. :".indexOf(name.charAt(name.length() - 1)) >= 0) {
                name = name.substring(0, name.length() - 1);
            }
        }
        return name.isEmpty() ? null : name;
    }

    static String fromIdentity(Object owner) {
        return owner.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(owner));
    }
}
