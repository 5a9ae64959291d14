package dev.punctual.agent.instrumentation;

import java.util.List;

/**
 * One instrumented class: which one, whether its shape is the one the hooks were written for, and the
 * hooks to weave. One implementation per library class, in the package of its concern (timers, http, ...).
 */
public interface TypeInstrumentation {
    /** What operators read in status and in messages, e.g. "timers: ScheduledThreadPoolExecutor". */
    String name();

    /** The exact binary name of the class to weave (or, with {@link #alsoShaded}, how its name ends). */
    String typeName();

    /**
     * True for a library that applications also carry shaded, under a package of their own (gRPC's copy
     * of Netty is io.grpc.netty.shaded.io.netty...): every class whose name ends with
     * {@code .typeName()} is woven, its shape checked from its own bytes when it loads.
     */
    default boolean alsoShaded() {
        return false;
    }

    /**
     * True for a java.base class that most applications load soon after start-up: it is woven ahead, on
     * the agent's own thread, so that the application's first use of it does not wait for the weaver
     * (see {@link WeaveAhead}).
     */
    default boolean weaveAhead() {
        return false;
    }

    /**
     * Checks the class's members against what the hooks read, by reflection; called only when the class
     * is already loaded at install (a class that loads later is checked from its bytes as it is woven).
     *
     * @return null when it fits, else why it is skipped
     */
    String unsupportedReason();

    List<Hook> hooks();
}
