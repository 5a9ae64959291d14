package dev.punctual.sample.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Option values as the sample apps read them: durations like 250us, 500ms, 2s, 1m or 0, and counts. */
public final class Args {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|ms|s|m)");

    private Args() {
    }

    public static long duration(String option, String text) throws UsageException {
        if (text.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(text);
        if (text.startsWith("-")) {
            throw new UsageException(option + ": duration must not be negative, got '" + text + "'");
        }
        if (!m.matches()) {
            throw new UsageException(option + ": bad duration '" + text
                    + "' (use e.g. 250us, 500ms, 2s, 1m or 0)");
        }
        TimeUnit unit = switch (m.group(2)) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            default -> TimeUnit.MINUTES;
        };
        try {
            long nanos = unit.toNanos(Long.parseLong(m.group(1)));
            // toNanos saturates instead of failing; anything near Long.MAX_VALUE would
            // overflow the deadline arithmetic later, so refuse it here.
            if (nanos >= Long.MAX_VALUE / 4) {
                throw new NumberFormatException();
            }
            return nanos;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": duration '" + text + "' is too large");
        }
    }

    /** As {@link #duration}, refusing 0. */
    public static long positiveDuration(String option, String text) throws UsageException {
        long nanos = duration(option, text);
        if (nanos <= 0) {
            throw new UsageException(option + " must be positive, got '" + text + "'");
        }
        return nanos;
    }

    public static int count(String option, String text, int min) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": expected a whole number, got '" + text + "'");
        }
        if (n < min) {
            throw new UsageException(option + " must be at least " + min + ", got " + n);
        }
        return n;
    }

    /** Inverse of {@link #duration}: the largest unit that shows the value exactly. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        long[] sizes = {TimeUnit.MINUTES.toNanos(1), 1_000_000_000L, 1_000_000L, 1_000L};
        String[] units = {"m", "s", "ms", "us"};
        for (int i = 0; i < sizes.length; i++) {
            if (nanos % sizes[i] == 0) {
                return nanos / sizes[i] + units[i];
            }
        }
        return nanos + "ns";
    }

    /**
     * Shuts the executor down and waits for it, at most 5 s. Termination is also what makes the tasks'
     * plain fields visible to the caller. Past that limit, one line on stderr and shutdownNow.
     */
    public static void stop(ExecutorService executor, String app, String what) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println(app + ": " + what + " did not stop within 5s");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps the whole amount even if woken early; does nothing for zero or less. */
    public static void sleep(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
