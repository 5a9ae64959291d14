package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.JfrHooks;
import dev.punctual.bootstrap.jfr.TimerLagSummaryEvent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes one punctual.TimerLagSummary per scheduler that ran tasks, every interval and at the end of
 * every JFR chunk. The chunk-end hook is what puts a recording's last partial interval into the
 * recording, since the JVM's shutdown does not wait for our timer. A plain thread drives the interval:
 * a scheduled executor would be measured by the very instrumentation it reports on.
 */
public final class LagSummaries {
    private static final Object EMITTING = new Object();
    private static volatile Thread ticker;
    private static boolean hooked;

    private LagSummaries() {
    }

    /** (Re)starts the interval summaries; an interval of 0 or less stops them. */
    public static synchronized void start(long intervalNanos) {
        Thread old = ticker;
        ticker = null;
        if (old != null) {
            old.interrupt();
        }
        if (intervalNanos <= 0) {
            return;
        }
        Thread t = new Thread("punctual-timer-summary") {
            @Override
            public void run() {
                tick(intervalNanos);
            }
        };
        t.setDaemon(true);
        ticker = t;
        t.start();
        if (Jfr.PRESENT && !hooked) {
            hooked = true;
            JfrHooks.atChunkEnd(TimerLagSummaryEvent.class, new Runnable() {
                @Override
                public void run() {
                    emit();
                }
            });
        }
    }

    private static void tick(long intervalNanos) {
        long next = System.nanoTime() + intervalNanos;
        while (ticker == Thread.currentThread()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            emit();
            next += intervalNanos * Math.max(1, (System.nanoTime() - next) / intervalNanos + 1);
        }
    }

    /** Drains every scheduler's lags since the previous summary and writes them, when the event is on. */
    public static void emit() {
        try {
            synchronized (EMITTING) {
                List<Map.Entry<Scheduler, LagSnapshot>> all = Schedulers.drainAll();
                if (!Jfr.PRESENT) {
                    return;
                }
                for (Map.Entry<Scheduler, LagSnapshot> e : all) {
                    LagSnapshot s = e.getValue();
                    if (s.count() == 0) {
                        continue;
                    }
                    TimerLagSummaryEvent event = new TimerLagSummaryEvent();
                    if (!event.shouldCommit()) {
                        return;
                    }
                    event.timerKind = e.getKey().kind;
                    event.scheduler = e.getKey().name;
                    event.count = s.count();
                    event.lagP50 = s.percentile(0.50);
                    event.lagP99 = s.percentile(0.99);
                    event.lagP999 = s.percentile(0.999);
                    event.lagMax = s.max();
                    event.commit();
                }
            }
        } catch (Throwable t) {
            Log.fault("timers.summary", t);
        }
    }
}
