package dev.punctual.sample.timers;

import dev.punctual.sample.common.Stall;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A fixed-rate tick on a ScheduledThreadPoolExecutor with one thread, timers-executor. */
final class ExecutorKind implements TimerKind {
    public static final class ExecutorTick extends FixedRateTick {
        ExecutorTick(Lags lags) {
            super(lags);
        }
    }

    private ScheduledThreadPoolExecutor executor;
    private ExecutorTick tick;
    private long period;

    @Override
    public String name() {
        return "executor";
    }

    @Override
    public String scheduler() {
        return "timers-executor";
    }

    @Override
    public void start(Lags lags, long period, long stall, long stallEvery) {
        this.period = period;
        executor = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "timers-executor"));
        executor.prestartCoreThread();
        tick = new ExecutorTick(lags);
        ScheduledFuture<?> f = executor.scheduleAtFixedRate(tick, FixedRateTick.FIRST_DELAY, period, TimeUnit.NANOSECONDS);
        tick.scheduled(f);
        if (stall > 0) {
            executor.scheduleAtFixedRate(new Stall(stall), stallEvery, stallEvery, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        tick.stop();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        tick.fillDueTimes(period);
    }
}
