package io.netty.util;

/**
 * An application's own class with Netty's name and a timeout of Netty's shape, but a start time that is
 * not a number: the agent weaves it, and its probe fails on every run, which it must count, say once,
 * and keep from the application.
 */
public final class HashedWheelTimer {
    private final String startTime = "not a number";
    private final long tickDuration = 1;

    public static String exercise(int times) {
        HashedWheelTimer timer = new HashedWheelTimer();
        int[] ran = {0};
        for (int i = 0; i < times; i++) {
            new HashedWheelTimeout(timer, i, () -> ran[0]++).run();
        }
        return "timeouts run " + ran[0] + " (" + timer.startTime + ", " + timer.tickDuration + ")";
    }

    static final class HashedWheelTimeout {
        private final HashedWheelTimer timer;
        private final long deadline;
        private final Runnable task;

        HashedWheelTimeout(HashedWheelTimer timer, long deadline, Runnable task) {
            this.timer = timer;
            this.deadline = deadline;
            this.task = task;
        }

        public void run() {
            task.run();
        }
    }
}
