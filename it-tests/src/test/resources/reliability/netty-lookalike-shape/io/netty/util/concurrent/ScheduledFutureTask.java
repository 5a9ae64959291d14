package io.netty.util.concurrent;

/** An application's own class with Netty's name and a run(), but none of what Netty's task has (deadlineNanos(), executor()). */
public final class ScheduledFutureTask implements Runnable {
    private final Runnable task;

    ScheduledFutureTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void run() {
        task.run();
    }

    public static String exercise(int times) {
        int[] ran = {0};
        for (int i = 0; i < times; i++) {
            new ScheduledFutureTask(() -> ran[0]++).run();
        }
        return "tasks run " + ran[0];
    }
}
