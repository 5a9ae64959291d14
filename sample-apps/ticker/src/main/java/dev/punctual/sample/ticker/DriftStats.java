package dev.punctual.sample.ticker;

import java.util.Arrays;
import java.util.Locale;

/** Summary of tick lags, in integer nanoseconds, as printed in the final block. */
final class DriftStats {

    final int count;
    final double meanNanos;
    final long p50;
    final long p99;
    final long p999;
    final long max;

    private DriftStats(int count, double meanNanos, long p50, long p99, long p999, long max) {
        this.count = count;
        this.meanNanos = meanNanos;
        this.p50 = p50;
        this.p99 = p99;
        this.p999 = p999;
        this.max = max;
    }

    static DriftStats of(long[] lags) {
        long[] sorted = lags.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return new DriftStats(0, 0, 0, 0, 0, 0);
        }
        long sum = 0;
        for (long lag : sorted) {
            sum += lag;
        }
        return new DriftStats(n, (double) sum / n,
                nearestRank(sorted, 500), nearestRank(sorted, 990), nearestRank(sorted, 999),
                sorted[n - 1]);
    }

    /**
     * Nearest-rank percentile: the value at 1-based rank ceil(p * n), p given in permille.
     * Integer arithmetic, because in doubles 0.99 * n can land just above a whole number
     * and push the rank up by one.
     */
    static long nearestRank(long[] sorted, int permille) {
        long n = sorted.length;
        long rank = (permille * n + 999) / 1000;
        rank = Math.max(1, Math.min(n, rank));
        return sorted[(int) (rank - 1)];
    }

    /** The block the tests parse; keep keys and formats as they are. */
    String render() {
        StringBuilder out = new StringBuilder("ticker drift (own measurement, System.nanoTime):\n");
        line(out, "count", Integer.toString(count));
        line(out, "mean", micros(meanNanos));
        line(out, "p50", micros(p50));
        line(out, "p99", micros(p99));
        line(out, "p999", micros(p999));
        line(out, "max", micros(max));
        return out.toString();
    }

    private String micros(double nanos) {
        return count == 0 ? "-" : String.format(Locale.ROOT, "%.1f us", nanos / 1000.0);
    }

    static void line(StringBuilder out, String key, String value) {
        out.append(String.format(Locale.ROOT, "  %-8s%s\n", key, value));
    }
}
