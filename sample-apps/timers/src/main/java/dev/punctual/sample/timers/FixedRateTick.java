package dev.punctual.sample.timers;

import java.util.concurrent.Delayed;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A fixed-rate tick on a scheduler that keeps its own first due time: run i is due at
 * {@code first + i * period}. Only the time each run starts is taken in the run; the due times are
 * filled in when the kind stops.
 */
abstract class FixedRateTick extends Tick implements Runnable {
    /** Long enough that the first run never comes before {@link #scheduled} has read it. */
    static final long FIRST_DELAY = TimeUnit.MILLISECONDS.toNanos(50);

    private volatile Future<?> future;
    private long firstEarliest;
    private long firstLatest;

    FixedRateTick(Lags lags) {
        super(lags);
    }

    @Override
    public void run() {
        ran();
    }

    @Override
    void next() {
    }

    @Override
    void last() {
        future.cancel(false); // from within the run: the scheduler does not put it back
    }

    /**
     * Takes the future the tick was scheduled with. The scheduler computed the first due time inside the
     * call that scheduled it, from a clock read the app cannot see; getDelay subtracts a fresh clock read
     * from it, so a read before and one after getDelay bracket it.
     */
    <F extends Delayed & Future<?>> void scheduled(F f) {
        future = f;
        f.getDelay(TimeUnit.NANOSECONDS); // a first, cold call must not fall between the readings
        long before = System.nanoTime();
        long delay = f.getDelay(TimeUnit.NANOSECONDS);
        long after = System.nanoTime();
        firstEarliest = before + delay;
        firstLatest = after + delay;
    }

    /** Once the tick has stopped (which makes the runs' writes visible). */
    void fillDueTimes(long period) {
        for (int i = 0; i < lags.count(); i++) {
            lags.due(i, firstEarliest + i * period, firstLatest + i * period);
        }
    }
}
