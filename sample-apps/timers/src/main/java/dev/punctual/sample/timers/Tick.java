package dev.punctual.sample.timers;

/**
 * What every tick shares: it records when each run started, and stops from within a run, so that no run
 * can be taken by its scheduler and then dropped by a shutdown (a run the scheduler started but the tick
 * never saw would be missing from the ground truth).
 */
abstract class Tick {
    final Lags lags;
    int n;
    private volatile boolean stopping;
    /** The last run, which saw {@link #stopping} and let no other follow. */
    private volatile boolean ended;

    Tick(Lags lags) {
        this.lags = lags;
    }

    /** Records this run; then either goes on, or, when asked to stop, calls {@link #last} and ends. */
    final void ran() {
        lags.ran(n++, System.nanoTime());
        if (stopping) {
            last();
            ended = true;
        } else {
            next();
        }
    }

    /** After a run that goes on. */
    abstract void next();

    /** After the last run: keeps any other from following. */
    abstract void last();

    /** Everything this tick writes is written, once {@link #ended}. */
    boolean settled() {
        return true;
    }

    /** Lets the next run be the last, and waits for it (at most 5 s). */
    final void stop() throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(ended && settled()) && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
    }
}
