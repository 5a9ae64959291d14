package dev.punctual.it.apps;

import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Every kind of timer at once, running from start-up: an executor, a java.util.Timer, a Netty wheel
 * and a Netty event loop, each with a periodic task, and a periodic task of the executor and a Timer task
 * that start to throw after DYING_AFTER_MILLIS; then a second Timer. Prints its pid first. Usage: AllTimers MILLIS DYING_AFTER_MILLIS
 */
public final class AllTimers {
    public static final class ExecutorTick implements Runnable {
        @Override
        public void run() {
        }
    }

    public static final class TimerTick extends TimerTask {
        @Override
        public void run() {
        }
    }

    public static final class LateTimerTick extends TimerTask {
        @Override
        public void run() {
        }
    }

    public static final class WheelTick implements io.netty.util.TimerTask {
        final HashedWheelTimer wheel;

        WheelTick(HashedWheelTimer wheel) {
            this.wheel = wheel;
        }

        @Override
        public void run(io.netty.util.Timeout timeout) {
            wheel.newTimeout(this, 5, TimeUnit.MILLISECONDS);
        }
    }

    public static final class LoopTick implements Runnable {
        @Override
        public void run() {
        }
    }

    /** Runs from start-up, and starts to throw after the attach. */
    public static final class DiesAfterAttach implements Runnable {
        final long dieAt;

        DiesAfterAttach(long dieAt) {
            this.dieAt = dieAt;
        }

        @Override
        public void run() {
            if (System.nanoTime() - dieAt >= 0) {
                throw new IllegalStateException("died after the attach");
            }
        }
    }

    /** Runs from start-up on a Timer of its own, and kills it after the attach. */
    public static final class TimerDiesAfterAttach extends TimerTask {
        final long dieAt;

        TimerDiesAfterAttach(long dieAt) {
            this.dieAt = dieAt;
        }

        @Override
        public void run() {
            if (System.nanoTime() - dieAt >= 0) {
                throw new IllegalStateException("timer died after the attach");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long millis = Long.parseLong(args[0]);
        long dyingAfter = Long.parseLong(args[1]);
        System.out.println("pid " + ProcessHandle.current().pid());
        ThreadFactory executorThreads = r -> new Thread(r, "all-executor");
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(1, executorThreads);
        executor.scheduleAtFixedRate(new ExecutorTick(), 1, 2, TimeUnit.MILLISECONDS);
        Timer timer = new Timer("all-timer");
        timer.scheduleAtFixedRate(new TimerTick(), 1, 2);
        HashedWheelTimer wheel = new HashedWheelTimer(r -> new Thread(r, "all-wheel"), 1, TimeUnit.MILLISECONDS);
        wheel.newTimeout(new WheelTick(wheel), 5, TimeUnit.MILLISECONDS);
        DefaultEventExecutorGroup group = new DefaultEventExecutorGroup(1, new DefaultThreadFactory("all-loop"));
        EventExecutor loop = group.next();
        loop.scheduleAtFixedRate(new LoopTick(), 1, 2, TimeUnit.MILLISECONDS);

        long dieAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(dyingAfter);
        executor.scheduleAtFixedRate(new DiesAfterAttach(dieAt), 1, 2, TimeUnit.MILLISECONDS);
        Timer dying = new Timer("all-dying-timer");
        dying.schedule(new TimerDiesAfterAttach(dieAt), 1, 2);

        Thread.sleep(dyingAfter);
        // A Timer created after the attach runs the woven loop; the ones above ran before it.
        Timer lateTimer = new Timer("all-late-timer");
        lateTimer.scheduleAtFixedRate(new LateTimerTick(), 1, 2);
        Thread.sleep(Math.max(0, millis - dyingAfter));

        executor.shutdownNow();
        timer.cancel();
        lateTimer.cancel();
        wheel.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        System.out.println("done");
    }
}
