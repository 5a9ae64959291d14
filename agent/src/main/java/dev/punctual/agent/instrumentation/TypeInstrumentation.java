package dev.punctual.agent.instrumentation;

import net.bytebuddy.dynamic.DynamicType;

/**
 * One instrumented class: which one, whether its shape is the one the advice was written for, and
 * the advice to weave. Advice only adds code to method bodies, so it also applies to classes loaded
 * before the agent (retransformation allows no new fields or methods).
 */
public interface TypeInstrumentation {
    /** What operators read in status and in messages, e.g. "timers: ScheduledThreadPoolExecutor". */
    String name();

    /** The exact binary name of the class to weave. */
    String typeName();

    /** False when this JVM has no such class at all (a newer JDK's class on an older one): skipped silently. */
    default boolean presentOnThisJvm() {
        return true;
    }

    /**
     * Checks the class's members against what the advice reads, when the class can be looked at
     * without loading anything new.
     *
     * @return null when it fits, else why it is skipped
     */
    String unsupportedReason();

    DynamicType.Builder<?> weave(DynamicType.Builder<?> builder);
}
