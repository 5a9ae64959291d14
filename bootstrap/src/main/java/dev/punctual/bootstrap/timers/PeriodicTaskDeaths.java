package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.WeakIdentityMap;
import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.PeriodicTaskDiedEvent;

import java.util.concurrent.atomic.AtomicLong;

/** Reports periodic tasks that an exception stopped for good, and counts them. */
public final class PeriodicTaskDeaths {
    private static final FaultSite TIMERS_PERIODIC_TASK_DIED_FAULT = new FaultSite("timers.periodicTaskDied");

    private static final AtomicLong COUNT = new AtomicLong();
    private static final int MAX_FRAMES = 32;
    private static final int MAX_CAUSES = 3;
    /** Tasks already reported, held weakly: each goes with its task. */
    private static final WeakIdentityMap<Boolean> REPORTED = new WeakIdentityMap<>(1 << 12);

    private PeriodicTaskDeaths() {
    }

    static void report(String kind, String scheduler, Object task, Throwable failure) {
        if (!firstReport(task)) {
            return;
        }
        COUNT.incrementAndGet();
        if (!Jfr.started()) {
            return;
        }
        PeriodicTaskDiedEvent event = new PeriodicTaskDiedEvent();
        if (!event.shouldCommit()) {
            return;
        }
        event.timerKind = kind;
        event.scheduler = scheduler;
        event.task = TaskNames.ofFailedRun(task, failure);
        event.exception = failure == null ? "" : failure.getClass().getName();
        event.message = failure == null ? "" : String.valueOf(failure.getMessage());
        event.exceptionStackTrace = failure == null ? "" : stackTrace(failure);
        event.commit();
    }

    /**
     * A task dies once, but more than one thread may see it dead: a pool thread whose successful run
     * requeued the task, and which another thread then ran and saw fail, finds it done as its own run
     * ends. Only the first sight is reported. (Past the table's bound, a death is reported however seen.)
     */
    private static boolean firstReport(Object task) {
        if (task == null) {
            return true;
        }
        synchronized (REPORTED) {
            if (REPORTED.get(task) != null) {
                return false;
            }
            REPORTED.put(task, Boolean.TRUE);
            return true;
        }
    }

    /** How many periodic tasks died since the agent started. */
    public static long count() {
        return COUNT.get();
    }

    /** Bounded: a deep or cyclic chain must not make the event, or the agent, large. */
    static String stackTrace(Throwable failure) {
        StringBuilder b = new StringBuilder();
        Throwable t = failure;
        for (int cause = 0; t != null && cause <= MAX_CAUSES; cause++, t = t.getCause() == t ? null : t.getCause()) {
            if (cause > 0) {
                b.append("Caused by: ");
            }
            b.append(t).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                b.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > MAX_FRAMES) {
                b.append("\t... ").append(frames.length - MAX_FRAMES).append(" more\n");
            }
        }
        return b.toString();
    }

    static void fault(Throwable t) {
        TIMERS_PERIODIC_TASK_DIED_FAULT.caught(t);
    }
}
