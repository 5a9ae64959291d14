package dev.punctual.agent.config;

/** punctual.mode: what the agent may change in the application. */
public enum Mode {
    /** Measure, and inject default deadlines. */
    ENFORCE,
    /** Measure, and only report the deadlines enforce would inject. */
    OBSERVE,
    /** Install nothing at all. */
    OFF
}
