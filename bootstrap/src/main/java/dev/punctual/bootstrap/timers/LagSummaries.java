package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.SummaryWriter;
import dev.punctual.bootstrap.jfr.TimerLagSummaryEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Writes one punctual.TimerLagSummary per scheduler that ran tasks, as {@link SummaryWriter} paces it. */
public final class LagSummaries {
    private static final FaultSite TIMERS_SUMMARY_FAULT = new FaultSite("timers.summary");

    private static final Object EMITTING = new Object();
    private static final SummaryWriter WRITER = new SummaryWriter("punctual-timer-summary", TimerLagSummaryEvent.class,
            new Runnable() {
                @Override
                public void run() {
                    emit();
                }
            });

    /** Each scheduler's figures over the latest interval that had executions, for status. */
    private static volatile List<Latest> latest = Collections.emptyList();

    /** One scheduler's lag over the latest summary interval. */
    public static final class Latest {
        public final String kind;
        public final String scheduler;
        public final long count;
        public final long p99;
        public final long max;

        Latest(Scheduler s, LagSnapshot snapshot) {
            this.kind = s.kind;
            this.scheduler = s.name;
            this.count = snapshot.count();
            this.p99 = snapshot.percentile(0.99);
            this.max = snapshot.max();
        }
    }

    private LagSummaries() {
    }

    /** The schedulers that ran tasks in the latest interval, with their figures there. */
    public static List<Latest> latest() {
        return latest;
    }

    /** Stops the summaries, the interval thread and the chunk-end hook alike, and forgets the figures. */
    public static void stop() {
        WRITER.stop();
        synchronized (EMITTING) {
            latest = Collections.emptyList();
            Schedulers.clear();
        }
    }

    /** Timer executions measured since the start. */
    public static long executions() {
        return Schedulers.executions();
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
                List<Latest> ran = new ArrayList<>();
                for (Map.Entry<Scheduler, LagSnapshot> e : all) {
                    if (e.getValue().count() > 0) {
                        ran.add(new Latest(e.getKey(), e.getValue()));
                    }
                }
                latest = Collections.unmodifiableList(ran);
                if (!Jfr.started()) {
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
            TIMERS_SUMMARY_FAULT.caught(t);
        }
    }
}
