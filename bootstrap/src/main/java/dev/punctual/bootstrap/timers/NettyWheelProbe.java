package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.Log;

import java.lang.reflect.Field;

/**
 * Called when a Netty HashedWheelTimer runs an expired timeout, in io.netty or in any shaded copy.
 * A timeout's deadline is relative to its timer's start on System.nanoTime's scale; the wheel only
 * looks at timeouts once per tick, so a lag up to one tick is its design, which the event's tick tells.
 */
public final class NettyWheelProbe {
    private static final FaultSite TIMERS_NETTY_WHEEL_FAULT = new FaultSite("timers.netty.wheel");

    public static final String KIND = "HashedWheelTimer";

    /** The timer class's startTime and tickDuration fields; one pair per copy of Netty. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> timerClass) {
            try {
                Field start = timerClass.getDeclaredField("startTime");
                Field tick = timerClass.getDeclaredField("tickDuration");
                start.setAccessible(true);
                tick.setAccessible(true);
                return new Field[]{start, tick};
            } catch (ReflectiveOperationException | RuntimeException e) {
                Log.warnOnce("netty-wheel:" + timerClass.getName(), "cannot read " + timerClass.getName()
                        + "'s start time (" + e + "); its timeouts are not measured");
                return null;
            }
        }
    };

    private NettyWheelProbe() {
    }

    /** @param deadline the timeout's deadline, nanoseconds after its timer started */
    public static Object beforeRun(Object timeout, Object timer, long deadline, Object task) {
        try {
            Field[] f = timer == null ? null : FIELDS.get(timer.getClass());
            if (f == null) {
                return null;
            }
            long time = f[0].getLong(timer) + deadline;
            return TimerLag.record(TimerThread.current(), KIND, timer, time, false, System.nanoTime() - time, task, 0,
                    f[1].getLong(timer));
        } catch (Throwable t) {
            TIMERS_NETTY_WHEEL_FAULT.caught(t);
            return null;
        }
    }
}
