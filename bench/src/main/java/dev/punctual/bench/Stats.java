package dev.punctual.bench;

import java.util.Arrays;
import java.util.List;

/** Median and spread of a few repeated figures. */
public final class Stats {
    private Stats() {
    }

    public static double median(List<Double> values) {
        double[] v = sorted(values);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    public static double min(List<Double> values) {
        return sorted(values)[0];
    }

    public static double max(List<Double> values) {
        double[] v = sorted(values);
        return v[v.length - 1];
    }

    /** Nearest-rank percentile of raw samples, p in [0, 1]. */
    public static long percentile(long[] samples, double p) {
        long[] v = samples.clone();
        Arrays.sort(v);
        int rank = (int) Math.max(1, Math.min(v.length, Math.ceil(p * v.length)));
        return v[rank - 1];
    }

    private static double[] sorted(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v;
    }
}
