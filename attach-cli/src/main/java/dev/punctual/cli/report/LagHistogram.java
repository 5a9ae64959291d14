package dev.punctual.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Lags counted in buckets on a 1-2-5 scale, from 10 us to 10 s: fine enough to tell a late wake-up from
 * a stall, and the same buckets for every scheduler so that their charts compare.
 */
public final class LagHistogram {
    /** Lower bounds of the buckets, in nanoseconds; the first takes everything below 10 us too. */
    static final long[] LOWER = lowerBounds();

    private final long[] counts = new long[LOWER.length];
    private long total;

    private static long[] lowerBounds() {
        List<Long> bounds = new ArrayList<>();
        bounds.add(0L);
        for (long decade = 10_000; decade <= 10_000_000_000L; decade *= 10) {
            bounds.add(decade);
            if (decade < 10_000_000_000L) {
                bounds.add(2 * decade);
                bounds.add(5 * decade);
            }
        }
        return bounds.stream().mapToLong(Long::longValue).toArray();
    }

    void add(long lagNanos) {
        int i = LOWER.length - 1;
        while (i > 0 && lagNanos < LOWER[i]) {
            i--;
        }
        counts[i]++;
        total++;
    }

    public long total() {
        return total;
    }

    /** The buckets from the first to the last that holds a lag; empty when none does. */
    public List<Bucket> buckets() {
        int from = 0;
        while (from < counts.length && counts[from] == 0) {
            from++;
        }
        int to = counts.length - 1;
        while (to >= from && counts[to] == 0) {
            to--;
        }
        List<Bucket> list = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            list.add(new Bucket(LOWER[i], i + 1 < LOWER.length ? LOWER[i + 1] : Long.MAX_VALUE, counts[i]));
        }
        return list;
    }

    /** Lags at least {@code from} and below {@code to}. */
    public record Bucket(long from, long to, long count) {
    }
}
