package dev.punctual.bootstrap.jfr;

import dev.punctual.bootstrap.FaultSite;
import jdk.jfr.Event;

import java.util.concurrent.locks.LockSupport;

/**
 * Writes a kind of summary event every interval and at the end of every JFR chunk. The chunk-end hook is
 * what puts a recording's last partial interval into the recording, since the JVM's shutdown does not
 * wait for our timer. A plain thread drives the interval: a scheduled executor would be measured, and
 * its HTTP exporters later altered, by the very instrumentation it reports on.
 */
public final class SummaryWriter {
    private final String threadName;
    private final Class<? extends Event> eventType;
    private final Runnable emit;
    private final FaultSite fault;
    private volatile Thread ticker;
    /** Undoes the chunk-end hook; null while there is none. */
    private Runnable unhook;

    /** @param emit writes the summaries since the previous call; must not throw */
    public SummaryWriter(String threadName, Class<? extends Event> eventType, Runnable emit) {
        this.threadName = threadName;
        this.eventType = eventType;
        this.emit = emit;
        this.fault = new FaultSite(threadName);
    }

    /** (Re)starts the interval summaries; an interval of 0 or less stops them, leaving the chunk-end ones. */
    public synchronized void start(long intervalNanos) {
        Thread old = ticker;
        ticker = null;
        if (old != null) {
            old.interrupt();
        }
        if (Jfr.PRESENT && unhook == null) {
            unhook = JfrHooks.atChunkEnd(eventType, emit);
        }
        if (intervalNanos <= 0) {
            return;
        }
        Thread t = new Thread(threadName) {
            @Override
            public void run() {
                tick(intervalNanos);
            }
        };
        t.setDaemon(true);
        ticker = t;
        t.start();
    }

    /** Stops the interval thread and the chunk-end hook: nothing of this writer runs any more. */
    public synchronized void stop() {
        start(0);
        if (unhook != null) {
            unhook.run();
            unhook = null;
        }
    }

    private void tick(long intervalNanos) {
        long next = System.nanoTime() + intervalNanos;
        while (ticker == Thread.currentThread()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            try {
                emit.run();
            } catch (Throwable t) {
                // emit catches its own faults; this is for what escapes its catch, so that one bad interval
                // does not end the summaries for good.
                fault.caught(t);
            }
            next += intervalNanos * Math.max(1, (System.nanoTime() - next) / intervalNanos + 1);
        }
    }
}
