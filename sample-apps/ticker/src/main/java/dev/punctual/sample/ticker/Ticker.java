package dev.punctual.sample.ticker;

import dev.punctual.sample.common.Args;
import dev.punctual.sample.common.CommandLine;
import dev.punctual.sample.common.Stall;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ticker-drift diagnostic: a fixed-rate tick on a ScheduledThreadPoolExecutor whose wake-up lag
 * is measured from inside, as ground truth for an agent that measures the same ticks from outside.
 */
public final class Ticker {

    /** Slack for executions that start between the end of the run and the cancel. */
    private static final long CAPACITY_MARGIN = 1024;

    private Ticker() {
    }

    public static void main(String[] args) {
        Options options = CommandLine.optionsOrExit("ticker", args, Options::parse, o -> o.help, Options.USAGE);
        if (options == null) {
            return;
        }
        int code;
        try {
            code = run(options);
        } catch (OutOfMemoryError e) {
            code = fail(1, "out of memory; give the JVM more heap (-Xmx) or log fewer ticks");
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    private static int run(Options options) {
        System.out.println("ticker: pid " + ProcessHandle.current().pid());
        System.out.flush();

        // Allocate (and so zero and commit) the log before anything is timed, so ticks never
        // allocate or fault in fresh pages.
        int capacity = capacity(options);
        long[] scheduled = new long[capacity];
        long[] started = new long[capacity];

        // Opened up front so a bad path fails now rather than after a long run.
        BufferedWriter groundTruth = null;
        if (options.groundTruth != null) {
            try {
                groundTruth = Files.newBufferedWriter(options.groundTruth);
            } catch (IOException | RuntimeException e) {
                return fail(1, "cannot write ground truth to " + options.groundTruth + ": " + e);
            }
        }

        Args.sleep(options.waitBeforeStartNanos);
        if (!options.quiet) {
            System.out.printf("ticker: period %s for %s, threads %d, cpu-load %d, gc-load %d MB/s, stall %s%n",
                    Args.format(options.periodNanos), Args.format(options.durationNanos),
                    options.threads, options.cpuLoadThreads, options.gcLoadMBps, options.stallText());
        }

        Load load = Load.start(options.cpuLoadThreads, options.gcLoadMBps);
        Tick tick = runTicks(options, scheduled, started);
        load.stop();

        int stored = (int) Math.min(tick.executions, capacity);
        long dropped = tick.executions - stored;
        long[] lags = new long[stored];
        for (int i = 0; i < stored; i++) {
            lags[i] = started[i] - scheduled[i];
        }
        StringBuilder report = new StringBuilder(DriftStats.of(lags).render());
        if (dropped > 0) {
            // Only when it happens, so the usual block keeps exactly its six keys.
            DriftStats.line(report, "dropped", Long.toString(dropped));
            System.err.println("ticker: " + dropped + " ticks beyond the capacity of " + capacity
                    + " were counted but not stored, and are not in the statistics");
        }
        System.out.print(report);
        System.out.flush();

        if (groundTruth != null) {
            try (BufferedWriter out = groundTruth) {
                writeGroundTruth(out, scheduled, started, lags);
            } catch (IOException e) {
                return fail(1, "cannot write ground truth to " + options.groundTruth + ": " + e);
            }
        }
        return 0;
    }

    private static Tick runTicks(Options options, long[] scheduled, long[] started) {
        // Default thread factory on purpose: the agent's reports and the tests expect the
        // pool-K-thread-M names.
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(options.threads);
        Tick tick = new Tick(options.periodNanos, scheduled, started);
        long t0 = System.nanoTime();
        ScheduledFuture<?> ticking = executor.scheduleAtFixedRate(
                tick, options.initialDelayNanos, options.periodNanos, TimeUnit.NANOSECONDS);
        tick.firstScheduled = triggerTime(ticking);
        ScheduledFuture<?> stalling = null;
        if (options.stallEveryNanos > 0) {
            stalling = executor.scheduleAtFixedRate(new Stall(options.stallForNanos),
                    options.stallEveryNanos, options.stallEveryNanos, TimeUnit.NANOSECONDS);
        }

        tick.future = ticking;

        Args.sleep(t0 + options.durationNanos - System.nanoTime());

        if (!tick.stop()) {
            ticking.cancel(false); // it did not run for 5 s: stopped from outside, its last run may be lost
        }
        if (stalling != null) {
            stalling.cancel(false);
        }
        Args.stop(executor, "ticker", "the scheduler (statistics may be incomplete)");
        return tick;
    }

    /**
     * The executor's own first trigger time, read back: however long scheduling took (class loading on
     * a first call, a busy machine), the ticks' schedule is the executor's. getDelay subtracts a clock
     * read of its own from it, so reads before and after bracket it; a thread preempted inside the
     * bracket would shift every tick's ground truth by the preemption (once 261 us on a busy 2-core
     * machine), so the tightest of a few brackets is kept. Its earliest end errs on the side of a
     * larger lag than the executor's, by at most the bracket's width.
     */
    private static long triggerTime(ScheduledFuture<?> future) {
        future.getDelay(TimeUnit.NANOSECONDS); // a first, cold call must not fall inside a bracket
        long best = 0;
        long bestWidth = Long.MAX_VALUE;
        for (int i = 0; i < 50 && bestWidth > 1_000; i++) {
            long before = System.nanoTime();
            long delay = future.getDelay(TimeUnit.NANOSECONDS);
            long width = System.nanoTime() - before;
            if (width < bestWidth) {
                best = before + delay;
                bestWidth = width;
            }
        }
        return best;
    }

    /**
     * The measured task; the agent reports it by this class name. Executions of one fixed-rate
     * task never overlap and each happens-before the next, even across pool threads, so plain
     * fields suffice. The k-th execution belongs to the k-th scheduled time, because a late
     * fixed-rate task catches up instead of skipping. It stops from within a run: a cancel from
     * outside can land while the executor starts a run, which then runs nothing, and the ground
     * truth would lack a run the executor did start.
     */
    static final class Tick implements Runnable {
        /** The executor's first trigger time; set right after scheduling, before the first tick is due. */
        volatile long firstScheduled;
        /** Its own future, to cancel itself with; set right after scheduling, like {@link #firstScheduled}. */
        volatile ScheduledFuture<?> future;
        private volatile boolean stopping;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final long period;
        private final long[] scheduled;
        private final long[] started;
        long executions;

        Tick(long period, long[] scheduled, long[] started) {
            this.period = period;
            this.scheduled = scheduled;
            this.started = started;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            long seq = executions++;
            if (seq < started.length) {
                scheduled[(int) seq] = firstScheduled + seq * period;
                started[(int) seq] = now;
            }
            if (stopping) {
                future.cancel(false); // from within the run: the executor does not put it back
                stopped.countDown();
            }
        }

        /** Lets the next run be the last; @return whether it came within 5 s. */
        boolean stop() {
            stopping = true;
            try {
                return stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static int capacity(Options options) {
        long expected = options.durationNanos / options.periodNanos + 1;
        long wanted = expected + expected / 100 + CAPACITY_MARGIN;
        // Two logged longs, plus the lags and their sorted copy afterwards: 32 bytes a tick.
        // Use at most a quarter of the heap, leaving room for the load and for G1's humongous
        // regions; anything beyond is counted as dropped.
        long affordable = Runtime.getRuntime().maxMemory() / 4 / 32;
        return (int) Math.min(Math.min(wanted, affordable), Integer.MAX_VALUE - 8);
    }

    private static void writeGroundTruth(BufferedWriter out, long[] scheduled, long[] started,
            long[] lags) throws IOException {
        out.write("# seq scheduledNanos startNanos lagNanos\n");
        StringBuilder line = new StringBuilder(80);
        for (int i = 0; i < lags.length; i++) {
            line.setLength(0);
            line.append(i).append(' ').append(scheduled[i]).append(' ')
                    .append(started[i]).append(' ').append(lags[i]).append('\n');
            out.append(line);
        }
    }


    private static int fail(int code, String message) {
        System.err.println("ticker: " + message);
        return code;
    }
}
