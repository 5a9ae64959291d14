package dev.punctual.agent.budget;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.NamedType;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.budget.Budgets;

import java.util.List;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Where a budget crosses from the submitting thread to the thread that runs the task: the three places
 * of java.util.concurrent where tasks are handed over and the two where they are run. Every executor,
 * ExecutorService and CompletableFuture async stage of the JDK goes through them:
 * ThreadPoolExecutor.execute (behind submit and invokeAll; its queue's offer and addWorker, where the
 * task goes), ScheduledThreadPoolExecutor.delayedExecute
 * (behind schedule, and its execute and submit), a ForkJoinTask's creation (ForkJoinPool's execute,
 * submit and invoke wrap what they are given in one; CompletableFuture's async stages are ones), and
 * ThreadPoolExecutor.runWorker's call of each task and ForkJoinTask.doExec. See {@link Budgets}.
 */
public final class ExecutorInstrumentations {
    private static final String TO_OBJECT = "(Ljava/lang/Object;)Ljava/lang/Object;";
    private static final String POOL = "java.util.concurrent.ThreadPoolExecutor";
    private static final String SCHEDULED = "java.util.concurrent.ScheduledThreadPoolExecutor";
    private static final String FORK_JOIN = "java.util.concurrent.ForkJoinTask";

    private ExecutorInstrumentations() {
    }

    public static List<TypeInstrumentation> all() {
        return List.of(new Pool(), new Scheduled(), new ForkJoin());
    }

    /** ThreadPoolExecutor: tasks come in through execute, and each runs where runWorker calls its run(). */
    static final class Pool extends NamedType {
        Pool() {
            super("budgets: ThreadPoolExecutor", POOL);
        }

        @Override
        public String unsupportedReason() {
            Class<?> worker = Shapes.jdkClass(POOL + "$Worker");
            return worker == null ? "no class " + POOL + "$Worker" : Shapes.first(
                    Shapes.missingMethod(ThreadPoolExecutor.class, "execute", Runnable.class),
                    Shapes.missingMethod(ThreadPoolExecutor.class, "addWorker", Runnable.class, boolean.class),
                    Shapes.missingMethod(ThreadPoolExecutor.class, "runWorker", worker));
        }

        @Override
        public List<Hook> hooks() {
            // A task is recorded where it enters the queue or a new worker, not at execute's entry:
            // another agent's advice woven into execute may replace it with a wrapper there first.
            return List.of(
                    Hook.aroundCall("execute", "(Ljava/lang/Runnable;)V", "java/util/concurrent/BlockingQueue", "offer",
                            "(Ljava/lang/Object;)Z", List.of(), Budgets.class, "submitted", "exit", "exitFailed"),
                    Hook.enter("addWorker", "(Ljava/lang/Runnable;Z)Z", List.of(Load.argument(1)), Budgets.class, "submitted", TO_OBJECT),
                    Hook.aroundCall("runWorker", "(Ljava/util/concurrent/ThreadPoolExecutor$Worker;)V",
                            "java/lang/Runnable", "run", "()V", List.of(), Budgets.class, "taskRuns", "exit", "exitFailed"));
        }
    }

    /** ScheduledThreadPoolExecutor: every one-shot task it takes goes through delayedExecute; runWorker runs it. */
    static final class Scheduled extends NamedType {
        Scheduled() {
            super("budgets: ScheduledThreadPoolExecutor", SCHEDULED);
        }

        @Override
        public String unsupportedReason() {
            return Shapes.missingMethod(ScheduledThreadPoolExecutor.class, "delayedExecute", RunnableScheduledFuture.class);
        }

        @Override
        public List<Hook> hooks() {
            return List.of(Hook.enter("delayedExecute", "(Ljava/util/concurrent/RunnableScheduledFuture;)V",
                    List.of(Load.argument(1)), Budgets.class, "scheduled", TO_OBJECT));
        }
    }

    /**
     * ForkJoinTask: created on the thread that hands it over (by ForkJoinPool's entry points, a parent
     * task's fork, a CompletableFuture stage), run by doExec, which returns an int on JDK 17 and nothing
     * on later JDKs.
     */
    static final class ForkJoin extends NamedType {
        ForkJoin() {
            super("budgets: ForkJoinPool and CompletableFuture", FORK_JOIN);
        }

        @Override
        public String unsupportedReason() {
            return Shapes.missingMethod(ForkJoinTask.class, "doExec");
        }

        @Override
        public List<Hook> hooks() {
            // Read from the class file, not by reflection: reflecting on ForkJoinTask would load it at
            // start-up, and weave it then, in every application, for a class many never use.
            String doExec = Shapes.jdkMethodDescriptor(FORK_JOIN, "doExec");
            return List.of(
                    Hook.onReturn("<init>", "()V", List.of(Load.self()), Budgets.class, "submitted", TO_OBJECT),
                    Hook.enterExit("doExec", doExec == null ? "()V" : doExec, List.of(Load.self()), Budgets.class, "taskRuns",
                            TO_OBJECT, Budgets.class, "exit"));
        }
    }
}
