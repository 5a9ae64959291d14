package dev.punctual.agent.status.api;

import javax.management.ConstructorParameters;

/** One scheduler's wake-up lag over the latest summary interval. */
public final class SchedulerLag {
    private final String timerKind;
    private final String scheduler;
    private final long executions;
    private final long p99Nanos;
    private final long maxNanos;

    @ConstructorParameters({"timerKind", "scheduler", "executions", "p99Nanos", "maxNanos"})
    public SchedulerLag(String timerKind, String scheduler, long executions, long p99Nanos, long maxNanos) {
        this.timerKind = timerKind;
        this.scheduler = scheduler;
        this.executions = executions;
        this.p99Nanos = p99Nanos;
        this.maxNanos = maxNanos;
    }

    public String getTimerKind() {
        return timerKind;
    }

    public String getScheduler() {
        return scheduler;
    }

    /** Executions in the interval. */
    public long getExecutions() {
        return executions;
    }

    public long getP99Nanos() {
        return p99Nanos;
    }

    public long getMaxNanos() {
        return maxNanos;
    }
}
