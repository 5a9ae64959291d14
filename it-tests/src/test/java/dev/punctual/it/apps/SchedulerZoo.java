package dev.punctual.it.apps;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Every common way of getting a scheduled executor, each running its own named task class. */
public final class SchedulerZoo {
    public static final class FixedRate implements Runnable {
        final CountDownLatch runs = new CountDownLatch(5);

        @Override
        public void run() {
            runs.countDown();
        }
    }

    public static final class FixedDelay implements Runnable {
        final CountDownLatch runs = new CountDownLatch(5);

        @Override
        public void run() {
            runs.countDown();
        }
    }

    public static final class OneShotCallable implements Callable<String> {
        @Override
        public String call() {
            return "called";
        }
    }

    public static final class Delayed implements Runnable {
        final CountDownLatch ran = new CountDownLatch(1);

        @Override
        public void run() {
            ran.countDown();
        }
    }

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);
        ScheduledExecutorService single = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory named = r -> new Thread(r, "heartbeat-" + n.incrementAndGet());
        ScheduledExecutorService custom = Executors.newScheduledThreadPool(1, named);

        FixedRate rate = new FixedRate();
        FixedDelay delay = new FixedDelay();
        ScheduledFuture<?> f1 = pool.scheduleAtFixedRate(rate, 1, 3, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> f2 = single.scheduleWithFixedDelay(delay, 1, 4, TimeUnit.MILLISECONDS);
        System.out.println(custom.schedule(new OneShotCallable(), 2, TimeUnit.MILLISECONDS).get());
        Delayed delayed = new Delayed();
        CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS).execute(delayed);

        rate.runs.await(10, TimeUnit.SECONDS);
        delay.runs.await(10, TimeUnit.SECONDS);
        delayed.ran.await(10, TimeUnit.SECONDS);
        f1.cancel(false);
        f2.cancel(false);
        for (ScheduledExecutorService s : new ScheduledExecutorService[]{pool, single, custom}) {
            s.shutdown();
            s.awaitTermination(10, TimeUnit.SECONDS);
        }
        System.out.println("done");
    }
}
