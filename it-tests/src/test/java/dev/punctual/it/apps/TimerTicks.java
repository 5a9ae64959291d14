package dev.punctual.it.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * java.util.Timer tasks that measure their own lag on the Timer's clock (currentTimeMillis minus
 * scheduledExecutionTime): a fixed-rate tick with one 30 ms stall, and a timer whose task throws.
 * Usage: TimerTicks GROUND_TRUTH_FILE
 */
public final class TimerTicks {
    static final int RUNS = 200;

    public static final class Tick extends TimerTask {
        final long[] lags = new long[RUNS];
        final CountDownLatch done = new CountDownLatch(RUNS);
        int n;

        @Override
        public void run() {
            long lag = System.currentTimeMillis() - scheduledExecutionTime();
            if (n < RUNS) {
                lags[n++] = lag;
                if (n == RUNS) {
                    // Its last run: a fixed-rate Timer catching up would otherwise run it again before
                    // main, woken by the latch, cancels it, and those runs have no measurement of their own.
                    cancel();
                }
                done.countDown();
            }
            if (n == 50) {
                long end = System.nanoTime() + 30_000_000L; // holds the Timer's only thread
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    public static final class Fails extends TimerTask {
        @Override
        public void run() {
            throw new IllegalArgumentException("the timer dies with me");
        }
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Timer timer = new Timer("tick-timer");
        Tick tick = new Tick();
        timer.scheduleAtFixedRate(tick, 10, 2);
        Timer dying = new Timer("dying-timer");
        dying.schedule(new Fails(), 5);
        tick.done.await(30, TimeUnit.SECONDS);
        tick.cancel();
        timer.cancel();
        StringBuilder out = new StringBuilder();
        for (long lag : tick.lags) {
            out.append(lag).append('\n');
        }
        Files.writeString(Path.of(args[0]), out);
        System.out.println("ticks: " + tick.n);
    }
}
