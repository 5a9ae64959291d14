package dev.punctual.agent.timers;

import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.timers.ForkJoinDelayProbe;
import dev.punctual.bootstrap.timers.TimerLag;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

import java.util.concurrent.ForkJoinPool;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

/**
 * Wake-up lag of ForkJoinPool's delayed tasks (JDK 25 and later): ForkJoinPool.schedule*, and
 * CompletableFuture.delayedExecutor, which no longer uses a ScheduledThreadPoolExecutor there. The
 * task keeps its trigger time in {@code when} and its pool in {@code pool}; compute() runs it, on a
 * pool worker or, for an "immediate" task, on the pool's delay-scheduler thread itself.
 */
public final class ForkJoinDelayInstrumentation implements TypeInstrumentation {
    static final String TASK = "java.util.concurrent.DelayScheduler$ScheduledForkJoinTask";

    @Override
    public String name() {
        return "timers: ForkJoinPool delayed tasks";
    }

    @Override
    public String typeName() {
        return TASK;
    }

    @Override
    public boolean presentOnThisJvm() {
        return task() != null;
    }

    @Override
    public String unsupportedReason() {
        Class<?> task = task();
        return Shapes.first(
                Shapes.missingField(task, "when", long.class),
                Shapes.missingField(task, "nextDelay", long.class),
                Shapes.missingField(task, "pool", ForkJoinPool.class),
                Shapes.missingMethod(task, "compute"));
    }

    private static Class<?> task() {
        try {
            return Class.forName(TASK, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @Override
    public DynamicType.Builder<?> weave(DynamicType.Builder<?> builder) {
        return builder.visit(Advice.to(Compute.class).on(named("compute").and(takesNoArguments())));
    }

    static final class Compute {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object task,
                            @Advice.FieldValue("pool") Object pool,
                            @Advice.FieldValue("when") long when,
                            @Advice.FieldValue("nextDelay") long nextDelay) {
            // A cancelled task has dropped its pool; it does not run.
            return pool == null ? null : ForkJoinDelayProbe.beforeRun(task, pool, when, nextDelay);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object begun) {
            if (begun != null) {
                TimerLag.end(begun);
            }
        }
    }
}
