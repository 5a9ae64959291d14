package dev.punctual.bench.apps;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recording-volume workload: 100 000 tiny tasks a second (100 fixed-rate tasks of period 1 ms),
 * and every 100 ms a task that holds the scheduler's only thread for 2 ms, so that the ticks due in
 * its first millisecond start at least 1 ms late: about 1% of executions over the default threshold.
 * Prints how many ticks ran and the process's CPU time.
 */
public final class BusyScheduler {
    static final int TASKS = 100;
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private BusyScheduler() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        LongAdder ticks = new LongAdder();
        for (int i = 0; i < TASKS; i++) {
            scheduler.scheduleAtFixedRate(ticks::increment, PERIOD_NANOS * i / TASKS, PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }
        scheduler.scheduleAtFixedRate(BusyScheduler::hold, 100, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        System.out.println("ticks " + ticks.sum());
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println("cpu-ms " + os.getProcessCpuTime() / 1_000_000);
    }

    private static void hold() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
