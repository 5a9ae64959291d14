package dev.punctual.bootstrap.budget;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.StripedWeakIdentityMap;

/**
 * The time the inbound request that this thread works for still has: an absolute deadline on
 * System.nanoTime's scale, held per thread. Inbound sources (a gRPC server call, an HTTP request
 * carrying the configured header) open a scope on the thread that runs the handler; tasks handed to an
 * executor take the submitting thread's budget along in a side table keyed by the task (weakly: a task
 * never run leaves nothing behind), and the pool thread that runs the task has that budget for the
 * task's run only, the thread's previous state restored after it.
 *
 * <p>Nothing here holds an application object strongly, and a budget holds only a deadline: a finished
 * request leaves at most a few bytes behind, in tasks still queued.
 */
public final class Budgets {
    private static final FaultSite BUDGET_EXIT_FAULT = new FaultSite("budget.exit");
    private static final FaultSite BUDGET_SUBMITTED_FAULT = new FaultSite("budget.submitted");
    private static final FaultSite BUDGET_SCHEDULED_FAULT = new FaultSite("budget.scheduled");
    private static final FaultSite BUDGET_TASK_RUNS_FAULT = new FaultSite("budget.taskRuns");

    /** What a probe's entry returns when it changed nothing, so that its exit changes nothing either. */
    private static final Object UNCHANGED = new Object();
    /** Stands for "no budget" as a previous state to restore. */
    private static final Object NONE = new Object();

    private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();
    private static final StripedWeakIdentityMap<Budget> TASKS = new StripedWeakIdentityMap<>(1 << 18);

    /**
     * Set once any budget was opened: until then, which is always for an application without an inbound
     * source, a submitted or run task costs one volatile read and no thread-local lookup.
     */
    private static volatile boolean used;
    /** Off: no budget is opened, so no call is clamped. */
    private static volatile boolean enabled = true;
    private static volatile long reserveNanos = 5_000_000L;
    /** The inbound and outbound header carrying the remaining time in milliseconds, or null. */
    private static volatile String header;

    private Budgets() {
    }

    /** @param reserve the time kept back from each outbound call's share, in ns; -1 turns budgets off */
    public static void configure(long reserve, String httpHeader) {
        enabled = reserve >= 0;
        reserveNanos = Math.max(reserve, 0);
        header = httpHeader == null || httpHeader.isEmpty() ? null : httpHeader;
    }

    public static String header() {
        return header;
    }

    public static long reserveNanos() {
        return reserveNanos;
    }

    /** The budget of the work this thread does now, or null. */
    public static Budget current() {
        return used ? CURRENT.get() : null;
    }

    /**
     * Opens a scope: the request this thread now handles must end within {@code remainingNanos}. A
     * budget the thread already has and that ends earlier stays (nested handlers, filter chains).
     *
     * @param source what set it, e.g. "gRPC server" or the header's name
     * @return the state for {@link #exit}
     */
    public static Object enter(long remainingNanos, String source) {
        if (!enabled || remainingNanos == Long.MAX_VALUE) {
            return UNCHANGED;
        }
        used = true;
        long deadline = System.nanoTime() + remainingNanos;
        Budget previous = CURRENT.get();
        if (previous != null && previous.deadlineNanos - deadline <= 0) {
            return UNCHANGED;
        }
        CURRENT.set(new Budget(deadline, source));
        return previous == null ? NONE : previous;
    }

    /** Closes what {@link #enter} or {@link #taskRuns} opened; never throws. */
    public static void exit(Object state) {
        if (state == UNCHANGED || state == null) {
            return;
        }
        try {
            if (state == NONE) {
                CURRENT.remove();
            } else {
                CURRENT.set((Budget) state);
            }
        } catch (Throwable t) {
            BUDGET_EXIT_FAULT.caught(t);
        }
    }

    /** Hook exit that also gets the failure: restores the same way. */
    public static void exitFailed(Object state, Throwable failure) {
        exit(state);
    }

    /**
     * A task is handed to an executor, or created to be run later (a ForkJoinTask, a CompletableFuture
     * stage): it carries the submitting thread's budget. The first budget a task got stays until it runs.
     *
     * @return null (the probe's value is unused)
     */
    public static Object submitted(Object task) {
        if (!used || task == null) {
            return null;
        }
        try {
            Budget b = CURRENT.get();
            if (b != null) {
                if (TASKS.get(task) == null) {
                    TASKS.put(task, b);
                }
            }
        } catch (Throwable t) {
            BUDGET_SUBMITTED_FAULT.caught(t);
        }
        return null;
    }

    /**
     * A ScheduledThreadPoolExecutor takes a task: a one-shot one carries the budget; a periodic one runs
     * on long after the request that scheduled it, and carries none.
     */
    public static Object scheduled(Object task) {
        try {
            if (used && !((java.util.concurrent.RunnableScheduledFuture<?>) task).isPeriodic()) {
                submitted(task);
            }
        } catch (Throwable t) {
            BUDGET_SCHEDULED_FAULT.caught(t); // a decorated task's own isPeriodic threw
        }
        return null;
    }

    /**
     * A pool thread is about to run a task: it has the task's budget, or none, for the task's run, and
     * gets its own state back in {@link #exit}.
     */
    public static Object taskRuns(Object task) {
        if (!used || task == null) {
            return UNCHANGED;
        }
        try {
            Budget carried = TASKS.remove(task);
            Budget previous = CURRENT.get();
            if (carried == previous) {
                return UNCHANGED;
            }
            if (carried == null) {
                CURRENT.remove(); // a task nobody budgeted runs without the thread's (a ForkJoin join that helps)
            } else {
                CURRENT.set(carried);
            }
            return previous == null ? NONE : previous;
        } catch (Throwable t) {
            BUDGET_TASK_RUNS_FAULT.caught(t);
            return UNCHANGED;
        }
    }

    /** Forgets every carried budget (on detach); scopes still open end as their handlers return. */
    public static void forget() {
        TASKS.clear();
    }
}
