package dev.punctual.sample.timers;

/**
 * A tick that schedules its next run itself, one delay ahead, on a scheduler that keeps no period:
 * each due time is bracketed by clock reads around the call that scheduled it.
 */
abstract class ChainTick extends Tick {
    private final long period;
    /** The slot whose due time was written last: the thread that writes it may not be the run's. */
    private volatile int dueWritten = -1;

    ChainTick(Lags lags, long period) {
        super(lags);
        this.period = period;
    }

    /** Schedules the next run, {@code delay} ns from now. */
    abstract void schedule(long delay);

    final void first() {
        next();
    }

    @Override
    final void next() {
        int i = n; // read before the run it schedules can change it on another thread
        long before = System.nanoTime();
        schedule(period);
        long after = System.nanoTime();
        lags.due(i, before + period, after + period);
        dueWritten = i;
    }

    @Override
    final void last() {
        // Nothing scheduled: the chain ends here.
    }

    @Override
    boolean settled() {
        return dueWritten == lags.count() - 1;
    }
}
