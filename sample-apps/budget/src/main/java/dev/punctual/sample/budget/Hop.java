package dev.punctual.sample.budget;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The ways a handler hands its work to another thread, none of them told about the request's deadline. */
enum Hop {
    EXECUTE("execute"),
    SUBMIT("submit"),
    INVOKE_ALL("invoke-all"),
    SCHEDULE("schedule"),
    FORK_JOIN("fork-join"),
    ASYNC("async"),
    // One thread each: what --reuse hands budgeted work and then unrelated work to.
    SINGLE_THREAD("single-thread"),
    SINGLE_SCHEDULED("single-scheduled"),
    SINGLE_FORK_JOIN("single-fork-join");

    static final List<Hop> MANY_THREADS = List.of(EXECUTE, SUBMIT, INVOKE_ALL, SCHEDULE, FORK_JOIN, ASYNC);
    static final List<Hop> ONE_THREAD = List.of(SINGLE_THREAD, SINGLE_SCHEDULED, SINGLE_FORK_JOIN);

    private static final ExecutorService POOL = Executors.newFixedThreadPool(64, Backends.daemon("pool"));
    private static final ScheduledExecutorService SCHEDULED = Executors.newScheduledThreadPool(16, Backends.daemon("scheduled"));
    private static final ForkJoinPool FORK_JOIN_POOL = new ForkJoinPool(16);
    private static final ExecutorService ONE = Executors.newSingleThreadExecutor(Backends.daemon("single-thread"));
    private static final ScheduledExecutorService ONE_SCHEDULED = Executors.newSingleThreadScheduledExecutor(Backends.daemon("single-scheduled"));
    private static final ForkJoinPool ONE_FORK_JOIN = new ForkJoinPool(1);

    final String label;

    Hop(String label) {
        this.label = label;
    }

    static Hop of(String label) {
        for (Hop h : values()) {
            if (h.label.equals(label)) {
                return h;
            }
        }
        throw new IllegalArgumentException(label);
    }

    /** Runs {@code work} on another thread; returns at once, except invokeAll, which waits as it does. */
    void hand(Runnable work) throws InterruptedException {
        switch (this) {
            case EXECUTE -> POOL.execute(work);
            case SUBMIT -> POOL.submit(work);
            case INVOKE_ALL -> POOL.invokeAll(List.of(Executors.callable(work)));
            case SCHEDULE -> SCHEDULED.schedule(work, 10, TimeUnit.MILLISECONDS);
            case FORK_JOIN -> FORK_JOIN_POOL.submit(work);
            // A first stage on the common pool, the call in a stage after it on the pool.
            case ASYNC -> CompletableFuture.supplyAsync(() -> work).thenAcceptAsync(Runnable::run, POOL);
            case SINGLE_THREAD -> ONE.execute(work);
            case SINGLE_SCHEDULED -> ONE_SCHEDULED.schedule(work, 10, TimeUnit.MILLISECONDS);
            case SINGLE_FORK_JOIN -> ONE_FORK_JOIN.execute(work);
        }
    }
}
