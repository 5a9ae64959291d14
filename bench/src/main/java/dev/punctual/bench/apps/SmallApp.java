package dev.punctual.bench.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The small application of the start-up benchmark: it schedules a few tasks, waits for them, prints
 * its peak resident set size and the CPU time it used, and exits.
 */
public final class SmallApp {
    private SmallApp() {
    }

    public static void main(String[] args) throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        CountDownLatch done = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            scheduler.schedule(done::countDown, 1, TimeUnit.MILLISECONDS);
        }
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tasks did not run");
        }
        scheduler.shutdown();
        System.out.println("rss-kb " + ProcStatus.kilobytes("VmHWM"));
        System.out.println("cpu-ms " + ProcStatus.cpuMillis());
    }
}
