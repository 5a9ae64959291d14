package dev.punctual.agent.probe;

import dev.punctual.agent.status.AgentProperties;
import dev.punctual.agent.status.api.ProbeProtocol;

import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The ticker-drift diagnostic, run inside the target for {@code punctual probe}: a fixed-rate task on a
 * ScheduledThreadPoolExecutor of its own, each run's lag against the executor's own trigger time. It
 * installs nothing: whether or not Punctual runs in the JVM, the probe measures the same way. The
 * result goes to the agent properties, where the command that started it polls for it, and is
 * removed a minute later.
 */
public final class DriftProbe {
    private static final long KEEP_RESULT_MILLIS = 60_000;

    private final String id;
    private final long period;
    private final long[] lags;
    private volatile long first;
    private int runs;

    private DriftProbe(String id, long period, long duration) {
        this.id = id;
        this.period = period;
        this.lags = new long[(int) Math.min(ProbeProtocol.MAX_RUNS, duration / period + 1)];
    }

    /** Starts a probe from its agent arguments on a thread of its own; returns at once. */
    public static void start(String arguments, Instrumentation inst) {
        String[] parts = arguments.substring(ProbeProtocol.ARGUMENT_PREFIX.length()).split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("bad probe arguments: " + arguments);
        }
        AgentProperties.open(inst);
        DriftProbe probe = new DriftProbe(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        Thread t = new Thread(probe::run, "punctual-probe");
        t.setDaemon(true);
        t.start();
    }

    private void run() {
        String result;
        try {
            result = measure();
        } catch (Throwable t) {
            result = "error=" + t.toString().replace('\n', ' ');
        }
        Properties p = AgentProperties.get();
        if (p == null) {
            return;
        }
        String key = ProbeProtocol.RESULT_PROPERTY_PREFIX + id;
        p.setProperty(key, result);
        try {
            Thread.sleep(KEEP_RESULT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.remove(key);
    }

    private String measure() throws InterruptedException {
        long clockCost = clockReadCost();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "punctual-probe-timer");
            t.setDaemon(true);
            return t;
        });
        try {
            long firstDelay = Math.max(period, TimeUnit.MILLISECONDS.toNanos(20));
            ScheduledFuture<?> ticking = executor.scheduleAtFixedRate(this::tick, firstDelay, period, TimeUnit.NANOSECONDS);
            first = triggerTime(ticking);
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(firstDelay + (long) lags.length * period - period / 2) + 1);
            ticking.cancel(false);
        } finally {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        int n;
        synchronized (this) {
            n = runs;
        }
        return summary(Arrays.copyOf(lags, Math.min(n, lags.length)), clockCost);
    }

    private void tick() {
        long now = System.nanoTime();
        synchronized (this) { // uncontended: one executor thread; makes the runs visible to the reader
            if (runs < lags.length) {
                lags[runs] = now - (first + runs * period);
            }
            runs++;
        }
    }

    /**
     * The executor's first trigger time. getDelay subtracts a clock read of its own from it, so reads
     * before and after bracket it; the tightest of a few brackets is kept, erring towards a larger lag.
     */
    private static long triggerTime(ScheduledFuture<?> future) {
        future.getDelay(TimeUnit.NANOSECONDS);
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

    /** What one System.nanoTime() costs here: the floor of any lag this probe can see. */
    private static long clockReadCost() {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            long sink = 0;
            for (int i = 0; i < 10_000; i++) {
                sink += System.nanoTime();
            }
            long each = (System.nanoTime() - start) / 10_000;
            if (sink != 0 && each < best) {
                best = each;
            }
        }
        return best;
    }

    /** count, mean and nearest-rank percentiles, in nanoseconds, as key=value words. */
    static String summary(long[] lags, long clockCost) {
        long[] sorted = lags.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long l : sorted) {
            sum += l;
        }
        int n = sorted.length;
        return String.format(Locale.ROOT, "count=%d mean=%.0f p50=%d p99=%d p999=%d max=%d clock=%d", n,
                n == 0 ? 0.0 : sum / n, rank(sorted, 500), rank(sorted, 990), rank(sorted, 999),
                n == 0 ? 0 : sorted[n - 1], clockCost);
    }

    /** Nearest rank, p in permille: integer arithmetic, so that 0.99 * n never rounds the rank up. */
    private static long rank(long[] sorted, int permille) {
        if (sorted.length == 0) {
            return 0;
        }
        long r = Math.max(1, Math.min(sorted.length, (permille * (long) sorted.length + 999) / 1000));
        return sorted[(int) (r - 1)];
    }
}
