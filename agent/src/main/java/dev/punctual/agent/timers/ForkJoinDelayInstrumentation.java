package dev.punctual.agent.timers;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.timers.ForkJoinDelayProbe;
import dev.punctual.bootstrap.timers.TimerLag;

import java.util.List;
import java.util.concurrent.ForkJoinPool;

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
    public String unsupportedReason() {
        Class<?> task = Shapes.jdkClass(TASK);
        return Shapes.first(
                Shapes.missingField(task, "when", long.class),
                Shapes.missingField(task, "nextDelay", long.class),
                Shapes.missingField(task, "pool", ForkJoinPool.class),
                Shapes.missingMethod(task, "compute"));
    }

    @Override
    public List<Hook> hooks() {
        return List.of(Hook.enterExit("compute", "()Ljava/lang/Object;",
                List.of(Load.self(),
                        Load.field("pool", "Ljava/util/concurrent/ForkJoinPool;"),
                        Load.field("when", "J"),
                        Load.field("nextDelay", "J")),
                ForkJoinDelayProbe.class, "beforeRun", "(Ljava/lang/Object;Ljava/lang/Object;JJ)Ljava/lang/Object;",
                TimerLag.class, "end"));
    }
}
