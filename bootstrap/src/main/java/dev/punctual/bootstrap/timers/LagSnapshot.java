package dev.punctual.bootstrap.timers;

/**
 * The lags of one scheduler over one interval. Percentiles are nearest-rank: the value at 1-based rank
 * ceil(p * count), the definition the ticker sample app uses for its own figures.
 */
public final class LagSnapshot {
    private final long[] counts = new long[Buckets.COUNT];
    private long count;
    private long max;

    void add(LagRecorder recorder) {
        add(recorder, null);
    }

    /** Drains {@code recorder} into this snapshot, and into {@code also} unless null. */
    void add(LagRecorder recorder, LagSnapshot also) {
        long recorderMax = recorder.drainInto(counts, also == null ? null : also.counts);
        max = Math.max(max, recorderMax);
        if (also != null) {
            also.max = Math.max(also.max, recorderMax);
        }
    }

    /** Called once every recorder was added: settles count and a maximum that agrees with the counts. */
    void seal() {
        count = 0;
        int highest = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                count += counts[i];
                highest = i;
            }
        }
        if (highest < 0) {
            max = 0;
            return;
        }
        // A writer may have raised its max just after the reader took it: then max and counts disagree
        // by one interval. The counts are the truth; the exact max is used whenever it fits them.
        long low = Buckets.lowest(highest);
        boolean inTopBucket = highest == Buckets.COUNT - 1;
        if (max < low || (!inTopBucket && max >= low + Buckets.width(highest))) {
            max = Buckets.midpoint(highest);
        }
    }

    public long count() {
        return count;
    }

    public long max() {
        return max;
    }

    /**
     * The counts in explicit buckets, as metrics histograms have them: [0] for lags up to bounds[0],
     * [i] for lags above bounds[i-1] up to bounds[i], the last for lags above every bound. A histogram
     * cell counts where its midpoint falls, so a lag within 1.6% of a bound may count on its other side.
     *
     * @param bounds in ns, ascending
     */
    public long[] bucketCounts(long[] bounds) {
        long[] out = new long[bounds.length + 1];
        int b = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            long mid = Buckets.midpoint(i);
            while (b < bounds.length && mid > bounds[b]) {
                b++;
            }
            out[b] += counts[i];
        }
        return out;
    }

    /**
     * The sum of every lag, each taken as its cell's midpoint, within 1.6% of the true sum; lags past the
     * range (about 69 s) are taken as the maximum, as in {@link #percentile}. Call after {@link #seal}.
     */
    public long sum() {
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                sum += counts[i] * (i == Buckets.COUNT - 1 ? max : Buckets.midpoint(i));
            }
        }
        return sum;
    }

    /** @param p a fraction in (0, 1], e.g. 0.99 */
    public long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * count);
        rank = Math.max(1, Math.min(count, rank));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == Buckets.COUNT - 1 ? max : Math.min(Buckets.midpoint(i), max);
            }
        }
        return max;
    }
}
