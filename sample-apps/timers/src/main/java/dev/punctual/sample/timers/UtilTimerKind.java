package dev.punctual.sample.timers;

import dev.punctual.sample.common.Stall;
import java.util.Timer;
import java.util.TimerTask;

/**
 * A fixed-rate tick on a java.util.Timer, thread timers-timer. The Timer keeps time with
 * System.currentTimeMillis(), so its lags are whole milliseconds: the tick measures on that same clock,
 * exactly as the Timer sees it (its clock now, minus the run's scheduledExecutionTime()).
 */
final class UtilTimerKind implements TimerKind {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    public static final class TimerTick extends TimerTask {
        private final Lags lags;
        private int n;

        TimerTick(Lags lags) {
            this.lags = lags;
        }

        @Override
        public void run() {
            long now = System.currentTimeMillis() * NANOS_PER_MILLI;
            long due = scheduledExecutionTime() * NANOS_PER_MILLI;
            lags.due(n, due, due); // first: ran() publishes the slot
            lags.ran(n++, now);
        }
    }

    public static final class TimerStall extends TimerTask {
        private final Stall stall;

        TimerStall(long nanos) {
            stall = new Stall(nanos);
        }

        @Override
        public void run() {
            stall.run();
        }
    }

    private Timer timer;

    @Override
    public String name() {
        return "timer";
    }

    @Override
    public String scheduler() {
        return "timers-timer";
    }

    @Override
    public void start(Lags lags, long period, long stall, long stallEvery) {
        timer = new Timer("timers-timer", true);
        timer.scheduleAtFixedRate(new TimerTick(lags), FixedRateTick.FIRST_DELAY / NANOS_PER_MILLI, period / NANOS_PER_MILLI);
        if (stall > 0) {
            long every = Math.max(1, stallEvery / NANOS_PER_MILLI);
            timer.scheduleAtFixedRate(new TimerStall(stall), every, every);
        }
    }

    @Override
    public void stop() {
        timer.cancel(); // a run in progress finishes; lags.count() covers only published slots
    }
}
