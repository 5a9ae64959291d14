package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.TimerLagEvent;

/**
 * What every timer instrumentation does with one execution: record its lag into the histogram of its
 * scheduler and, when the lag reaches the threshold, begin a punctual.TimerLag event that ends with
 * the task. Below the threshold this allocates nothing and takes no lock.
 */
final class TimerLag {
    private TimerLag() {
    }

    /** @return the begun event, to be passed to {@link #end} when the task returns, or null */
    static Object record(TimerThread thread, String kind, Object owner, long lag, Object task, long period) {
        if (lag < 0) {
            lag = 0; // the scheduler found the task due: a negative lag is clock granularity, not earliness
        }
        LagRecorder recorder = thread.recorderFor(kind, owner);
        recorder.record(lag);
        if (lag < TimerSettings.lagThresholdNanos || !Jfr.PRESENT) {
            return null;
        }
        TimerLagEvent event = new TimerLagEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        event.timerKind = kind;
        event.scheduler = recorder.scheduler.name;
        event.task = TaskNames.of(task);
        event.periodic = period != 0;
        event.period = Math.abs(period); // fixed-delay tasks keep their delay negated
        event.lag = lag;
        return event;
    }

    static void end(Object begun) {
        TimerLagEvent event = (TimerLagEvent) begun;
        event.end();
        if (event.shouldCommit()) {
            event.commit();
        }
    }
}
