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
 * and a Netty event loop, each with a periodic task. After {@code --dying-after} ms, a periodic task
 * of the executor and a Timer task start to throw. Prints its pid first. Usage: AllTimers MILLIS DYING_AFTER_MILLIS
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

    public static final class DiesAfterAttach implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("died after the attach");
        }
    }

    public static final class TimerDiesAfterAttach extends TimerTask {
        @Override
        public void run() {
            throw new IllegalStateException("timer died after the attach");
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

        Thread.sleep(dyingAfter);
        // A running Timer's thread stays in the loop it entered before the attach: a new Timer is measured.
        Timer lateTimer = new Timer("all-late-timer");
        lateTimer.scheduleAtFixedRate(new TimerTick(), 1, 2);
        executor.scheduleAtFixedRate(new DiesAfterAttach(), 1, 2, TimeUnit.MILLISECONDS);
        Timer dying = new Timer("all-dying-timer");
        dying.schedule(new TimerDiesAfterAttach(), 1, 2);
        Thread.sleep(Math.max(0, millis - dyingAfter));

        executor.shutdownNow();
        timer.cancel();
        lateTimer.cancel();
        wheel.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        System.out.println("done");
    }
}
