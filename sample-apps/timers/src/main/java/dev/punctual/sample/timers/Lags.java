package dev.punctual.sample.timers;

import java.util.Arrays;

/**
 * One kind's ticks, each measured by the app: when the tick started, and when it was due. Where the
 * scheduler computes the due time from a clock read of its own, the app brackets it with reads before
 * and after the call that computes it, so a tick's lag is known as a range. Slot i belongs to tick i, so
 * the tick and the code that scheduled it never write the same slot; the ranges are read once the
 * kind has stopped. Bounded: ticks past the capacity are only counted.
 */
final class Lags {
    private final long[] ran;
    private final long[] dueEarliest;
    private final long[] dueLatest;
    private volatile int count;
    private volatile long dropped;

    Lags(int capacity) {
        ran = new long[capacity];
        dueEarliest = new long[capacity];
        dueLatest = new long[capacity];
    }

    /** Tick {@code i} started at {@code now}; ticks run one at a time, in order. */
    void ran(int i, long now) {
        if (i >= ran.length) {
            dropped++;
            return;
        }
        ran[i] = now;
        count = i + 1;
    }

    /** Tick {@code i} was due no earlier than {@code earliest} and no later than {@code latest}. */
    void due(int i, long earliest, long latest) {
        if (i < ran.length) {
            dueEarliest[i] = earliest;
            dueLatest[i] = latest;
        }
    }

    int count() {
        return count;
    }

    long dropped() {
        return dropped;
    }

    int capacity() {
        return ran.length;
    }

    long lowest(int i) {
        return ran[i] - dueLatest[i];
    }

    long highest(int i) {
        return ran[i] - dueEarliest[i];
    }

    /** Nearest-rank percentile of the lower bounds, in ns. */
    long percentile(double p) {
        int n = count;
        if (n == 0) {
            return 0;
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = lowest(i);
        }
        Arrays.sort(sorted);
        return sorted[(int) Math.max(0, Math.min(n - 1, Math.ceil(p * n) - 1))];
    }
}
