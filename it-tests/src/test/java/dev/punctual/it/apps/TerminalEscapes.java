package dev.punctual.it.apps;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Recorded strings that would drive a terminal: a scheduler whose thread name clears the screen, sets
 * the window title, starts a line of its own and reverses the text after it, whose 1 ms tick a stall
 * makes late, and a periodic task that dies with a message of the same kind. Runs for the milliseconds
 * in its argument.
 */
public final class TerminalEscapes {
    /** A forged line starts after the line break: no output may have a line starting with it. */
    public static final String FORGED = "FORGED LINE";
    public static final String SCHEDULER = "esc\u001b[2J\u001b]0;title\u0007\r\n" + FORGED + "\u202e\u009b31m";
    public static final String MESSAGE = "boom\u001b[31m red\n" + FORGED + " \u001b[0m%n%s${jndi:ldap://127.0.0.1:1/x}";

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
        int runs;

        @Override
        public void run() {
            if (++runs == 3) {
                throw new IllegalStateException(MESSAGE);
            }
        }
    }

    public static void main(String[] args) {
        long millis = Long.parseLong(args[0]);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, SCHEDULER));
        executor.scheduleAtFixedRate(new Tick(), 1, 1, TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(new Stall(), 100, 400, TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(new DiesOnThirdRun(), 50, 100, TimeUnit.MILLISECONDS);
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.flush();
        long end = System.nanoTime() + millis * 1_000_000L;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
        executor.shutdownNow();
    }

    private TerminalEscapes() {
    }
}
