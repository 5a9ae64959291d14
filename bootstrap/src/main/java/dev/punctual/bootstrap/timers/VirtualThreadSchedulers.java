package dev.punctual.bootstrap.timers;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The JDK's own schedulers that wake virtual threads from sleep and timed parks: a ForkJoinPool's
 * delayed tasks on JDK 25 (VirtualThread.DEFAULT_SCHEDULER), dedicated ScheduledThreadPoolExecutors
 * before (UNPARKER, then DELAYED_TASK_SCHEDULERS). Their lag shows carriers too busy to wake sleeping
 * virtual threads on time. Asked once per scheduler and thread, when first seen, never per execution.
 * <p>
 * Each is known by its thread factory, which java.lang.VirtualThread declares. This runs on the
 * application's timer threads, so it loads no class: reading VirtualThread's static fields would
 * initialize that class (its scheduler, its unblocker thread) in an application that never used a
 * virtual thread, and even {@code instanceof ForkJoinPool} loads ForkJoinPool where the application did
 * not. Beside another agent that weaves each class as it loads, on a full heap, either one kept every
 * timer thread that waited for the answer from running anything for seconds.
 */
final class VirtualThreadSchedulers {
    static final String NAME = "virtual-threads";
    /** The factories are lambdas or nested classes of VirtualThread: "java.lang.VirtualThread$$Lambda/0x…". */
    private static final String DECLARER = "java.lang.VirtualThread$";
    /** The schedulers' exact classes, by name: an owner of one of them has it loaded already. */
    private static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";
    private static final String SCHEDULED_EXECUTOR = "java.util.concurrent.ScheduledThreadPoolExecutor";

    private VirtualThreadSchedulers() {
    }

    static boolean isOne(Object owner) {
        if (owner == null) {
            return false;
        }
        String type = owner.getClass().getName();
        Object factory;
        if (type.equals(FORK_JOIN_POOL)) {
            factory = ((ForkJoinPool) owner).getFactory();
        } else if (type.equals(SCHEDULED_EXECUTOR)) {
            factory = ((ThreadPoolExecutor) owner).getThreadFactory();
        } else {
            return false;
        }
        return factory != null && factory.getClass().getName().startsWith(DECLARER);
    }
}
