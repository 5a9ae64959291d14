package dev.punctual.bench.jmh;

import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one scheduled-task execution: schedule a tiny task with no delay, take it from the
 * executor's queue, run it. The benchmark thread plays the executor's worker itself (the executor
 * gets no thread of its own), so the whole round trip is on one thread and nothing in it hides
 * behind a hand-off to another core: what an agent adds to getDelay or to the task's run is all in
 * the figure. The take is the worker's own call (DelayedWorkQueue.poll, which asks the task's
 * getDelay), and the run is ScheduledFutureTask.run, as in a worker.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StpeBench {
    /** plain: the executor itself; micrometer: wrapped in Micrometer's TimedScheduledExecutorService. */
    @Param({"plain", "micrometer"})
    public String executor;

    private ScheduledThreadPoolExecutor stpe;
    private ScheduledExecutorService scheduler;
    private BlockingQueue<Runnable> queue;
    private final Runnable task = new Tiny();
    private long runs;

    @Setup
    public void setUp() {
        // A factory that makes no thread: the executor queues every task and never starts a worker.
        stpe = new ScheduledThreadPoolExecutor(1, r -> null);
        queue = stpe.getQueue();
        scheduler = executor.equals("micrometer")
                ? ExecutorServiceMetrics.monitor(new SimpleMeterRegistry(), (ScheduledExecutorService) stpe, "bench")
                : stpe;
    }

    @TearDown
    public void tearDown() {
        stpe.shutdownNow();
        if (runs == 0) {
            throw new IllegalStateException("no task ran");
        }
    }

    @Benchmark
    public void scheduleTakeRun() {
        scheduler.schedule(task, 0, TimeUnit.NANOSECONDS);
        RunnableScheduledFuture<?> due = (RunnableScheduledFuture<?>) queue.poll();
        due.run();
    }

    private final class Tiny implements Runnable {
        @Override
        public void run() {
            runs++;
        }
    }
}
