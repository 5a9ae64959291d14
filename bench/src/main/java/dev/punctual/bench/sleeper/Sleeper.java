package dev.punctual.bench.sleeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A jHiccup-style observer, loaded with -javaagent:benchmarks-sleeper.jar=FILE: a thread that sleeps
 * 1 ms again and again, and takes each wake-up's overshoot, less the smallest overshoot it saw (the
 * OS's own constant sleep slack), as a hiccup. At exit it writes one hiccup a line, in nanoseconds, to
 * FILE. It measures the JVM as a whole, not any scheduler's tasks: the accuracy benchmark puts its
 * figures next to a scheduler's real lags.
 */
public final class Sleeper implements Runnable {
    private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Path file;
    private long[] overshoots = new long[1 << 16];
    private int count;

    private Sleeper(Path file) {
        this.file = file;
    }

    public static void premain(String args) {
        Sleeper sleeper = new Sleeper(Path.of(args));
        Thread thread = new Thread(sleeper, "hiccup-sleeper");
        thread.setDaemon(true);
        thread.start();
        Runtime.getRuntime().addShutdownHook(new Thread(sleeper::write, "hiccup-sleeper-write"));
    }

    @Override
    public void run() {
        try {
            while (true) {
                long before = System.nanoTime();
                Thread.sleep(1);
                add(System.nanoTime() - before - SLEEP_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void add(long overshoot) {
        if (count == overshoots.length) {
            overshoots = Arrays.copyOf(overshoots, count * 2);
        }
        overshoots[count++] = overshoot;
    }

    private synchronized void write() {
        long floor = Arrays.stream(overshoots, 0, count).min().orElse(0);
        StringBuilder text = new StringBuilder(count * 8);
        for (int i = 0; i < count; i++) {
            text.append(overshoots[i] - floor).append('\n');
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
