package dev.punctual.sample.ticker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Background load that competes with the scheduler thread: busy CPUs and allocation churn. */
final class Load {

    /** 64 KiB arrays stay below G1's humongous threshold for all but the smallest heaps. */
    private static final int CHUNK_BYTES = 64 * 1024;
    /** 256 chunks = 16 MiB kept reachable, so the garbage is short-lived but not instantly dead. */
    private static final int RING_SLOTS = 256;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    /** Written once per load thread so the JIT cannot drop the spin loop's arithmetic. */
    private volatile long sink;

    private Load() {
    }

    static Load start(int cpuThreads, int gcMBps) {
        Load load = new Load();
        for (int i = 0; i < cpuThreads; i++) {
            load.launch("cpu-load-" + i, load::spin);
        }
        if (gcMBps > 0) {
            // MB here means MiB, matching what GC logs report.
            long bytesPerSlice = gcMBps * (1L << 20) / (TimeUnit.SECONDS.toNanos(1) / SLICE_NANOS);
            load.launch("gc-load", () -> load.allocate(bytesPerSlice));
        }
        return load;
    }

    private void launch(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        // Daemons, so a stuck load thread can never keep the JVM alive after main returns.
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    /** Stops the load and waits briefly, so it does not skew the statistics pass. */
    void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void spin() {
        long x = 1;
        while (running) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    private void allocate(long bytesPerSlice) {
        byte[][] ring = new byte[RING_SLOTS][];
        int slot = 0;
        long budget = 0;
        long nextSlice = System.nanoTime();
        while (running) {
            // Carry the remainder over, so rates below one chunk per slice still average out.
            budget += bytesPerSlice;
            for (; budget >= CHUNK_BYTES; budget -= CHUNK_BYTES) {
                ring[slot] = new byte[CHUNK_BYTES];
                slot = (slot + 1) % RING_SLOTS;
            }
            nextSlice += SLICE_NANOS;
            long now = System.nanoTime();
            if (nextSlice - now > 0) {
                sleep(nextSlice - now);
            } else if (now - nextSlice > 10 * SLICE_NANOS) {
                // Far behind (e.g. the machine is saturated): do not try to catch up in one burst.
                nextSlice = now;
            }
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
