package dev.punctual.bootstrap.timers;

/**
 * What one thread keeps between the scheduler's clock reading and the run of the task it took, and
 * the recorder of the scheduler it runs tasks for. Reached through a ThreadLocal: no map keyed by task
 * on the hot path, and nothing added to JDK classes (so it works when attached late).
 */
final class TimerThread {
    private static final ThreadLocal<TimerThread> CURRENT = new ThreadLocal<>() {
        @Override
        protected TimerThread initialValue() {
            return new TimerThread();
        }
    };

    static TimerThread current() {
        return CURRENT.get();
    }

    /** The java.util.Timer task running on this thread, for when it throws. */
    Object timerTask;

    /** Whether this is a Timer thread that ran before the attach, see {@link RunningTimers}; 0 until known. */
    int runningTimer;

    /** The task the scheduler found due on this thread, when, and how late it was then. */
    Object dueTask;
    long dueTime;
    long dueLag;

    /**
     * The scheduler this thread last recorded for. Held strongly: the thread that runs a scheduler's
     * tasks is (almost always) one of its workers, which references it anyway.
     */
    private Object owner;
    private LagRecorder recorder;
    /** The {@link Schedulers#generation} the recorder belongs to: a detach makes it stale. */
    private int generation;

    /** The name of the scheduler this thread last ran a task for. */
    String schedulerName() {
        return recorder == null ? "" : recorder.scheduler.name;
    }

    LagRecorder recorderFor(String kind, Object owner) {
        int current = Schedulers.generation;
        if (owner != this.owner || generation != current) {
            recorder = Schedulers.recorderFor(kind, owner, Thread.currentThread());
            this.owner = owner;
            generation = current;
        }
        return recorder;
    }
}
