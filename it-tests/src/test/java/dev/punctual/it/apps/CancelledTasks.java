package dev.punctual.it.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Tasks cancelled while they wait in the executor's queue. Unless removeOnCancel is set, a cancelled
 * task stays there; when its time comes, the worker takes it and calls its run(), which returns at
 * once without running the application's code. Next to them, a periodic task that goes on after
 * shutdown, as its executor's policy says, and is then cancelled. Prints how often each task's code ran.
 */
public final class CancelledTasks {
    /** Counts its runs; opens {@code runs} once it has run that many times. */
    static class Counted implements Runnable {
        final CountDownLatch runs;
        volatile int count;

        Counted(int runs) {
            this.runs = new CountDownLatch(runs);
        }

        @Override
        public void run() {
            count++;
            runs.countDown();
        }
    }

    public static final class CancelledWhileQueued extends Counted {
        CancelledWhileQueued() {
            super(20);
        }
    }

    public static final class CancelledBeforeItsTime extends Counted {
        CancelledBeforeItsTime() {
            super(1);
        }
    }

    public static final class GoesOnAfterShutdown extends Counted {
        GoesOnAfterShutdown() {
            super(10);
        }
    }

    public static void main(String[] args) throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        CancelledWhileQueued periodic = new CancelledWhileQueued();
        ScheduledFuture<?> ticking = executor.scheduleAtFixedRate(periodic, 5, 5, TimeUnit.MILLISECONDS);
        await(periodic.runs);
        ticking.cancel(false); // between two runs: the task waits in the queue for its next time
        CancelledBeforeItsTime oneShot = new CancelledBeforeItsTime();
        executor.schedule(oneShot, 10, TimeUnit.MILLISECONDS).cancel(false);
        Thread.sleep(60); // both come due, and the worker takes them
        System.out.println("cancelled while queued: ran " + periodic.count + " times");
        System.out.println("cancelled before its time: ran " + oneShot.count + " times");
        executor.shutdown();
        System.out.println("terminated: " + executor.awaitTermination(10, TimeUnit.SECONDS));

        ScheduledThreadPoolExecutor lasting = new ScheduledThreadPoolExecutor(1);
        lasting.setContinueExistingPeriodicTasksAfterShutdownPolicy(true);
        GoesOnAfterShutdown afterShutdown = new GoesOnAfterShutdown();
        ScheduledFuture<?> goingOn = lasting.scheduleAtFixedRate(afterShutdown, 5, 5, TimeUnit.MILLISECONDS);
        Thread.sleep(2);
        lasting.shutdown();
        await(afterShutdown.runs);
        goingOn.cancel(false);
        Thread.sleep(60);
        System.out.println("goes on after shutdown: ran " + afterShutdown.count + " times");
        System.out.println("terminated: " + lasting.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a task did not run in 30 s");
        }
    }
}
