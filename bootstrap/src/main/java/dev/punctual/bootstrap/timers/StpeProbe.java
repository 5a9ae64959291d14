package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.FaultSite;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Called by the advice woven into ScheduledThreadPoolExecutor$ScheduledFutureTask. The scheduler reads
 * the clock in getDelay when it takes a due task from its queue; {@link #delay} keeps that reading, and
 * {@link #beforeRun} uses it instead of reading the clock a second time (a nanoTime costs about as much
 * as the rest of the measurement). When the reading does not belong to this run, it reads the clock.
 */
public final class StpeProbe {
    private static final FaultSite TIMERS_STPE_DELAY_FAULT = new FaultSite("timers.stpe.delay");
    private static final FaultSite TIMERS_STPE_BEFORE_RUN_FAULT = new FaultSite("timers.stpe.beforeRun");

    public static final String KIND = "ScheduledThreadPoolExecutor";

    private StpeProbe() {
    }

    /**
     * Ends the run: the event {@link #beforeRun} began, if any; and a periodic task that is now done
     * without having been cancelled died of an exception (a successful periodic run resets the task).
     */
    public static void afterRun(Object begun, Object task) {
        TimerLag.end(begun);
        if (!(task instanceof RunnableScheduledFuture)) {
            return;
        }
        RunnableScheduledFuture<?> future = (RunnableScheduledFuture<?>) task;
        if (!future.isPeriodic() || !future.isDone() || future.isCancelled()) {
            return;
        }
        try {
            Throwable failure = null;
            try {
                future.get(); // done: returns at once, throwing what the run threw
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (CancellationException | InterruptedException e) {
                return; // cancelled meanwhile by another thread: not a death
            }
            PeriodicTaskDeaths.report(KIND, TimerThread.current().schedulerName(), task, failure);
        } catch (Throwable t) {
            PeriodicTaskDeaths.fault(t);
        }
    }

    /**
     * Called with every value getDelay returns. When the executor asked in nanoseconds and got a value at
     * or below zero, the task is due and usually about to run on this thread.
     */
    public static void delay(long delay, Object task, long time, TimeUnit unit) {
        if (delay > 0 || unit != TimeUnit.NANOSECONDS) {
            return;
        }
        try {
            TimerThread thread = TimerThread.current();
            thread.dueTask = task;
            thread.dueTime = time;
            thread.dueLag = -delay;
        } catch (Throwable t) {
            TIMERS_STPE_DELAY_FAULT.caught(t);
        }
    }

    /**
     * What the executor asks before it runs a task (canRunInCurrentRunState, not public): once it is shut
     * down, only what its policies let go on runs; the others are cancelled in run, unrun. Once stopped
     * (shutdownNow), nothing runs, and a stopped pool's worker starts each task interrupted.
     */
    private static boolean runsAfterShutdown(ScheduledThreadPoolExecutor executor, long time, long period) {
        if (!executor.isShutdown()) {
            return true;
        }
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        return period != 0 ? executor.getContinueExistingPeriodicTasksAfterShutdownPolicy()
                : executor.getExecuteExistingDelayedTasksAfterShutdownPolicy() || time - System.nanoTime() <= 0;
    }

    /**
     * @param time the task's trigger time on System.nanoTime's scale; for a periodic task, this run's
     * @return a begun event for {@link TimerLag#end}, or null
     */
    public static Object beforeRun(Object task, Object executor, long time, long period) {
        try {
            if (!runsAfterShutdown((ScheduledThreadPoolExecutor) executor, time, period)) {
                return null;
            }
            TimerThread thread = TimerThread.current();
            long lag;
            if (thread.dueTask == task && thread.dueTime == time) {
                lag = thread.dueLag;
                thread.dueTask = null;
            } else {
                lag = System.nanoTime() - time;
            }
            return TimerLag.record(thread, KIND, executor, time, lag, (Future<?>) task, period);
        } catch (Throwable t) {
            TIMERS_STPE_BEFORE_RUN_FAULT.caught(t);
            return null;
        }
    }
}
