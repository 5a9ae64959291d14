package dev.punctual.bootstrap.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/**
 * The wall clock ({@code System.currentTimeMillis()}) jumped: between two samples of the clock watcher
 * it moved by more (or less) than the monotonic clock ({@code System.nanoTime()}), beyond
 * {@code punctual.clock.step.threshold}. The event spans the two samples: the step happened somewhere
 * inside it.
 */
@Name(ClockStepEvent.NAME)
@Label("Clock Step")
@Description("The wall clock jumped forward or backward relative to the monotonic clock; java.util.Timer tasks and "
        + "anything else timed with currentTimeMillis() rush or freeze.")
@Category({"Punctual", "Clock"})
@StackTrace(false) // always the clock watcher's own loop
public final class ClockStepEvent extends Event {
    public static final String NAME = "punctual.ClockStep";

    @Label("Step")
    @Description("How far the wall clock moved beyond the time that really passed: positive for a step forward, "
            + "negative for a step backward.")
    @Timespan(Timespan.MILLISECONDS)
    public long step;

    @Label("Wall Clock Before")
    @Description("The wall clock at the sample before the step.")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long wallBefore;

    @Label("Wall Clock After")
    @Description("The wall clock at the sample after the step.")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long wallAfter;
}
