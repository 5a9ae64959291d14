package dev.punctual.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the ticker app measured itself: every tick's lag, and the statistics it printed. */
public final class GroundTruth {
    public final long[] lags;

    private GroundTruth(long[] lags) {
        this.lags = lags;
    }

    public static GroundTruth read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return new GroundTruth(lines.stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .mapToLong(l -> Long.parseLong(l.trim().split(" ")[3]))
                .toArray());
    }

    /** Nearest-rank percentile, the ticker's definition. */
    public long percentile(double p) {
        long[] sorted = lags.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.max(1, Math.min(sorted.length, Math.ceil(p * sorted.length)));
        return sorted[rank - 1];
    }

    /** A value of the ticker's printed block, e.g. "p99" gives the microseconds it printed, in ns. */
    public static long printedNanos(String stdout, String key) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(key) + "\\s+([0-9.]+) us\\s*$", Pattern.MULTILINE).matcher(stdout);
        if (!m.find()) {
            throw new AssertionError("ticker printed no '" + key + "' value:\n" + stdout);
        }
        return Math.round(Double.parseDouble(m.group(1)) * 1000);
    }

    public static long printedCount(String stdout) {
        Matcher m = Pattern.compile("^\\s+count\\s+(\\d+)\\s*$", Pattern.MULTILINE).matcher(stdout);
        if (!m.find()) {
            throw new AssertionError("ticker printed no count:\n" + stdout);
        }
        return Long.parseLong(m.group(1));
    }
}
