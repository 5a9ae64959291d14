package dev.punctual.bootstrap.timers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * The lag histogram that one thread records into for one scheduler. A single writer needs no atomic
 * instruction: it publishes each count with an opaque store, and the summary reader, which owns the
 * baseline of what it has already reported, reads the counts with opaque loads. A record still in
 * flight during a read simply shows up in the next interval.
 * <p>
 * When more threads record than {@link Schedulers} allows recorders for, they share one recorder per
 * scheduler, which then counts with atomic adds.
 */
final class LagRecorder {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle MAX;

    static {
        try {
            MAX = MethodHandles.lookup().findVarHandle(LagRecorder.class, "max", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Scheduler scheduler;
    /** The only thread that records here, or null when shared. */
    private final WeakReference<Thread> writer;
    /** Where retired recorders count: written, never read, shared so that a detach frees each recorder's own. */
    private static final long[] DISCARDED = new long[Buckets.COUNT];

    /** Not final: {@link #retire} swaps it, and a writer that still holds this recorder counts into the discard. */
    private long[] counts = new long[Buckets.COUNT];
    /** The largest lag since the reader last took it. */
    @SuppressWarnings("unused") // accessed through MAX
    private long max;
    /** What the reader has already reported: reader-owned, guarded by the reader's lock. */
    private long[] reported = new long[Buckets.COUNT];

    LagRecorder(Scheduler scheduler, Thread writer) {
        this.scheduler = scheduler;
        this.writer = writer == null ? null : new WeakReference<>(writer);
    }

    void record(long lag) {
        int i = Buckets.index(lag);
        long[] c = counts;
        if (writer != null) {
            SLOT.setOpaque(c, i, (long) SLOT.getOpaque(c, i) + 1);
            if (lag > (long) MAX.getOpaque(this)) {
                MAX.setOpaque(this, lag);
            }
        } else {
            SLOT.getAndAdd(c, i, 1L);
            long seen;
            while (lag > (seen = (long) MAX.getVolatile(this)) && !MAX.compareAndSet(this, seen, lag)) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Adds what was recorded since the previous drain to {@code into}, and to {@code alsoInto} unless null;
     * returns the largest lag seen meanwhile.
     */
    long drainInto(long[] into, long[] alsoInto) {
        for (int i = 0; i < counts.length; i++) {
            long now = (long) SLOT.getOpaque(counts, i);
            long delta = now - reported[i];
            if (delta != 0) {
                into[i] += delta;
                if (alsoInto != null) {
                    alsoInto[i] += delta;
                }
                reported[i] = now;
            }
        }
        return (long) MAX.getAndSet(this, 0L);
    }

    /**
     * Drops this recorder's histogram (on detach). Its writer thread keeps a reference to the recorder
     * until it runs a task under a new attach or ends; from now on that costs a few bytes, not 16 KiB.
     */
    void retire() {
        counts = DISCARDED;
        reported = DISCARDED;
    }

    /** True once the writer thread has ended: after one more drain, nothing more can arrive here. */
    boolean writerGone() {
        if (writer == null) {
            return false;
        }
        Thread t = writer.get();
        return t == null || !t.isAlive();
    }
}
