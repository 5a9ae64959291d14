package dev.punctual.it.apps;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Recorded strings that are markup: a scheduler named after a thread called
 * {@code xss<script>punctualXss()</script>}, whose 1 ms tick a stall makes late, and a periodic task that
 * dies with a message holding a script and an image whose onerror calls a function that does not exist.
 * A page that let either through would run it, and fail with a console error. Runs for the milliseconds
 * in its argument (2 s by default).
 */
public final class HostileNames {
    public static final String SCHEDULER = "xss<script>punctualXss()</script>";
    public static final String MESSAGE = "<script>punctualXss()</script><img src=x onerror=punctualXss()> & \"quoted\"";

    public static final class Tick implements Runnable {
        @Override
        public void run() {
        }
    }

    public static final class Stall implements Runnable {
        @Override
        public void run() {
            long end = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    public static final class DiesOnThirdRun implements Runnable {
        private final String message;
        int runs;

        DiesOnThirdRun(String message) {
            this.message = message;
        }

        @Override
        public void run() {
            if (++runs == 3) {
                throw new IllegalStateException(message);
            }
        }
    }

    public static void main(String[] args) {
        run(SCHEDULER, MESSAGE, args.length > 0 ? Long.parseLong(args[0]) : 2_000);
    }

    /** The app, with its scheduler's thread and its dying task's message given. */
    static void run(String threadName, String message, long millis) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, threadName));
        executor.scheduleAtFixedRate(new Tick(), 1, 1, TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(new Stall(), 100, 400, TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(new DiesOnThirdRun(message), 50, 100, TimeUnit.MILLISECONDS);
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.flush();
        long end = System.nanoTime() + millis * 1_000_000L;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
        executor.shutdownNow();
    }
}
