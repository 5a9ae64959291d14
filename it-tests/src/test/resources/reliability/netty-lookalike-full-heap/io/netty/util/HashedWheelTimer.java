package io.netty.util;

/**
 * An application's own class with Netty's name and shape, and a second timer class: the probe reads a
 * timer class's fields on its first timeout, which allocates. Run the first class's timeout on a heap
 * with room, then the second's on a full heap: the probe fails there, and must keep that from the
 * application.
 */
public class HashedWheelTimer {
    private final long startTime = System.nanoTime();
    private final long tickDuration = 1;

    /** A timer class that the probe has not seen before its timeout runs. */
    public static final class Second extends HashedWheelTimer {
        private final long startTime = System.nanoTime();
        private final long tickDuration = 1;
    }

    /** @return a timeout of each timer class, ready to run {@code task} */
    public static Runnable[] timeouts(Runnable task) {
        return new Runnable[]{new HashedWheelTimeout(new HashedWheelTimer(), 0, task), new HashedWheelTimeout(new Second(), 0, task)};
    }

    static final class HashedWheelTimeout implements Runnable {
        private final HashedWheelTimer timer;
        private final long deadline;
        private final Runnable task;

        HashedWheelTimeout(HashedWheelTimer timer, long deadline, Runnable task) {
            this.timer = timer;
            this.deadline = deadline;
            this.task = task;
        }

        @Override
        public void run() {
            task.run();
        }
    }
}
