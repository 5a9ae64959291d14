package dev.punctual.sample.timers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A tick that re-schedules itself through CompletableFuture.delayedExecutor: on JDK 17 to 24 the
 * JDK's own ScheduledThreadPoolExecutor (thread CompletableFutureDelayScheduler) hands it to the
 * given executor when due; on JDK 25 the common ForkJoinPool's delay scheduler does. The executor
 * runs it on the spot: what the tick measures is then the timer's lag alone, without the wait for a
 * pool thread that follows the hand-over with the default executor.
 */
final class DelayedKind implements TimerKind {
    public static final class DelayedTick extends ChainTick implements Runnable {
        DelayedTick(Lags lags, long period) {
            super(lags, period);
        }

        @Override
        void schedule(long delay) {
            CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, Runnable::run).execute(this);
        }

        @Override
        public void run() {
            ran();
        }
    }

    private DelayedTick tick;

    @Override
    public String name() {
        return "delayed";
    }

    @Override
    public String scheduler() {
        return Runtime.version().feature() >= 25 ? "ForkJoinPool.commonPool" : "CompletableFutureDelayScheduler";
    }

    @Override
    public void start(Lags lags, long period, long stall, long stallEvery) {
        tick = new DelayedTick(lags, period);
        tick.first();
    }

    @Override
    public void stop() throws InterruptedException {
        tick.stop();
    }
}
