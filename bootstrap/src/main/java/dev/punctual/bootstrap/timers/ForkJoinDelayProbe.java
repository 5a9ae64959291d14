package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.FaultSite;

import java.util.concurrent.Future;

/**
 * Called by the advice woven into JDK 25's DelayScheduler$ScheduledForkJoinTask, which runs
 * ForkJoinPool.schedule* tasks (and so CompletableFuture.delayedExecutor). Its trigger time is on the
 * DelayScheduler's clock, System.nanoTime() plus a constant offset that is read once.
 */
public final class ForkJoinDelayProbe {
    private static final FaultSite TIMERS_FORKJOIN_BEFORE_RUN_FAULT = new FaultSite("timers.forkjoin.beforeRun");

    public static final String KIND = "ForkJoinPool";
    private static long offset;
    private static volatile boolean offsetKnown;

    private ForkJoinDelayProbe() {
    }

    /**
     * @param when  the trigger time on the DelayScheduler's clock
     * @param nextDelay positive for fixed rate, negative for fixed delay, 0 for one-shot
     */
    public static Object beforeRun(Object task, Object pool, long when, long nextDelay) {
        if (pool == null) {
            return null; // cancelled: the task dropped its pool and does not run
        }
        try {
            long time = when - offset();
            return TimerLag.record(TimerThread.current(), KIND, pool, time, System.nanoTime() - time, (Future<?>) task, nextDelay);
        } catch (Throwable t) {
            TIMERS_FORKJOIN_BEFORE_RUN_FAULT.caught(t);
            return null;
        }
    }

    private static long offset() throws ReflectiveOperationException {
        if (!offsetKnown) {
            var field = Class.forName("java.util.concurrent.DelayScheduler", false, null).getDeclaredField("nanoTimeOffset");
            field.setAccessible(true);
            offset = field.getLong(null);
            offsetKnown = true;
        }
        return offset;
    }
}
