package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.FaultSite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.TimerTask;

/**
 * java.util.Timer threads that were already running when the agent attached. Such a thread stays for
 * its whole life inside the mainLoop it entered with the original bytecode, where {@link UtilTimerProbe}
 * is never called; what it does call is its queue's removeMin or rescheduleMin for each task it fires,
 * and, when a task's exception kills it, Thread.dispatchUncaughtException. Those calls run the woven
 * code, so they measure and report these threads instead. Threads that start after the attach run the
 * woven mainLoop and are left to {@link UtilTimerProbe}.
 */
public final class RunningTimers {
    private static final FaultSite TIMERS_TIMER_ADOPT_RUNNING_FAULT = new FaultSite("timers.timer.adoptRunning");
    private static final FaultSite TIMERS_TIMER_TASK_FIRED_FAULT = new FaultSite("timers.timer.taskFired");

    private static final int UNKNOWN = 0;
    private static final int ADOPTED = 1;
    private static final int NOT_ADOPTED = 2;
    /** TimerTask.state of a cancelled task: mainLoop removes it from the queue without running it. */
    private static final int CANCELLED = 3;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final String TIMER_THREAD = "java.util.TimerThread";

    private static volatile WeakReference<Thread>[] adopted = newArray(0);
    private static volatile Class<?> timerThreadClass;
    private static volatile VarHandle nextExecutionTime;
    private static volatile VarHandle state;

    private RunningTimers() {
    }

    /**
     * Finds the Timer threads alive now, before the woven classes are installed.
     *
     * @return how many there are: none means there is nothing to weave for them
     */
    public static synchronized int adoptRunning() {
        try {
            ThreadGroup root = Thread.currentThread().getThreadGroup();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            Thread[] all = new Thread[root.activeCount() * 2 + 16];
            int n = root.enumerate(all, true);
            WeakReference<Thread>[] found = newArray(n);
            Class<?> type = null;
            int count = 0;
            for (int i = 0; i < n; i++) {
                // By name: at start-up no Timer runs, and loading java.util.TimerThread to compare would
                // make it a loaded class that the agent must then retransform, in premain.
                if (all[i].getClass().getName().equals(TIMER_THREAD)) {
                    type = all[i].getClass();
                    found[count++] = new WeakReference<>(all[i]);
                }
            }
            if (count == 0) {
                adopted = newArray(0);
                return 0;
            }
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(TimerTask.class, MethodHandles.lookup());
            nextExecutionTime = lookup.findVarHandle(TimerTask.class, "nextExecutionTime", long.class);
            state = lookup.findVarHandle(TimerTask.class, "state", int.class);
            timerThreadClass = type;
            WeakReference<Thread>[] exact = newArray(count);
            System.arraycopy(found, 0, exact, 0, count);
            adopted = exact;
            return count;
        } catch (Throwable t) {
            TIMERS_TIMER_ADOPT_RUNNING_FAULT.caught(t);
            return 0;
        }
    }

    /**
     * Called on entry to the queue's removeMin and rescheduleMin: mainLoop has found the queue's first
     * task due (or cancelled) and is about to run it. Reads the Timer's clock itself (the loop's own
     * reading is out of reach), so the lag may be up to a millisecond larger than the loop's.
     *
     * @param queue the queue's heap array; the task at hand is at index 1
     * @return the begun event, ended right away: its duration does not cover the run
     */
    public static Object taskFired(Object queue) {
        try {
            TimerThread thread = TimerThread.current();
            if (!isAdopted(thread)) {
                return null;
            }
            TimerTask task = ((TimerTask[]) queue)[1];
            if (task == null || (int) state.get(task) == CANCELLED) {
                return null;
            }
            thread.timerTask = task;
            long executionTime = (long) nextExecutionTime.get(task);
            long lag = (System.currentTimeMillis() - executionTime) * NANOS_PER_MILLI;
            return TimerLag.record(thread, UtilTimerProbe.KIND, Thread.currentThread(), executionTime * NANOS_PER_MILLI,
                    true, lag, task, UtilTimerProbe.periodOf(task) * NANOS_PER_MILLI, 0);
        } catch (Throwable t) {
            TIMERS_TIMER_TASK_FIRED_FAULT.caught(t);
            return null;
        }
    }

    /** Called on entry to Thread.dispatchUncaughtException: a task's exception is killing a Timer's thread. */
    public static Object threadDying(Object failure) {
        try {
            if (Thread.currentThread().getClass() == timerThreadClass) {
                TimerThread thread = TimerThread.current();
                if (isAdopted(thread) && failure instanceof Throwable) {
                    PeriodicTaskDeaths.report(UtilTimerProbe.KIND, thread.schedulerName(), thread.timerTask, (Throwable) failure);
                }
            }
        } catch (Throwable t) {
            PeriodicTaskDeaths.fault(t);
        }
        return null;
    }

    /** Once per thread, then a field read. */
    private static boolean isAdopted(TimerThread thread) {
        if (thread.runningTimer == UNKNOWN) {
            thread.runningTimer = NOT_ADOPTED;
            Thread current = Thread.currentThread();
            for (WeakReference<Thread> r : adopted) {
                if (r.get() == current) {
                    thread.runningTimer = ADOPTED;
                }
            }
        }
        return thread.runningTimer == ADOPTED;
    }

    /**
     * The woven mainLoop runs on this thread (it started between the search and the weaving): it
     * measures, so the queue's calls must not measure again.
     */
    static void runsWovenLoop(TimerThread thread) {
        thread.runningTimer = NOT_ADOPTED;
    }

    @SuppressWarnings("unchecked")
    private static WeakReference<Thread>[] newArray(int n) {
        return (WeakReference<Thread>[]) new WeakReference<?>[n];
    }
}
