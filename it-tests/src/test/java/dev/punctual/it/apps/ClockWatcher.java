package dev.punctual.it.apps;

import java.util.concurrent.locks.LockSupport;

/**
 * Does nothing for a while (8 s, or the milliseconds in its argument) on the monotonic clock, so that
 * a test can step this JVM's wall clock and stop and resume it meanwhile. Prints its pid when it starts,
 * and nothing else.
 */
public final class ClockWatcher {
    public static void main(String[] args) {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 8_000;
        long end = System.nanoTime() + millis * 1_000_000L;
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.flush();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }
}
