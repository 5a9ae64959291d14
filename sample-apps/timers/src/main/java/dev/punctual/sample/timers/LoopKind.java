package dev.punctual.sample.timers;

import dev.punctual.sample.common.Stall;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/** A fixed-rate tick on a Netty event executor with one thread, timers-loop. */
final class LoopKind implements TimerKind {
    public static final class LoopTick extends FixedRateTick {
        LoopTick(Lags lags) {
            super(lags);
        }
    }

    private DefaultEventExecutorGroup group;
    private LoopTick tick;
    private long period;

    @Override
    public String name() {
        return "loop";
    }

    @Override
    public String scheduler() {
        return "timers-loop";
    }

    @Override
    public void start(Lags lags, long period, long stall, long stallEvery) throws InterruptedException {
        this.period = period;
        group = new DefaultEventExecutorGroup(1, r -> new Thread(r, "timers-loop"));
        EventExecutor loop = group.next();
        // Start the loop's thread and load its scheduled-task class before anything is timed.
        loop.submit(() -> { }).sync();
        loop.schedule(() -> { }, 1, TimeUnit.NANOSECONDS).sync();
        tick = new LoopTick(lags);
        ScheduledFuture<?> f = loop.scheduleAtFixedRate(tick, FixedRateTick.FIRST_DELAY, period, TimeUnit.NANOSECONDS);
        tick.scheduled(f);
        if (stall > 0) {
            loop.scheduleAtFixedRate(new Stall(stall), stallEvery, stallEvery, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        tick.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        tick.fillDueTimes(period);
    }
}
