package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.AgentThreads;
import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.jfr.Jfr;
import dev.punctual.bootstrap.jfr.JfrHooks;
import dev.punctual.bootstrap.jfr.TimerLagEvent;

import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * What every timer instrumentation does with one execution: record its lag into the histogram of its
 * scheduler and, when the lag reaches the threshold, begin a punctual.TimerLag event that ends with
 * the task. Below the threshold this allocates nothing and takes no lock.
 */
public final class TimerLag {
    private static final FaultSite TIMERS_END_FAULT = new FaultSite("timers.end");
    private static final FaultSite TIMERS_WARM_UP_FAULT = new FaultSite("timers.warmUp");
    private static final FaultSite TIMERS_WARM_UP_TIMER_FAULT = new FaultSite("timers.warmUp.timer");

    private TimerLag() {
    }

    /**
     * @param time the scheduled time in ns, on System.nanoTime's scale
     * @param lag  how late the task was when its scheduler found it due
     * @param task a task that its run skips once it is done (cancelled): a FutureTask, a ForkJoinTask, ...
     * @return the begun event, to be passed to {@link #end} when the task returns, or null
     */
    static Object record(TimerThread thread, String kind, Object owner, long time, long lag, Future<?> task, long period) {
        return record(thread, kind, owner, time, false, lag, task, task, period, 0);
    }

    /**
     * @param wallClock true when {@code time} is on System.currentTimeMillis()'s scale (in ns), as
     *                  java.util.Timer's is
     * @param tick      the scheduler's granularity, for a timer that rounds deadlines up to it by design
     */
    static Object record(TimerThread thread, String kind, Object owner, long time, boolean wallClock, long lag, Object task,
                         long period, long tick) {
        return record(thread, kind, owner, time, wallClock, lag, task, null, period, tick);
    }

    /**
     * @param cancellable the task, when its run returns without running it once it is done: cancelled
     *                    while it waited in its scheduler's queue, where it stays unless the application
     *                    asked for removal on cancel. Its scheduler still takes it when it comes due and
     *                    calls its run. That is no wake-up, and measuring it would add an execution that
     *                    never happened. Asked last, right before the run checks the same, so that a
     *                    cancel racing the measurement is seen too.
     */
    private static Object record(TimerThread thread, String kind, Object owner, long time, boolean wallClock, long lag,
                                 Object task, Future<?> cancellable, long period, long tick) {
        LagRecorder recorder = thread.recorderFor(kind, owner);
        if (recorder == Schedulers.IGNORED) {
            return null;
        }
        if (lag >= TimerSettings.lagThresholdNanos && Jfr.started()) {
            TimerLagEvent event = new TimerLagEvent();
            if (event.isEnabled()) {
                event.timerKind = kind;
                event.scheduler = recorder.scheduler.name;
                event.task = TaskNames.of(task);
                event.periodic = period != 0;
                event.period = Math.abs(period); // fixed-delay tasks keep their delay negated
                event.tick = tick;
                event.begin();
                // Building the event took time before the task could start: the task starts now.
                long now = wallClock ? System.currentTimeMillis() * 1_000_000L : System.nanoTime();
                event.lag = Math.max(Math.max(lag, now - time), 0);
                if (cancellable != null && cancellable.isDone()) {
                    return null;
                }
                recorder.record(event.lag);
                return event;
            }
        }
        if (cancellable != null && cancellable.isDone()) {
            return null;
        }
        // A negative lag is clock granularity (the scheduler found the task due), not earliness.
        recorder.record(Math.max(lag, 0));
        return null;
    }

    /**
     * Ends, when the task returns, the event a probe began; every timer's exit hook calls this, with
     * null when no event was begun (the common case, so it is checked first).
     */
    public static void end(Object begun) {
        if (begun == null) {
            return;
        }
        try {
            TimerLagEvent event = (TimerLagEvent) begun;
            event.end();
            if (event.shouldCommit()) {
                event.commit();
            }
        } catch (Throwable t) {
            TIMERS_END_FAULT.caught(t);
        }
    }

    /**
     * Loads and links what an execution touches, on a thread of the agent's own, so that neither the
     * application's start-up nor its first task waits for class loading, VarHandle linkage (hundreds of
     * microseconds per call site) or, once JFR runs, JFR's registration of the event class.
     */
    public static void warmUp() {
        Thread t = new Thread("punctual-warm-up") {
            @Override
            public void run() {
                try {
                    warmUpNow();
                } catch (Throwable e) {
                    TIMERS_WARM_UP_FAULT.caught(e);
                }
            }
        };
        t.setDaemon(true);
        t.start();
    }

    private static void warmUpNow() {
        TimerThread.current();
        // What a scheduler's first execution on a thread asks, answered here first: loading a class on
        // the application's timer thread waits for every agent's transformer (seconds, beside one that
        // weaves what loads, on a full heap), and its other timer threads wait for that class too.
        AgentThreads.isAgentThread();
        VirtualThreadSchedulers.isOne(Schedulers.IGNORED);
        SchedulerNames.of(StpeProbe.KIND, "warm-up-1");
        SchedulerNames.fromIdentity(Schedulers.IGNORED);
        StpeProbe.delay(1, null, 0, TimeUnit.NANOSECONDS);
        Scheduler scheduler = new Scheduler("warm-up", "warm-up", null);
        LagSnapshot snapshot = new LagSnapshot();
        for (LagRecorder recorder : new LagRecorder[]{new LagRecorder(scheduler, Thread.currentThread()), new LagRecorder(scheduler, null)}) {
            recorder.record(1);
            snapshot.add(recorder);
        }
        snapshot.seal();
        snapshot.percentile(0.5);
        FutureTask<Object> task = new FutureTask<>(new Runnable() {
            @Override
            public void run() {
            }
        }, null);
        // Past the JDK's threshold (127 calls) at which a reflective field read spins a class of its own.
        for (int i = 0; i < 200; i++) {
            TaskNames.of(task);
        }
        task.run();
        try {
            UtilTimerProbe.warmUp();
        } catch (ReflectiveOperationException e) {
            TIMERS_WARM_UP_TIMER_FAULT.caught(e);
        }
        if (Jfr.PRESENT) {
            // Touching an event class starts JFR's machinery: only once JFR itself has started.
            JfrHooks.whenRecorderReady(new Runnable() {
                @Override
                public void run() {
                    TimerLagEvent event = new TimerLagEvent();
                    event.isEnabled();
                    event.begin();
                    event.end();
                    event.shouldCommit(); // not committed: it measured nothing
                }
            });
        }
    }
}
