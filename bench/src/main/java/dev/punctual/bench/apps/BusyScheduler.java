package dev.punctual.bench.apps;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recording-volume workload: 100 000 tiny tasks a second (100 fixed-rate tasks of period 1 ms),
 * and every 100 ms a task that holds the scheduler's only thread for 2 ms, so that the ticks due in
 * its first millisecond start at least 1 ms late: about 1% of executions over the default threshold.
 * After a warm-up (start-up and JIT compilation make their own lag), it records for the seconds given
 * with JFR's default settings, as an operator's recording would, and prints how many ticks ran and the
 * CPU time the process spent meanwhile.
 * <pre>BusyScheduler WARMUP_SECONDS SECONDS FILE.jfr</pre>
 */
public final class BusyScheduler {
    static final int TASKS = 100;
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private BusyScheduler() {
    }

    public static void main(String[] args) throws Exception {
        long warmup = Long.parseLong(args[0]);
        long seconds = Long.parseLong(args[1]);
        Path file = Path.of(args[2]);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        LongAdder ticks = new LongAdder();
        for (int i = 0; i < TASKS; i++) {
            scheduler.scheduleAtFixedRate(ticks::increment, PERIOD_NANOS * i / TASKS, PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }
        scheduler.scheduleAtFixedRate(BusyScheduler::hold, 100, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            long ticksBefore = ticks.sum();
            long cpuBefore = os.getProcessCpuTime();
            recording.start();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            recording.stop();
            System.out.println("ticks " + (ticks.sum() - ticksBefore));
            System.out.println("cpu-ms " + (os.getProcessCpuTime() - cpuBefore) / 1_000_000);
            recording.dump(file);
        }
        scheduler.shutdownNow();
    }

    private static void hold() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
