package dev.punctual.agent.timers;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.timers.StpeProbe;

import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wake-up lag of every task run by a ScheduledThreadPoolExecutor (and so by everything built on one).
 * Its task class keeps the trigger time in {@code time}, on System.nanoTime's scale, and its outer
 * executor in {@code this$0}; getDelay is where the executor reads the clock to find the task due.
 * After each run, a periodic task that is now done without being cancelled died of an exception.
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

    /** Nearly every application, and much of what it uses, schedules on one. */
    @Override
    public boolean weaveAhead() {
        return true;
    }

    @Override
    public String unsupportedReason() {
        Class<?> task = Shapes.jdkClass(TASK);
        return task == null ? "no class " + TASK : Shapes.first(
                Shapes.missingField(task, "time", long.class),
                Shapes.missingField(task, "period", long.class),
                Shapes.missingField(task, "this$0", ScheduledThreadPoolExecutor.class),
                Shapes.missingMethod(task, "run"),
                Shapes.missingMethod(task, "getDelay", TimeUnit.class));
    }

    @Override
    public List<Hook> hooks() {
        return List.of(
                Hook.enterExit("run", "()V",
                        List.of(Load.self(),
                                Load.field("this$0", "Ljava/util/concurrent/ScheduledThreadPoolExecutor;"),
                                Load.field("time", "J"),
                                Load.field("period", "J")),
                        StpeProbe.class, "beforeRun", "(Ljava/lang/Object;Ljava/lang/Object;JJ)Ljava/lang/Object;",
                        StpeProbe.class, "afterRun", List.of(Load.self())),
                Hook.onLongReturn("getDelay", "(Ljava/util/concurrent/TimeUnit;)J",
                        List.of(Load.self(), Load.field("time", "J"), Load.argument(1)),
                        StpeProbe.class, "delay", "(JLjava/lang/Object;JLjava/util/concurrent/TimeUnit;)V"));
    }
}
