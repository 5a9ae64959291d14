package dev.punctual.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An application's throughput while its scheduler runs 100 000 tiny tasks a second (100 fixed-rate
 * tasks of period 1 ms, spread over the millisecond). The driver pins each fork to one CPU, so that
 * whatever the scheduler's thread spends, an agent's work included, is taken from the application's
 * thread, as on a busy host; unpinned, the second core would absorb it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoadedSchedulerBench {
    static final int TASKS = 100;
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private ScheduledThreadPoolExecutor scheduler;
    private final LongAdder executions = new LongAdder();
    private long iterationStart;
    private long executionsAtStart;

    @Setup
    public void startScheduler() {
        scheduler = new ScheduledThreadPoolExecutor(1);
        for (int i = 0; i < TASKS; i++) {
            scheduler.scheduleAtFixedRate(executions::increment, PERIOD_NANOS * i / TASKS, PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    @Setup(Level.Iteration)
    public void markIteration() {
        iterationStart = System.nanoTime();
        executionsAtStart = executions.sum();
    }

    /** The scheduler's real rate, in the fork's output: a starved scheduler would measure nothing. */
    @TearDown(Level.Iteration)
    public void reportRate() {
        double seconds = (System.nanoTime() - iterationStart) / 1e9;
        System.out.printf("scheduler rate: %.0f tasks/s%n", (executions.sum() - executionsAtStart) / seconds);
    }

    @TearDown
    public void stopScheduler() {
        scheduler.shutdownNow();
    }

    /** A fixed amount of the application's own work. */
    @Benchmark
    public void work() {
        Blackhole.consumeCPU(1_000);
    }
}
