package dev.punctual.bootstrap.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Wake-up lag percentiles of one scheduler over an interval, computed from a histogram of every
 * execution (not only those over the threshold). Emitted every {@code punctual.timers.summary.interval}
 * and at the end of every recording chunk, so that a recording's last partial interval is never lost.
 */
@Name(TimerLagSummaryEvent.NAME)
@Label("Timer Lag Summary")
@Description("Wake-up lag percentiles of one scheduler over the interval since its previous summary, from every execution.")
@Category({"Punctual", "Timers"})
@StackTrace(false)
@Period("endChunk")
public final class TimerLagSummaryEvent extends Event {
    public static final String NAME = "punctual.TimerLagSummary";

    @Label("Timer Kind")
    @Description("The kind of scheduler, e.g. ScheduledThreadPoolExecutor.")
    public String timerKind;

    @Label("Scheduler")
    @Description("The scheduler's name: its worker threads' name prefix, e.g. pool-3 for pool-3-thread-1.")
    public String scheduler;

    @Label("Executions")
    @Description("How many task executions started in the interval.")
    public long count;

    @Label("Lag P50")
    @Description("Median wake-up lag.")
    @Timespan(Timespan.NANOSECONDS)
    public long lagP50;

    @Label("Lag P99")
    @Description("99th percentile of wake-up lag.")
    @Timespan(Timespan.NANOSECONDS)
    public long lagP99;

    @Label("Lag P99.9")
    @Description("99.9th percentile of wake-up lag.")
    @Timespan(Timespan.NANOSECONDS)
    public long lagP999;

    @Label("Lag Max")
    @Description("Largest wake-up lag.")
    @Timespan(Timespan.NANOSECONDS)
    public long lagMax;
}
