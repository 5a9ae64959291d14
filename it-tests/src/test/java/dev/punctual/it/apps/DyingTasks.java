package dev.punctual.it.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The silent failure: a periodic task that throws once is never run again and nobody is told. Next to
 * it, a one-shot task that throws (its Future reports it) and a periodic task that is cancelled.
 */
public final class DyingTasks {
    public static final class FailsOnFifthRun implements Runnable {
        final CountDownLatch fiveRuns = new CountDownLatch(5);
        int runs;

        @Override
        public void run() {
            runs++;
            fiveRuns.countDown();
            if (runs == 5) {
                throw new IllegalStateException("boom on run " + runs);
            }
        }
    }

    public static final class OneShotFails implements Runnable {
        @Override
        public void run() {
            throw new UnsupportedOperationException("one-shot failure");
        }
    }

    public static final class Cancelled implements Runnable {
        @Override
        public void run() {
        }
    }

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
        FailsOnFifthRun periodic = new FailsOnFifthRun();
        ScheduledFuture<?> dying = executor.scheduleAtFixedRate(periodic, 1, 2, TimeUnit.MILLISECONDS);
        Future<?> oneShot = executor.schedule(new OneShotFails(), 1, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> cancelled = executor.scheduleWithFixedDelay(new Cancelled(), 1, 2, TimeUnit.MILLISECONDS);

        periodic.fiveRuns.await(10, TimeUnit.SECONDS);
        try {
            oneShot.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            System.out.println("one-shot failed: " + e.getCause().getMessage());
        }
        Thread.sleep(50); // the dead task would have run many more times by now
        cancelled.cancel(false);
        System.out.println("periodic runs: " + periodic.runs + ", done: " + dying.isDone());
        executor.shutdown();
        System.out.println("terminated: " + executor.awaitTermination(10, TimeUnit.SECONDS));
    }
}
