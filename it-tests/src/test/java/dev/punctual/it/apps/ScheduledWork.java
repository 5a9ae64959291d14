package dev.punctual.it.apps;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small app with a deterministic output that runs one-shot, fixed-rate and fixed-delay tasks on a
 * ScheduledThreadPoolExecutor, one of them late: the agent must leave its output exactly as it is.
 */
public final class ScheduledWork {
    public static void main(String[] args) throws Exception {
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
        AtomicInteger rate = new AtomicInteger();
        AtomicInteger delay = new AtomicInteger();
        ScheduledFuture<?> fixedRate = executor.scheduleAtFixedRate(rate::incrementAndGet, 1, 2, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> fixedDelay = executor.scheduleWithFixedDelay(delay::incrementAndGet, 1, 2, TimeUnit.MILLISECONDS);
        for (int i = 1; i <= 3; i++) {
            int n = i;
            System.out.println(executor.schedule(() -> "one-shot " + n + " ran", 5L * i, TimeUnit.MILLISECONDS).get());
        }
        // Blocks the only thread for 20 ms, so the periodic tasks behind it start late.
        executor.schedule(() -> sleep(20), 0, TimeUnit.MILLISECONDS).get();
        while (rate.get() < 50 || delay.get() < 50) {
            Thread.sleep(5);
        }
        fixedRate.cancel(false);
        fixedDelay.cancel(false);
        executor.shutdown();
        System.out.println("terminated: " + executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static Object sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
