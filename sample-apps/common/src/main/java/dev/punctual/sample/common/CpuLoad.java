package dev.punctual.sample.common;

import java.util.ArrayList;
import java.util.List;

/** Busy-spinning daemon threads named cpu-load-N, competing with the app for the CPUs. */
public final class CpuLoad {

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    /** Written once per load thread so the JIT cannot drop the spin loop's arithmetic. */
    private volatile long sink;

    private CpuLoad() {
    }

    public static CpuLoad start(int threads) {
        CpuLoad load = new CpuLoad();
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(load::spin, "cpu-load-" + i);
            // Daemons, so a stuck load thread can never keep the JVM alive after main returns.
            thread.setDaemon(true);
            thread.start();
            load.threads.add(thread);
        }
        return load;
    }

    public void stop() {
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
}
