package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.SummaryWriter;
import dev.punctual.bootstrap.jfr.TimerLagSummaryEvent;

import java.util.List;
import java.util.Map;

/** Writes one punctual.TimerLagSummary per scheduler that ran tasks, as {@link SummaryWriter} paces it. */
public final class LagSummaries {
    private static final Object EMITTING = new Object();
    private static final SummaryWriter WRITER = new SummaryWriter("punctual-timer-summary", TimerLagSummaryEvent.class,
            new Runnable() {
                @Override
                public void run() {
                    emit();
                }
            });

    private LagSummaries() {
    }

    /** (Re)starts the interval summaries; an interval of 0 or less leaves only those at chunk ends. */
    public static void start(long intervalNanos) {
        WRITER.start(intervalNanos);
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
