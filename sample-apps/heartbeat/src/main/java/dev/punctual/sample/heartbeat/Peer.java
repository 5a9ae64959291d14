package dev.punctual.sample.heartbeat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The other end of the link: its own thread, which looks every 10 ms at how long ago the last
 * heartbeat arrived, and declares the link dead once that silence goes beyond the timeout. A dead
 * link comes back with the next heartbeat.
 *
 * <p>Between two looks it also wakes up at the exact moment the silence would pass the timeout, so a
 * death is declared when it happens rather than up to 10 ms later, and a heartbeat that ends a
 * silence only just longer than the timeout still counts.
 */
final class Peer implements Runnable {
    static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Link link;
    private final long timeoutNanos;
    private final long startNanos;
    private final AtomicInteger deaths = new AtomicInteger();
    private volatile boolean running = true;
    private Thread thread;

    Peer(Link link, long timeoutNanos, long startNanos) {
        this.link = link;
        this.timeoutNanos = timeoutNanos;
        this.startNanos = startNanos;
    }

    void start() {
        thread = new Thread(this, "heartbeat-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops looking; bounded wait for the thread to finish its current look. */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int deaths() {
        return deaths.get();
    }

    @Override
    public void run() {
        boolean dead = false;
        long deadSince = 0; // the last beat before the silence that killed the link
        while (running) {
            long last = link.lastBeatNanos();
            long now = System.nanoTime();
            if (dead && last != deadSince) {
                dead = false;
                System.out.printf("link back at +%d ms: silent for %d ms%n", millis(last - startNanos), millis(last - deadSince));
            }
            long silence = now - last;
            if (!dead && silence > timeoutNanos) {
                Instant wall = Instant.now();
                dead = true;
                deadSince = last;
                deaths.incrementAndGet();
                // Every death is false: the sender never stops sending.
                System.out.printf("false death at +%d ms: silent for %d ms (at %s)%n", millis(now - startNanos), millis(silence), wall);
            }
            long wait = CHECK_NANOS;
            if (!dead) {
                // Wake up just past the deadline if that comes before the next regular look.
                wait = Math.min(wait, last + timeoutNanos - now + 1);
            }
            LockSupport.parkNanos(this, wait);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
