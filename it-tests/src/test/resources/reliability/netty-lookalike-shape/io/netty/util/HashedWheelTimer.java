package io.netty.util;

/** An application's own class with Netty's name, whose timeout's deadline is an int: not Netty's shape. */
public final class HashedWheelTimer {
    public static String exercise(int times) {
        int[] ran = {0};
        for (int i = 0; i < times; i++) {
            new HashedWheelTimeout(new HashedWheelTimer(), i, () -> ran[0]++).run();
        }
        return "timeouts run " + ran[0];
    }

    static final class HashedWheelTimeout {
        private final HashedWheelTimer timer;
        private final int deadline;
        private final Runnable task;

        HashedWheelTimeout(HashedWheelTimer timer, int deadline, Runnable task) {
            this.timer = timer;
            this.deadline = deadline;
            this.task = task;
        }

        public void run() {
            if (timer != null && deadline >= 0) {
                task.run();
            }
        }
    }
}
