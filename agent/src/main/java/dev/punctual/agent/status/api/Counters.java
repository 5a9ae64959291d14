package dev.punctual.agent.status.api;

import java.util.List;

/** The keys of {@link PunctualMXBean#getCounters()}, in the order status shows them. */
public final class Counters {
    public static final String TIMER_EXECUTIONS = "timer executions";
    public static final String DEADLINES_INJECTED = "deadlines injected";
    public static final String DEADLINES_MISSING = "deadlines missing";
    public static final String DEADLINES_EXCEEDED = "deadlines exceeded";
    public static final String TASKS_DIED = "periodic tasks died";
    public static final String CLOCK_STEPS = "clock steps";
    public static final String FAULTS = "internal faults";

    public static final List<String> ALL = List.of(TIMER_EXECUTIONS, DEADLINES_INJECTED, DEADLINES_MISSING,
            DEADLINES_EXCEEDED, TASKS_DIED, CLOCK_STEPS, FAULTS);

    private Counters() {
    }
}
