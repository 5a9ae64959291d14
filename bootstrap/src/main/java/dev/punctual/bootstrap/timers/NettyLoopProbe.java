package dev.punctual.bootstrap.timers;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.Log;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.Future;

/**
 * Called when a Netty event loop starts a scheduled task (io.netty.util.concurrent.ScheduledFutureTask,
 * in io.netty or any shaded copy). Netty lets the task check that it is due, on the executor's own clock
 * (which Netty 4.2 may replace with a Ticker); so does this probe, with that clock and the task's
 * deadline, and a task not yet due, which Netty puts back rather than runs, is skipped.
 */
public final class NettyLoopProbe {
    private static final FaultSite TIMERS_NETTY_LOOP_FAULT = new FaultSite("timers.netty.loop");

    public static final String KIND = "NettyEventLoop";
    private static final MethodType TO_LONG = MethodType.methodType(long.class, Object.class);
    private static final MethodType TO_OBJECT = MethodType.methodType(Object.class, Object.class);

    /** Per task class: deadlineNanos(), executor(), periodNanos (null if absent); per copy of Netty. */
    private static final ClassValue<MethodHandle[]> TASK = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> taskClass) {
            try {
                return new MethodHandle[]{method(taskClass, "deadlineNanos", TO_LONG), method(taskClass, "executor", TO_OBJECT),
                        field(taskClass, "periodNanos")};
            } catch (ReflectiveOperationException | RuntimeException e) {
                Log.warnOnce("netty-loop:" + taskClass.getName(), "cannot read " + taskClass.getName()
                        + "'s deadline (" + e + "); its tasks are not measured");
                return null;
            }
        }
    };

    /** Per executor class: getCurrentTimeNanos() (its clock), and parent() (the group naming its loops). */
    private static final ClassValue<MethodHandle[]> EXECUTOR = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> executorClass) {
            if (executorClass.getName().endsWith("io.netty.util.concurrent.GlobalEventExecutor")) {
                // Not measured: its only scheduled task is its own quiet-period check, whose due time
                // stays put while its thread is stopped for lack of work; the idle time would read as lag.
                return null;
            }
            try {
                return new MethodHandle[]{method(executorClass, "getCurrentTimeNanos", TO_LONG), method(executorClass, "parent", TO_OBJECT)};
            } catch (ReflectiveOperationException | RuntimeException e) {
                Log.warnOnce("netty-loop:" + executorClass.getName(), "cannot read " + executorClass.getName()
                        + "'s clock (" + e + "); its tasks are not measured");
                return null;
            }
        }
    };

    /**
     * Per executor class, its clock minus System.nanoTime(): Netty's clock is nanoTime less a constant
     * (its start), so one nanoTime read per run gives both the lag and the moment, with no gap between
     * two clock reads for a pause to fall into. (A loop that overrides its clock, as test loops do, is
     * measured as if it did not.)
     */
    private static final ClassValue<long[]> OFFSET = new ClassValue<>() {
        @Override
        protected long[] computeValue(Class<?> executorClass) {
            return new long[]{Long.MIN_VALUE};
        }
    };

    private NettyLoopProbe() {
    }

    public static Object beforeRun(Object task) {
        try {
            MethodHandle[] t = TASK.get(task.getClass());
            Object executor = t == null ? null : (Object) t[1].invokeExact(task);
            MethodHandle[] e = executor == null ? null : EXECUTOR.get(executor.getClass());
            if (e == null) {
                return null;
            }
            long offset = offset(executor, e[0]);
            long deadline = (long) t[0].invokeExact(task) - offset; // on System.nanoTime's scale
            long lag = System.nanoTime() - deadline;
            if (lag < 0) {
                return null; // not due yet: Netty puts it back instead of running it
            }
            long time = deadline;
            Object group = (Object) e[1].invokeExact(executor);
            return TimerLag.record(TimerThread.current(), KIND, group != null ? group : executor, time,
                    lag, (Future<?>) task, t[2] == null ? 0 : (long) t[2].invokeExact(task));
        } catch (Throwable t) {
            TIMERS_NETTY_LOOP_FAULT.caught(t);
            return null;
        }
    }

    /** The executor's clock minus nanoTime, from the tightest of a few paired reads; learnt once per class. */
    private static long offset(Object executor, MethodHandle clock) throws Throwable {
        long[] cached = OFFSET.get(executor.getClass());
        if (cached[0] == Long.MIN_VALUE) {
            long best = Long.MAX_VALUE;
            long offset = 0;
            for (int i = 0; i < 5; i++) {
                long before = System.nanoTime();
                long theirs = (long) clock.invokeExact(executor);
                long after = System.nanoTime();
                if (after - before < best) {
                    best = after - before;
                    offset = theirs - (before + (after - before) / 2);
                }
            }
            cached[0] = offset;
        }
        return cached[0];
    }

    /** A no-argument method of {@code type} or a superclass, whatever its access, as {@code as}. */
    private static MethodHandle method(Class<?> type, String name, MethodType as) throws ReflectiveOperationException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).unreflect(m).asType(as);
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + "()");
    }

    /** A long field of {@code type} or a superclass, as (Object) -> long; null when there is none. */
    private static MethodHandle field(Class<?> type, String name) throws IllegalAccessException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).findGetter(c, name, long.class).asType(TO_LONG);
            } catch (NoSuchFieldException e) {
                // declared further up, or not at all
            }
        }
        return null;
    }
}
