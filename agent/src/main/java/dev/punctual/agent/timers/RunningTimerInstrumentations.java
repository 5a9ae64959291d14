package dev.punctual.agent.timers;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.timers.RunningTimers;
import dev.punctual.bootstrap.timers.TimerLag;

import java.util.List;
import java.util.TimerTask;

/**
 * java.util.Timer threads already running when the agent attached never leave the original mainLoop,
 * so {@link UtilTimerInstrumentation} cannot reach them; these two hooks on what that loop calls can.
 * Installed only when such threads exist, see {@link RunningTimers}.
 */
public final class RunningTimerInstrumentations {
    private static final String ENTER = "(Ljava/lang/Object;)Ljava/lang/Object;";

    private RunningTimerInstrumentations() {
    }

    /** Both, or none when no Timer thread is running. */
    public static List<TypeInstrumentation> ifTimersRunning() {
        return RunningTimers.adoptRunning() == 0 ? List.of() : List.of(new Queue(), new Death());
    }

    /** java.util.TaskQueue: mainLoop takes each task it fires off the queue with removeMin or rescheduleMin. */
    static final class Queue implements TypeInstrumentation {
        static final String QUEUE = "java.util.TaskQueue";

        @Override
        public String name() {
            return "timers: java.util.Timer (running before the attach)";
        }

        @Override
        public String typeName() {
            return QUEUE;
        }

        @Override
        public String unsupportedReason() {
            Class<?> queue = Shapes.jdkClass(QUEUE);
            return queue == null ? "no class " + QUEUE : Shapes.first(
                    Shapes.missingField(queue, "queue", TimerTask[].class),
                    Shapes.missingMethod(queue, "removeMin"),
                    Shapes.missingMethod(queue, "rescheduleMin", long.class),
                    Shapes.missingField(TimerTask.class, "state", int.class));
        }

        @Override
        public List<Hook> hooks() {
            List<Load> heap = List.of(Load.field("queue", "[Ljava/util/TimerTask;"));
            return List.of(
                    Hook.enterExit("removeMin", "()V", heap, RunningTimers.class, "taskFired", ENTER, TimerLag.class, "end"),
                    Hook.enterExit("rescheduleMin", "(J)V", heap, RunningTimers.class, "taskFired", ENTER, TimerLag.class, "end"));
        }
    }

    /** java.lang.Thread: the JVM hands a dying thread's uncaught exception to dispatchUncaughtException. */
    static final class Death implements TypeInstrumentation {
        @Override
        public String name() {
            return "timers: java.util.Timer deaths (running before the attach)";
        }

        @Override
        public String typeName() {
            return "java.lang.Thread";
        }

        @Override
        public String unsupportedReason() {
            return Shapes.missingMethod(Thread.class, "dispatchUncaughtException", Throwable.class);
        }

        @Override
        public List<Hook> hooks() {
            return List.of(Hook.enter("dispatchUncaughtException", "(Ljava/lang/Throwable;)V", List.of(Load.argument(1)),
                    RunningTimers.class, "threadDying", ENTER));
        }
    }
}
