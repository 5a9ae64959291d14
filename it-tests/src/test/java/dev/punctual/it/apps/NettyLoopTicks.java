package dev.punctual.it.apps;

import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fixed-rate task on a Netty event executor measuring its own lag, ticker style, with one 20 ms stall
 * that makes the following runs catch up. Usage: NettyLoopTicks GROUND_TRUTH_FILE
 */
public final class NettyLoopTicks {
    static final int RUNS = 300;
    static final long PERIOD = 2_000_000L;
    static final long INITIAL = 20_000_000L;

    public static final class Tick implements Runnable {
        final long[] lags = new long[RUNS];
        final CountDownLatch done = new CountDownLatch(RUNS);
        volatile long first;
        int n;

        @Override
        public void run() {
            long now = System.nanoTime();
            if (n < RUNS) {
                lags[n] = now - (first + n * PERIOD);
                n++;
                done.countDown();
            }
            if (n == 100) {
                long end = now + 20_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        DefaultEventExecutorGroup group = new DefaultEventExecutorGroup(1, new DefaultThreadFactory("ticks"));
        EventExecutor loop = group.next();
        loop.submit(() -> { }).sync(); // start the loop's thread before timing anything
        // and load the scheduled-task class, which would otherwise load between t0 and Netty's own clock read
        loop.schedule(() -> { }, 1, TimeUnit.NANOSECONDS).sync();
        Tick tick = new Tick();
        ScheduledFuture<?> f = loop.scheduleAtFixedRate(tick, INITIAL, PERIOD, TimeUnit.NANOSECONDS);
        long delay = f.getDelay(TimeUnit.NANOSECONDS); // first: a cold call must not fall between the readings
        tick.first = System.nanoTime() + delay; // the loop's own deadline
        tick.done.await(30, TimeUnit.SECONDS);
        f.cancel(false);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        StringBuilder b = new StringBuilder();
        for (long lag : tick.lags) {
            b.append(lag).append('\n');
        }
        Files.writeString(Path.of(args[0]), b);
        System.out.println("runs: " + RUNS);
    }
}
