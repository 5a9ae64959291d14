package dev.punctual.bench.apps;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * 100 000 tiny tasks a second (100 fixed-rate tasks of period 1 ms, spread over the millisecond) on a
 * scheduler's one thread, and nothing else. After a warm-up it prints the CPU time that the scheduler's
 * thread and the agent's own threads ("punctual-...") used per second of wall time, in parts per million
 * of one CPU: what an application sharing that CPU loses to the scheduler, an agent's work included.
 * <pre>FixedRateLoad WARMUP_MS MEASURE_MS</pre>
 */
public final class FixedRateLoad {
    static final int TASKS = 100;
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private FixedRateLoad() {
    }

    public static void main(String[] args) throws Exception {
        long warmupMillis = Long.parseLong(args[0]);
        long measureMillis = Long.parseLong(args[1]);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "load-scheduler"));
        LongAdder ticks = new LongAdder();
        for (int i = 0; i < TASKS; i++) {
            scheduler.scheduleAtFixedRate(ticks::increment, PERIOD_NANOS * i / TASKS, PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }
        ThreadCpu cpu = new ThreadCpu(t -> t.getName().equals("load-scheduler") || t.getName().startsWith("punctual-"));
        Thread.sleep(warmupMillis);
        cpu.mark();
        long ticksBefore = ticks.sum();
        long started = System.nanoTime();
        Thread.sleep(measureMillis);
        long used = cpu.nanosSinceMark();
        long wall = System.nanoTime() - started;
        long ran = ticks.sum() - ticksBefore;
        scheduler.shutdownNow();
        System.out.println("cpu-ppm " + Math.round(used * 1e6 / wall));
        System.out.println("rate " + Math.round(ran * 1e9 / wall));
        System.out.println("cpu-ns-per-task " + Math.round((double) used / Math.max(ran, 1)));
    }
}
