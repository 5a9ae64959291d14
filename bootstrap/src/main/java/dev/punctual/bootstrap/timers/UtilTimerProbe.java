package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.FaultSite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.TimerTask;

/**
 * Called around each task run in java.util.Timer's thread. The Timer has just read its clock
 * (System.currentTimeMillis(), so lag has millisecond resolution) and the task's due time; both are
 * handed over, so measuring reads no clock. A task that throws kills the Timer's thread and every task
 * on it: {@link #runFailed} reports that before the exception goes on.
 */
public final class UtilTimerProbe {
    private static final FaultSite TIMERS_TIMER_BEFORE_RUN_FAULT = new FaultSite("timers.timer.beforeRun");

    public static final String KIND = "java.util.Timer";
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static volatile VarHandle period;

    private UtilTimerProbe() {
    }

    /**
     * @param currentTime the Timer's clock reading that found the task due, in ms
     * @param executionTime when the task was due, in ms
     */
    public static Object beforeRun(Object task, long currentTime, long executionTime) {
        try {
            TimerThread thread = TimerThread.current();
            thread.timerTask = task;
            RunningTimers.runsWovenLoop(thread);
            long lag = (currentTime - executionTime) * NANOS_PER_MILLI;
            return TimerLag.record(thread, KIND, Thread.currentThread(), executionTime * NANOS_PER_MILLI, true, lag, task,
                    periodOf(task) * NANOS_PER_MILLI, 0);
        } catch (Throwable t) {
            TIMERS_TIMER_BEFORE_RUN_FAULT.caught(t);
            return null;
        }
    }

    public static void afterRun(Object begun) {
        TimerLag.end(begun);
    }

    /** The task threw: the Timer's thread is about to die, and every task on it with it. */
    public static void runFailed(Object begun, Throwable failure) {
        TimerLag.end(begun);
        try {
            TimerThread thread = TimerThread.current();
            PeriodicTaskDeaths.report(KIND, thread.schedulerName(), thread.timerTask, failure);
        } catch (Throwable t) {
            PeriodicTaskDeaths.fault(t);
        }
    }

    static void warmUp() throws ReflectiveOperationException {
        periodOf(new TimerTask() {
            @Override
            public void run() {
            }
        });
    }

    /** TimerTask.period: positive for fixed rate, negative for fixed delay, 0 for one-shot (ms). */
    static long periodOf(Object task) throws ReflectiveOperationException {
        VarHandle h = period;
        if (h == null) {
            h = MethodHandles.privateLookupIn(TimerTask.class, MethodHandles.lookup()).findVarHandle(TimerTask.class, "period", long.class);
            period = h;
        }
        return (long) h.get(task);
    }
}
