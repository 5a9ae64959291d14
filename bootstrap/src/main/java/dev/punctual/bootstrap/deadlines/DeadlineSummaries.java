package dev.punctual.bootstrap.deadlines;

import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.jfr.DeadlineSummaryEvent;
import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.SummaryWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every call per client, kind of deadline and target, from the agent's start on: the per-call
 * events are bounded per call site, these totals lose nothing. Each reader keeps its own baseline:
 * punctual.DeadlineSummary writes what came since the previous summary, per client and target; the
 * metrics read the totals. At most {@link #MAX_KEYS} client, kind and target triples are counted apart;
 * the rest of a client's kind under the target "other".
 */
public final class DeadlineSummaries {
    static final int MAX_KEYS = 1024;
    public static final String OTHER = "other";
    private static final Object EMITTING = new Object();
    private static final ConcurrentHashMap<String, Counts> COUNTS = new ConcurrentHashMap<>();
    private static final SummaryWriter WRITER = new SummaryWriter("punctual-deadline-summary", DeadlineSummaryEvent.class,
            new Runnable() {
                @Override
                public void run() {
                    emit();
                }
            });

    /** The calls of one client, kind and target since the agent started. */
    public static final class Counts {
        public final String client;
        public final String kind;
        public final String target;
        public final AtomicLong injected = new AtomicLong();
        public final AtomicLong missing = new AtomicLong();
        public final AtomicLong exceeded = new AtomicLong();
        /** For the events about calls without a deadline (injected or missing), and about exceeded ones. */
        final CallSites.Gate reportGate = new CallSites.Gate();
        final CallSites.Gate exceededGate = new CallSites.Gate();
        /** What summaries have written so far: guarded by EMITTING. */
        private final long[] summarized = new long[3];

        Counts(String client, String kind, String target) {
            this.client = client;
            this.kind = kind;
            this.target = target;
        }

        /** Adds what came since the previous summary to {@code into} (injected, missing, exceeded). */
        void takeNew(long[] into) {
            long[] now = {injected.get(), missing.get(), exceeded.get()};
            for (int i = 0; i < now.length; i++) {
                into[i] += now[i] - summarized[i];
                summarized[i] = now[i];
            }
        }
    }

    private DeadlineSummaries() {
    }

    public static void start(long intervalNanos) {
        WRITER.start(intervalNanos);
    }

    /** Stops the summaries and forgets every count (on detach). */
    public static void stop() {
        WRITER.stop();
        synchronized (EMITTING) {
            COUNTS.clear();
        }
    }

    /** Deadlines injected, missing and exceeded since the start, over every client, kind and target. */
    public static long[] totals() {
        long[] t = new long[3];
        for (Counts c : COUNTS.values()) {
            t[0] += c.injected.get();
            t[1] += c.missing.get();
            t[2] += c.exceeded.get();
        }
        return t;
    }

    public static Counts of(String client, String kind, String target) {
        String key = client + ' ' + kind + ' ' + target;
        Counts c = COUNTS.get(key);
        if (c == null) {
            c = COUNTS.size() < MAX_KEYS ? COUNTS.computeIfAbsent(key, k -> new Counts(client, kind, target))
                    : COUNTS.computeIfAbsent(client + ' ' + kind + ' ' + OTHER, k -> new Counts(client, kind, OTHER));
        }
        return c;
    }

    /** Every client, kind and target counted so far; the counts go on rising. */
    public static List<Counts> all() {
        return new ArrayList<>(COUNTS.values());
    }

    /** Writes every client and target that had calls since the previous summary, its kinds added up. */
    public static void emit() {
        try {
            synchronized (EMITTING) {
                Map<String, long[]> byTarget = new LinkedHashMap<>();
                Map<String, Counts> named = new LinkedHashMap<>();
                for (Counts c : COUNTS.values()) {
                    String key = c.client + ' ' + c.target;
                    c.takeNew(byTarget.computeIfAbsent(key, k -> new long[3]));
                    named.putIfAbsent(key, c);
                }
                if (!Jfr.started()) {
                    return;
                }
                for (Map.Entry<String, long[]> e : byTarget.entrySet()) {
                    long[] n = e.getValue();
                    if (n[0] + n[1] + n[2] == 0) {
                        continue;
                    }
                    Counts c = named.get(e.getKey());
                    DeadlineSummaryEvent event = new DeadlineSummaryEvent();
                    event.client = c.client;
                    event.target = c.target;
                    event.injected = n[0];
                    event.missing = n[1];
                    event.exceeded = n[2];
                    event.commit();
                }
            }
        } catch (Throwable t) {
            Log.fault("http.summary", t);
        }
    }
}
