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
        long recorderMax = recorder.drainInto(counts);
        if (recorderMax > max) {
            max = recorderMax;
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
