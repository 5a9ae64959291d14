package dev.punctual.bootstrap.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A periodic task stopped for good because one run threw: its scheduler cancels every future run and
 * tells no one. The failed run's stack trace is in {@link #exceptionStackTrace}; JFR's own would only show the
 * scheduler's worker loop.
 */
@Name(PeriodicTaskDiedEvent.NAME)
@Label("Periodic Task Died")
@Description("A periodic task threw an exception, and its scheduler silently cancelled all its future runs.")
@Category({"Punctual", "Timers"})
@StackTrace(false)
public final class PeriodicTaskDiedEvent extends Event {
    public static final String NAME = "punctual.PeriodicTaskDied";

    @Label("Timer Kind")
    @Description("The kind of scheduler that ran the task, e.g. ScheduledThreadPoolExecutor.")
    public String timerKind;

    @Label("Scheduler")
    @Description("The scheduler's name: its worker threads' name prefix, e.g. pool-3 for pool-3-thread-1.")
    public String scheduler;

    @Label("Task")
    @Description("The class of the application's task, unwrapped from the JDK's adapters.")
    public String task;

    @Label("Exception")
    @Description("The class of what the failed run threw.")
    public String exception;

    @Label("Message")
    @Description("The message of what the failed run threw.")
    public String message;

    // Not "stackTrace": JFR reserves that name for the event's own stack trace.
    @Label("Exception Stack Trace")
    @Description("Where the failed run threw: the exception's stack trace, its first frames and causes.")
    public String exceptionStackTrace;
}
