package dev.punctual.agent.timers;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Capture;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.timers.UtilTimerProbe;

import java.util.List;
import java.util.TimerTask;

/**
 * Wake-up lag of java.util.Timer tasks, and the death of a Timer whose task threw. The Timer's thread
 * (java.util.TimerThread) runs tasks in mainLoop, right after reading its clock and the task's due
 * time into locals; the hook picks both up there, around the call to the task's run().
 */
public final class UtilTimerInstrumentation implements TypeInstrumentation {
    static final String THREAD = "java.util.TimerThread";

    @Override
    public String name() {
        return "timers: java.util.Timer";
    }

    @Override
    public String typeName() {
        return THREAD;
    }

    @Override
    public String unsupportedReason() {
        Class<?> thread = Shapes.jdkClass(THREAD);
        return thread == null ? "no class " + THREAD : Shapes.first(
                Shapes.missingMethod(thread, "mainLoop"),
                Shapes.missingField(TimerTask.class, "nextExecutionTime", long.class),
                Shapes.missingField(TimerTask.class, "period", long.class));
    }

    @Override
    public List<Hook> hooks() {
        return List.of(Hook.aroundCall("mainLoop", "()V", "java/util/TimerTask", "run", "()V",
                List.of(Capture.resultOf("java/lang/System", "currentTimeMillis"),
                        Capture.field("java/util/TimerTask", "nextExecutionTime")),
                UtilTimerProbe.class, "beforeRun", "afterRun", "runFailed"));
    }
}
