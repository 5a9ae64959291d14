package dev.punctual.bootstrap.deadlines;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.jfr.DeadlineSummaryEvent;
import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.SummaryWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every call per client, kind of deadline and target, from the agent's start on: the per-call
 * events are bounded per call site, these totals lose nothing. Each reader keeps its own baseline:
 * punctual.DeadlineSummary writes what came since the previous summary, per client and target; the
 * metrics read the totals. At most {@link #MAX_KEYS} client, kind and target triples are counted apart;
 * the rest of a client's kind under the target "other".
 * <p>
 * Every call finds its counts here, so the lookup builds nothing: the counts are kept by the name the
 * call already has (its host, or gRPC's service/method), then matched on client, kind and port; the
 * target's text ("host:port") is made once, with its counts.
 */
public final class DeadlineSummaries {
    private static final FaultSite HTTP_SUMMARY_FAULT = new FaultSite("http.summary");

    static final int MAX_KEYS = 1024;
    public static final String OTHER = "other";
    private static final Object EMITTING = new Object();
    /** By host (or service/method): the counts of each client, kind and port, chained. */
    private static final ConcurrentHashMap<String, Counts> BY_NAME = new ConcurrentHashMap<>();
    /** The client and kind pairs' counts for the targets beyond {@link #MAX_KEYS}. */
    private static final ConcurrentHashMap<String, Counts> OTHERS = new ConcurrentHashMap<>();
    private static final AtomicInteger KEYS = new AtomicInteger();
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
        /** The port the target names, or -1 when its name is the whole target (gRPC). */
        final int port;
        /** The next counts of the same host or service/method. */
        final Counts next;
        public final AtomicLong injected = new AtomicLong();
        public final AtomicLong missing = new AtomicLong();
        public final AtomicLong exceeded = new AtomicLong();
        /** For the events about calls without a deadline (injected or missing), and about exceeded ones. */
        final CallSites.Gate reportGate = new CallSites.Gate();
        final CallSites.Gate exceededGate = new CallSites.Gate();
        /** What summaries have written so far: guarded by EMITTING. */
        private final long[] summarized = new long[3];

        Counts(String client, String kind, String target, int port, Counts next) {
            this.client = client;
            this.kind = kind;
            this.target = target;
            this.port = port;
            this.next = next;
        }

        /** The counts of the targets beyond {@link #MAX_KEYS}, whose own names they do not keep. */
        boolean isOther() {
            return target == OTHER;
        }

        boolean is(String client, String kind, int port) {
            return this.port == port && this.kind.equals(kind) && this.client.equals(client);
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
            BY_NAME.clear();
            OTHERS.clear();
            KEYS.set(0);
        }
    }

    /** Deadlines injected, missing and exceeded since the start, over every client, kind and target. */
    public static long[] totals() {
        long[] t = new long[3];
        for (Counts c : all()) {
            t[0] += c.injected.get();
            t[1] += c.missing.get();
            t[2] += c.exceeded.get();
        }
        return t;
    }

    /**
     * @param name the host for HTTP, with its port; gRPC's service/method, with port -1
     */
    public static Counts of(String client, String kind, String name, int port) {
        if (name == null) {
            name = "null"; // a URI without a host: counted as it always was, under "null:port"
        }
        Counts first = BY_NAME.get(name);
        for (Counts c = first; c != null; c = c.next) {
            if (c.is(client, kind, port)) {
                return c;
            }
        }
        return add(client, kind, name, port);
    }

    /** A new client, kind and target: rare, so it may lock and build. */
    private static synchronized Counts add(String client, String kind, String name, int port) {
        Counts first = BY_NAME.get(name);
        for (Counts c = first; c != null; c = c.next) {
            if (c.is(client, kind, port)) {
                return c; // added meanwhile
            }
        }
        if (KEYS.get() >= MAX_KEYS) {
            Counts other = OTHERS.get(client + ' ' + kind);
            if (other == null) {
                other = new Counts(client, kind, OTHER, -1, null);
                OTHERS.put(client + ' ' + kind, other);
            }
            return other;
        }
        Counts c = new Counts(client, kind, target(name, port), port, first);
        BY_NAME.put(name, c);
        KEYS.incrementAndGet();
        return c;
    }

    /** "host:port" for HTTP; gRPC's service/method as it is. */
    static String target(String name, int port) {
        return port < 0 ? name : name + ":" + port;
    }

    /** Every client, kind and target counted so far; the counts go on rising. */
    public static List<Counts> all() {
        List<Counts> out = new ArrayList<>();
        for (Counts first : BY_NAME.values()) {
            for (Counts c = first; c != null; c = c.next) {
                out.add(c);
            }
        }
        out.addAll(OTHERS.values());
        return out;
    }

    /** Writes every client and target that had calls since the previous summary, its kinds added up. */
    public static void emit() {
        try {
            synchronized (EMITTING) {
                Map<String, long[]> byTarget = new LinkedHashMap<>();
                Map<String, Counts> named = new LinkedHashMap<>();
                for (Counts c : all()) {
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
            HTTP_SUMMARY_FAULT.caught(t);
        }
    }
}
