package dev.punctual.bootstrap.deadlines;

import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.jfr.DeadlineSummaryEvent;
import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.SummaryWriter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every call per client and target, and writes the counts since the previous summary as
 * punctual.DeadlineSummary: the per-call events are bounded per call site, these totals lose nothing.
 * At most {@link #MAX_TARGETS} targets per client are counted apart; the rest under "other".
 */
public final class DeadlineSummaries {
    static final int MAX_TARGETS = 1024;
    private static final Object EMITTING = new Object();
    private static final ConcurrentHashMap<String, Counts> COUNTS = new ConcurrentHashMap<>();
    private static final SummaryWriter WRITER = new SummaryWriter("punctual-deadline-summary", DeadlineSummaryEvent.class,
            new Runnable() {
                @Override
                public void run() {
                    emit();
                }
            });

    public static final class Counts {
        final String client;
        final String target;
        public final AtomicLong injected = new AtomicLong();
        public final AtomicLong missing = new AtomicLong();
        public final AtomicLong exceeded = new AtomicLong();

        Counts(String client, String target) {
            this.client = client;
            this.target = target;
        }
    }

    private DeadlineSummaries() {
    }

    /** What earlier summaries took out of the counts: with the counts, the totals since the start. */
    private static final AtomicLong INJECTED = new AtomicLong();
    private static final AtomicLong MISSING = new AtomicLong();
    private static final AtomicLong EXCEEDED = new AtomicLong();

    public static void start(long intervalNanos) {
        WRITER.start(intervalNanos);
    }

    /** Stops the summaries and forgets every count (on detach). */
    public static void stop() {
        WRITER.stop();
        synchronized (EMITTING) {
            COUNTS.clear();
            INJECTED.set(0);
            MISSING.set(0);
            EXCEEDED.set(0);
        }
    }

    /** Deadlines injected, missing and exceeded since the start, over every client and target. */
    public static long[] totals() {
        synchronized (EMITTING) {
            long[] t = {INJECTED.get(), MISSING.get(), EXCEEDED.get()};
            for (Counts c : COUNTS.values()) {
                t[0] += c.injected.get();
                t[1] += c.missing.get();
                t[2] += c.exceeded.get();
            }
            return t;
        }
    }

    public static Counts of(String client, String target) {
        String key = client + ' ' + target;
        Counts c = COUNTS.get(key);
        if (c == null) {
            c = COUNTS.size() < MAX_TARGETS ? COUNTS.computeIfAbsent(key, k -> new Counts(client, target))
                    : COUNTS.computeIfAbsent(client + " other", k -> new Counts(client, "other"));
        }
        return c;
    }

    /** Writes and resets every client and target that had calls since the previous summary. */
    public static void emit() {
        try {
            synchronized (EMITTING) {
                for (Map.Entry<String, Counts> e : COUNTS.entrySet()) {
                    Counts c = e.getValue();
                    long injected = c.injected.getAndSet(0);
                    long missing = c.missing.getAndSet(0);
                    long exceeded = c.exceeded.getAndSet(0);
                    INJECTED.addAndGet(injected);
                    MISSING.addAndGet(missing);
                    EXCEEDED.addAndGet(exceeded);
                    if (injected + missing + exceeded == 0 || !Jfr.PRESENT) {
                        continue;
                    }
                    DeadlineSummaryEvent event = new DeadlineSummaryEvent();
                    event.client = c.client;
                    event.target = c.target;
                    event.injected = injected;
                    event.missing = missing;
                    event.exceeded = exceeded;
                    event.commit();
                }
            }
        } catch (Throwable t) {
            Log.fault("http.summary", t);
        }
    }
}
