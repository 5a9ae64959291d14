package dev.punctual.sample.timers;

import dev.punctual.sample.common.Stall;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;

import java.util.concurrent.TimeUnit;

/**
 * A tick on a Netty HashedWheelTimer with a 1 ms tick, thread timers-wheel: each run adds the next
 * timeout. The wheel runs expired timeouts on its own thread, only at its ticks: a timeout is late by up
 * to one tick by design.
 */
final class WheelKind implements TimerKind {
    public static final class WheelTick extends ChainTick implements TimerTask {
        private final HashedWheelTimer wheel;

        WheelTick(Lags lags, long period, HashedWheelTimer wheel) {
            super(lags, period);
            this.wheel = wheel;
        }

        @Override
        void schedule(long delay) {
            wheel.newTimeout(this, delay, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run(Timeout timeout) {
            ran();
        }
    }

    /** Holds the wheel's thread, then comes back after stallEvery. */
    public static final class WheelStall implements TimerTask {
        private final Stall stall;
        private final long every;

        WheelStall(long stall, long every) {
            this.stall = new Stall(stall);
            this.every = every;
        }

        @Override
        public void run(Timeout timeout) {
            stall.run();
            try {
                timeout.timer().newTimeout(this, every, TimeUnit.NANOSECONDS);
            } catch (IllegalStateException stopped) {
                // The app stopped the wheel meanwhile: it takes no more timeouts.
            }
        }
    }

    private HashedWheelTimer wheel;
    private WheelTick tick;

    @Override
    public String name() {
        return "wheel";
    }

    @Override
    public String scheduler() {
        return "timers-wheel";
    }

    @Override
    public void start(Lags lags, long period, long stall, long stallEvery) {
        wheel = new HashedWheelTimer(r -> new Thread(r, "timers-wheel"), 1, TimeUnit.MILLISECONDS);
        wheel.start(); // else the first newTimeout starts the thread and waits for it, inside the bracket
        tick = new WheelTick(lags, period, wheel);
        tick.first();
        if (stall > 0) {
            wheel.newTimeout(new WheelStall(stall, stallEvery), stallEvery, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        tick.stop();
        wheel.stop();
    }
}
