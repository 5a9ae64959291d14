package dev.punctual.agent.timers;

import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.timers.StpeProbe;
import dev.punctual.bootstrap.timers.TimerLag;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

import java.util.concurrent.TimeUnit;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

/**
 * Wake-up lag of every task run by a ScheduledThreadPoolExecutor (and so by everything built on one).
 * Its task class keeps the trigger time in {@code time}, on System.nanoTime's scale, and its outer
 * executor in {@code this$0}; getDelay is where the executor reads the clock to find the task due.
 */
public final class StpeInstrumentation implements TypeInstrumentation {
    static final String TASK = "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask";

    @Override
    public String name() {
        return "timers: ScheduledThreadPoolExecutor";
    }

    @Override
    public String typeName() {
        return TASK;
    }

    @Override
    public String unsupportedReason() {
        try {
            Class<?> task = Class.forName(TASK, false, null);
            return Shapes.first(
                    Shapes.missingField(task, "time", long.class),
                    Shapes.missingField(task, "period", long.class),
                    Shapes.missingField(task, "this$0", java.util.concurrent.ScheduledThreadPoolExecutor.class),
                    Shapes.missingMethod(task, "run"),
                    Shapes.missingMethod(task, "getDelay", TimeUnit.class));
        } catch (ClassNotFoundException e) {
            return "no class " + TASK;
        }
    }

    @Override
    public DynamicType.Builder<?> weave(DynamicType.Builder<?> builder) {
        return builder
                .visit(Advice.to(Run.class).on(named("run").and(takesNoArguments())))
                .visit(Advice.to(GetDelay.class).on(named("getDelay").and(takesArguments(TimeUnit.class))));
    }

    static final class Run {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object task,
                            @Advice.FieldValue("this$0") Object executor,
                            @Advice.FieldValue("time") long time,
                            @Advice.FieldValue("period") long period) {
            return StpeProbe.beforeRun(task, executor, time, period);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object begun) {
            if (begun != null) {
                TimerLag.end(begun);
            }
        }
    }

    static final class GetDelay {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object task,
                         @Advice.Argument(0) TimeUnit unit,
                         @Advice.FieldValue("time") long time,
                         @Advice.Return long delay) {
            if (delay <= 0 && unit == TimeUnit.NANOSECONDS) {
                StpeProbe.due(task, time, delay);
            }
        }
    }
}
