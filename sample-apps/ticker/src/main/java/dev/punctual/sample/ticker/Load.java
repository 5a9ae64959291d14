package dev.punctual.sample.ticker;

import dev.punctual.sample.common.CpuLoad;

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
    private CpuLoad cpu;

    private Load() {
    }

    static Load start(int cpuThreads, int gcMBps) {
        Load load = new Load();
        load.cpu = CpuLoad.start(cpuThreads);
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
        cpu.stop();
        for (Thread thread : threads) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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
