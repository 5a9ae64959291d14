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

    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /**
     * Half the width of the two-sided 95% confidence interval of the mean of {@code values} (Student's t,
     * n - 1 degrees of freedom): the mean of round-by-round differences, plus or minus this, is what the
     * rounds can tell apart from noise. NaN for fewer than two values.
     */
    public static double confidence95(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = Math.sqrt(squares / (n - 1));
        return T975[Math.min(n - 1, T975.length - 1)] * sd / Math.sqrt(n);
    }

    /** Student's t, 97.5th percentile, by degrees of freedom (index); the last entry stands for 30 and more. */
    private static final double[] T975 = {Double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
            2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
            2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

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
