package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.AgentThreads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every scheduler seen, keyed by the identity of the object that owns its queue, without keeping that
 * object alive. Only a thread's first task for a scheduler comes here (threads cache what they get), so
 * one lock is fine. Memory is bounded: past {@link #MAX_SCHEDULERS} live schedulers of a kind, the rest
 * share one named "other"; past {@link #MAX_RECORDERS} recorders, threads share a recorder.
 */
public final class Schedulers {
    static final int MAX_SCHEDULERS = 256;
    static final int MAX_RECORDERS = 1024;
    static final int MAX_THREADS_PER_SCHEDULER = 64;

    private static final Object LOCK = new Object();
    private static final Map<Integer, List<Scheduler>> BY_IDENTITY = new HashMap<>();
    private static final List<Scheduler> ALL = new ArrayList<>();
    private static final Set<String> NAMES = new HashSet<>();
    private static final Map<String, Scheduler> OVERFLOW = new HashMap<>();
    private static int recorderCount;
    /** Changes when the schedulers are forgotten, so that threads drop the recorders they cached. */
    static volatile int generation;
    /** Executions taken by drains so far; guarded by the lock. */
    private static long drained;

    private Schedulers() {
    }

    /** Stands for the schedulers that are not measured: recorded into, never read, never registered. */
    static final LagRecorder IGNORED = new LagRecorder(new Scheduler("ignored", "ignored", null), null);

    /** The recorder that the calling thread should use for the scheduler owned by {@code owner}. */
    static LagRecorder recorderFor(String kind, Object owner, Thread thread) {
        boolean virtualThreads = VirtualThreadSchedulers.isOne(owner);
        if ((virtualThreads && !TimerSettings.virtualThreads) || AgentThreads.isAgentThread()) {
            return IGNORED; // the agent's own schedulers (its exporters') are not the application's lag
        }
        synchronized (LOCK) {
            Scheduler s = find(kind, owner);
            if (s == null) {
                s = create(kind, owner, virtualThreads ? VirtualThreadSchedulers.NAME : thread.getName());
            }
            if (recorderCount < MAX_RECORDERS && s.recorders.size() < MAX_THREADS_PER_SCHEDULER) {
                LagRecorder r = new LagRecorder(s, thread);
                s.recorders.add(r);
                recorderCount++;
                return r;
            }
            if (s.shared == null) {
                s.shared = new LagRecorder(s, null);
            }
            return s.shared;
        }
    }

    private static Scheduler find(String kind, Object owner) {
        List<Scheduler> same = BY_IDENTITY.get(System.identityHashCode(owner));
        if (same != null) {
            for (Scheduler s : same) {
                if (s.owner.get() == owner && s.kind.equals(kind)) {
                    return s;
                }
            }
        }
        return null;
    }

    private static Scheduler create(String kind, Object owner, String threadName) {
        // Plain loops, no lambdas or streams: this runs on the application's thread the first time it
        // uses a scheduler, where linking a lambda would cost a millisecond.
        int live = 0;
        for (Scheduler s : ALL) {
            if (s.kind.equals(kind) && s.owner != null) {
                live++;
            }
        }
        if (live >= MAX_SCHEDULERS) {
            Scheduler other = OVERFLOW.get(kind);
            if (other == null) {
                other = new Scheduler(kind, "other", null);
                OVERFLOW.put(kind, other);
                ALL.add(other);
            }
            return other;
        }
        String name = SchedulerNames.of(kind, threadName);
        if (name == null || !NAMES.add(name)) {
            name = SchedulerNames.fromIdentity(owner);
            NAMES.add(name);
        }
        Scheduler s = new Scheduler(kind, name, owner);
        Integer identity = System.identityHashCode(owner);
        List<Scheduler> same = BY_IDENTITY.get(identity);
        if (same == null) {
            same = new ArrayList<>(1);
            BY_IDENTITY.put(identity, same);
        }
        same.add(s);
        ALL.add(s);
        return s;
    }

    /**
     * Every scheduler's lags since the previous summary, in the order they were first seen; forgets those
     * whose owner was collected and whose threads are gone once their last lags are taken.
     */
    static List<Map.Entry<Scheduler, LagSnapshot>> drainAll() {
        synchronized (LOCK) {
            drainRecorders();
            List<Map.Entry<Scheduler, LagSnapshot>> out = new ArrayList<>(ALL.size());
            for (Iterator<Scheduler> it = ALL.iterator(); it.hasNext(); ) {
                Scheduler s = it.next();
                LagSnapshot snap = s.pending;
                s.pending = null;
                snap.seal();
                drained += snap.count();
                out.add(Map.entry(s, snap));
                if (s.ownerGone() && s.recorders.isEmpty()) {
                    forget(s);
                    it.remove();
                }
            }
            return out;
        }
    }

    /** Every execution measured since the start: those summarized, and those since. */
    static long executions() {
        synchronized (LOCK) {
            drainRecorders();
            long total = drained;
            for (Scheduler s : ALL) {
                s.pending.seal();
                total += s.pending.count();
            }
            return total;
        }
    }

    /**
     * Forgets every scheduler (on detach). A thread that still holds one of their recorders records into
     * it unseen; the next attach starts from nothing.
     */
    static void clear() {
        synchronized (LOCK) {
            for (Scheduler s : ALL) {
                for (LagRecorder r : s.recorders) {
                    r.retire();
                }
                if (s.shared != null) {
                    s.shared.retire();
                }
            }
            BY_IDENTITY.clear();
            ALL.clear();
            NAMES.clear();
            OVERFLOW.clear();
            recorderCount = 0;
            drained = 0;
            generation++;
            LagTotals.clear();
        }
    }

    /**
     * Every series of {@link LagTotals}, up to now: its lags in explicit buckets, for the metrics.
     *
     * @param bounds in ns, ascending
     */
    public static List<LagTotals.Series> totals(long[] bounds) {
        synchronized (LOCK) {
            drainRecorders();
            return LagTotals.read(bounds);
        }
    }

    /** Moves what every recorder recorded into its scheduler's pending lags, and into the totals when kept. */
    private static void drainRecorders() {
        for (Scheduler s : ALL) {
            if (s.pending == null) {
                s.pending = new LagSnapshot();
            }
            LagSnapshot total = LagTotals.of(s);
            for (Iterator<LagRecorder> rs = s.recorders.iterator(); rs.hasNext(); ) {
                LagRecorder r = rs.next();
                s.pending.add(r, total);
                if (r.writerGone()) {
                    rs.remove();
                    recorderCount--;
                }
            }
            if (s.shared != null) {
                s.pending.add(s.shared, total);
            }
        }
    }

    private static void forget(Scheduler s) {
        NAMES.remove(s.name);
        recorderCount -= s.recorders.size();
        for (Iterator<List<Scheduler>> lists = BY_IDENTITY.values().iterator(); lists.hasNext(); ) {
            List<Scheduler> list = lists.next();
            if (list.remove(s) && list.isEmpty()) {
                lists.remove();
            }
        }
    }
}
