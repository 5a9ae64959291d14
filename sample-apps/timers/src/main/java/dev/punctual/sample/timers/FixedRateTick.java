package dev.punctual.sample.timers;

import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A fixed-rate tick on a scheduler that keeps its own first due time: run i is due at
 * {@code first + i * period}. Only the time each run starts is taken in the run; the due times are
 * filled in when the kind stops.
 */
abstract class FixedRateTick implements Runnable {
    /** Long enough that the first run never comes before {@link #bracketFirstDue} has read it. */
    static final long FIRST_DELAY = TimeUnit.MILLISECONDS.toNanos(50);

    private final Lags lags;
    private int n;
    private long firstEarliest;
    private long firstLatest;

    FixedRateTick(Lags lags) {
        this.lags = lags;
    }

    @Override
    public void run() {
        lags.ran(n++, System.nanoTime());
    }

    /**
     * The scheduler computed the first due time inside the call that scheduled the tick, from a clock
     * read the app cannot see; its getDelay subtracts a fresh clock read from it, so a read before and one
     * after getDelay bracket it.
     */
    void bracketFirstDue(Delayed scheduled) {
        scheduled.getDelay(TimeUnit.NANOSECONDS); // a first, cold call must not fall between the readings
        long before = System.nanoTime();
        long delay = scheduled.getDelay(TimeUnit.NANOSECONDS);
        long after = System.nanoTime();
        firstEarliest = before + delay;
        firstLatest = after + delay;
    }

    /** Once the scheduler has stopped (which makes the runs' writes visible). */
    void fillDueTimes(long period) {
        for (int i = 0; i < lags.count(); i++) {
            lags.due(i, firstEarliest + i * period, firstLatest + i * period);
        }
    }
}
