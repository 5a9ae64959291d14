package dev.punctual.sample.timers;

/**
 * A tick that schedules its next run itself, one delay ahead, on a scheduler that keeps no period:
 * each due time is bracketed by clock reads around the call that scheduled it.
 */
abstract class ChainTick {
    private final Lags lags;
    private final long period;
    private int n;
    private volatile boolean stopping;
    /** The last run, which saw {@link #stopping} and scheduled nothing more. */
    private volatile boolean ended;
    /** The slot whose due time was written last: the thread that writes it may not be the run's. */
    private volatile int dueWritten = -1;

    ChainTick(Lags lags, long period) {
        this.lags = lags;
        this.period = period;
    }

    /** Schedules the next run, {@code delay} ns from now. */
    abstract void schedule(long delay);

    final void first() {
        next();
    }

    /** The body of each run. */
    final void ran() {
        lags.ran(n++, System.nanoTime());
        if (stopping) {
            ended = true;
        } else {
            next();
        }
    }

    private void next() {
        int i = n; // read before the run it schedules can change it on another thread
        long before = System.nanoTime();
        schedule(period);
        long after = System.nanoTime();
        lags.due(i, before + period, after + period);
        dueWritten = i;
    }

    /** Lets the next run be the last, and waits for it (at most 5 s). */
    final void stop() throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(ended && dueWritten == lags.count() - 1) && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
    }
}
