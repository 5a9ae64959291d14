package dev.punctual.agent.status.api;

/**
 * How {@code punctual probe} talks to the probe in the target: it loads the agent jar with the
 * arguments {@code probe:ID:PERIOD_NANOS:DURATION_NANOS}, and the probe puts its result into the agent
 * property {@code punctual.probe.ID}, as words {@code count=N mean=NS p50=NS p99=NS p999=NS max=NS clock=NS},
 * or {@code error=WHY}.
 */
public final class ProbeProtocol {
    public static final String ARGUMENT_PREFIX = "probe:";
    public static final String RESULT_PROPERTY_PREFIX = "punctual.probe.";
    /** Bounds the memory of one probe in the target: 8 bytes a run. */
    public static final long MAX_RUNS = 2_000_000;

    private ProbeProtocol() {
    }
}
