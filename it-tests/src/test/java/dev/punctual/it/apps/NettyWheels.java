package dev.punctual.it.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts on Netty's HashedWheelTimer and on the copy of it shaded inside grpc-netty-shaded, each
 * measuring its own lag against the deadline it asked for (System.nanoTime() at newTimeout plus the
 * delay). Usage: NettyWheels PLAIN_TRUTH SHADED_TRUTH
 */
public final class NettyWheels {
    static final int TIMEOUTS = 60;
    static final long DELAY_NANOS = 3_000_000L;

    public static final class PlainTask implements io.netty.util.TimerTask {
        final long[] lags;
        final int i;
        final long due;
        final CountDownLatch done;

        PlainTask(long[] lags, int i, long due, CountDownLatch done) {
            this.lags = lags;
            this.i = i;
            this.due = due;
            this.done = done;
        }

        @Override
        public void run(io.netty.util.Timeout timeout) {
            lags[i] = System.nanoTime() - due;
            done.countDown();
        }
    }

    public static final class ShadedTask implements io.grpc.netty.shaded.io.netty.util.TimerTask {
        final long[] lags;
        final int i;
        final long due;
        final CountDownLatch done;

        ShadedTask(long[] lags, int i, long due, CountDownLatch done) {
            this.lags = lags;
            this.i = i;
            this.due = due;
            this.done = done;
        }

        @Override
        public void run(io.grpc.netty.shaded.io.netty.util.Timeout timeout) {
            lags[i] = System.nanoTime() - due;
            done.countDown();
        }
    }

    public static void main(String[] args) throws Exception {
        ThreadFactory plainThreads = r -> new Thread(r, "plain-wheel");
        ThreadFactory shadedThreads = r -> new Thread(r, "shaded-wheel");
        io.netty.util.HashedWheelTimer plain = new io.netty.util.HashedWheelTimer(plainThreads, 1, TimeUnit.MILLISECONDS);
        io.grpc.netty.shaded.io.netty.util.HashedWheelTimer shaded =
                new io.grpc.netty.shaded.io.netty.util.HashedWheelTimer(shadedThreads, 1, TimeUnit.MILLISECONDS);
        // The first newTimeout would start the wheel's thread and wait for it, after the task took its due time.
        plain.start();
        shaded.start();
        long[] plainLags = new long[TIMEOUTS];
        long[] shadedLags = new long[TIMEOUTS];
        for (int i = 0; i < TIMEOUTS; i++) {
            CountDownLatch done = new CountDownLatch(2);
            plain.newTimeout(new PlainTask(plainLags, i, System.nanoTime() + DELAY_NANOS, done), DELAY_NANOS, TimeUnit.NANOSECONDS);
            shaded.newTimeout(new ShadedTask(shadedLags, i, System.nanoTime() + DELAY_NANOS, done), DELAY_NANOS, TimeUnit.NANOSECONDS);
            done.await(10, TimeUnit.SECONDS); // one at a time: the events come in the order of the lags
        }
        plain.stop();
        shaded.stop();
        write(Path.of(args[0]), plainLags);
        write(Path.of(args[1]), shadedLags);
        System.out.println("timeouts: " + TIMEOUTS + " + " + TIMEOUTS);
    }

    private static void write(Path file, long[] lags) throws IOException {
        StringBuilder b = new StringBuilder();
        for (long lag : lags) {
            b.append(lag).append('\n');
        }
        Files.writeString(file, b);
    }
}
