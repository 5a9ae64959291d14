package dev.punctual.it.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts on Netty's HashedWheelTimer and on the copy of it shaded inside grpc-netty-shaded, each
 * measuring its own lag. The wheel computes a timeout's deadline inside newTimeout, from a clock read
 * the app cannot see: the app brackets it with reads before and after the call, so each lag is known
 * as a range, written as "lowest highest". Usage: NettyWheels PLAIN_TRUTH SHADED_TRUTH
 */
public final class NettyWheels {
    // Enough timeouts that the 3% LagMatch allows outside the tolerance is more than one or two.
    public static final int TIMEOUTS = 200;
    static final long DELAY_NANOS = 3_000_000L;

    /** Each timeout's due time, bracketed, and when it ran. */
    static final class Lags {
        final long[] dueEarliest = new long[TIMEOUTS];
        final long[] dueLatest = new long[TIMEOUTS];
        final long[] ran = new long[TIMEOUTS];
        volatile CountDownLatch done;

        void ran(int i, long now) {
            ran[i] = now;
            done.countDown();
        }

        void write(Path file) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < TIMEOUTS; i++) {
                b.append(ran[i] - dueLatest[i]).append(' ').append(ran[i] - dueEarliest[i]).append('\n');
            }
            Files.writeString(file, b);
        }
    }

    public static final class PlainTask implements io.netty.util.TimerTask {
        final Lags lags;
        final int i;

        PlainTask(Lags lags, int i) {
            this.lags = lags;
            this.i = i;
        }

        @Override
        public void run(io.netty.util.Timeout timeout) {
            lags.ran(i, System.nanoTime());
        }
    }

    public static final class ShadedTask implements io.grpc.netty.shaded.io.netty.util.TimerTask {
        final Lags lags;
        final int i;

        ShadedTask(Lags lags, int i) {
            this.lags = lags;
            this.i = i;
        }

        @Override
        public void run(io.grpc.netty.shaded.io.netty.util.Timeout timeout) {
            lags.ran(i, System.nanoTime());
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
        Lags plainLags = new Lags();
        Lags shadedLags = new Lags();
        for (int i = 0; i < TIMEOUTS; i++) {
            CountDownLatch done = new CountDownLatch(2);
            plainLags.done = done;
            shadedLags.done = done;
            plainLags.dueEarliest[i] = System.nanoTime() + DELAY_NANOS;
            plain.newTimeout(new PlainTask(plainLags, i), DELAY_NANOS, TimeUnit.NANOSECONDS);
            plainLags.dueLatest[i] = System.nanoTime() + DELAY_NANOS;
            shadedLags.dueEarliest[i] = System.nanoTime() + DELAY_NANOS;
            shaded.newTimeout(new ShadedTask(shadedLags, i), DELAY_NANOS, TimeUnit.NANOSECONDS);
            shadedLags.dueLatest[i] = System.nanoTime() + DELAY_NANOS;
            done.await(10, TimeUnit.SECONDS); // one at a time: the events come in the order of the lags
        }
        plain.stop();
        shaded.stop();
        plainLags.write(Path.of(args[0]));
        shadedLags.write(Path.of(args[1]));
        System.out.println("timeouts: " + TIMEOUTS + " + " + TIMEOUTS);
    }
}
