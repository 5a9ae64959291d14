package dev.punctual.bootstrap.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One execution of a scheduled task whose wake-up lag reached {@code punctual.timers.lag.threshold}.
 * The event starts when the task started and lasts as long as the task ran.
 */
@Name(TimerLagEvent.NAME)
@Label("Timer Lag")
@Description("A scheduled task started late: its lag is the actual start minus the scheduled time, on the scheduler's own clock.")
@Category({"Punctual", "Timers"})
@StackTrace(false) // the stack is always the scheduler's worker loop: it tells nothing and costs a walk
public final class TimerLagEvent extends Event {
    public static final String NAME = "punctual.TimerLag";

    @Label("Timer Kind")
    @Description("The kind of scheduler that ran the task, e.g. ScheduledThreadPoolExecutor.")
    public String timerKind;

    @Label("Scheduler")
    @Description("The scheduler's name: its worker threads' name prefix, e.g. pool-3 for pool-3-thread-1.")
    public String scheduler;

    @Label("Task")
    @Description("The class of the application's task, unwrapped from the JDK's adapters.")
    public String task;

    @Label("Periodic")
    @Description("Whether the task repeats (fixed rate or fixed delay).")
    public boolean periodic;

    @Label("Period")
    @Description("The period or delay between runs of a periodic task; 0 for a one-shot task.")
    @Timespan(Timespan.NANOSECONDS)
    public long period;

    @Label("Lag")
    @Description("How late the task started: actual start minus scheduled time.")
    @Timespan(Timespan.NANOSECONDS)
    public long lag;

    @Label("Tick")
    @Description("For a HashedWheelTimer, its tick: a timeout fires up to one tick late by design. 0 for other timers.")
    @Timespan(Timespan.NANOSECONDS)
    public long tick;
}
