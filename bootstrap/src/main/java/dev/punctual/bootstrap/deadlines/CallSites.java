package dev.punctual.bootstrap.deadlines;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the events about calls without a deadline: a loop making the same call thousands of times a
 * second must not flood the recording. Each call site (the first application frame of the call) gets
 * {@link #PER_MINUTE} events of each type per minute; the summaries count every call. At most {@link #MAX_SITES}
 * sites are tracked; calls from further sites share one budget.
 *
 * <p>Finding a call's site walks its stack, which costs 3 to 10 µs: more than everything else Punctual
 * does for a call. So each target's calls are examined at most once per {@link #GAP_NANOS} for each
 * event type ({@link Gate}); the calls in between cost a clock read. Above a hundred calls a second to
 * one target, its call sites are sampled: a site is found in proportion to its share of the calls.
 */
final class CallSites {
    static final int PER_MINUTE = 5;
    static final int MAX_SITES = 1024;
    static final long GAP_NANOS = 10_000_000;
    private static final long MINUTE = 60_000_000_000L;
    private static final String[] INFRASTRUCTURE = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.punctual.bootstrap."};

    private static final ConcurrentHashMap<String, Budget> SITES = new ConcurrentHashMap<>();
    private static final Budget OTHERS = new Budget(0);
    private static final StackWalker WALKER = StackWalker.getInstance();

    private static final class Budget {
        volatile long windowStart;
        final AtomicInteger used = new AtomicInteger();

        Budget(long now) {
            windowStart = now;
        }

        boolean take(long now) {
            if (now - windowStart >= MINUTE) {
                windowStart = now; // a race here lets a few more events through, never fewer
                used.set(0);
            }
            return used.incrementAndGet() <= PER_MINUTE;
        }
    }

    /** When the next call of one target may be examined for one event type; racy on purpose (a few more walks). */
    static final class Gate {
        private volatile long next = System.nanoTime();

        /** Whether this call may be examined; if so, the next one only after the gap. */
        boolean open() {
            long now = System.nanoTime();
            if (now - next < 0) {
                return false;
            }
            next = now + GAP_NANOS;
            return true;
        }
    }

    private CallSites() {
    }

    /** Forgets every site (on detach). */
    static void forget() {
        SITES.clear();
    }

    /** Whether this call, from the current thread's stack, may have its event of this type. */
    static boolean mayReport(String eventName) {
        String site = WALKER.walk(frames -> frames
                .filter(f -> !isInfrastructure(f.getClassName()))
                .findFirst()
                .map(f -> eventName + " " + f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
                .orElse(eventName));
        long now = System.nanoTime();
        Budget b = SITES.get(site);
        if (b == null) {
            b = SITES.size() < MAX_SITES ? SITES.computeIfAbsent(site, s -> new Budget(now)) : OTHERS;
        }
        return b.take(now);
    }

    private static boolean isInfrastructure(String className) {
        for (String p : INFRASTRUCTURE) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
