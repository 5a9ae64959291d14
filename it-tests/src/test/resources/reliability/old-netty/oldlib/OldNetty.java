package oldlib;

import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Netty's timers as an application uses them: timeouts on a HashedWheelTimer, a fixed-rate task on an event executor. */
public final class OldNetty {
    public static void main(String[] args) throws Exception {
        HashedWheelTimer wheel = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "old-wheel");
            t.setDaemon(true);
            return t;
        }, 1, TimeUnit.MILLISECONDS);
        CountDownLatch fired = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            wheel.newTimeout(timeout -> fired.countDown(), 2 + i, TimeUnit.MILLISECONDS);
        }
        System.out.println("wheel timeouts fired: " + fired.await(20, TimeUnit.SECONDS));
        wheel.stop();

        DefaultEventExecutor loop = new DefaultEventExecutor();
        CountDownLatch ticks = new CountDownLatch(20);
        ScheduledFuture<?> tick = loop.scheduleAtFixedRate(ticks::countDown, 1, 1, TimeUnit.MILLISECONDS);
        System.out.println("event loop ticks: " + ticks.await(20, TimeUnit.SECONDS));
        tick.cancel(false);
        System.out.println("event loop stopped: " + loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(20, TimeUnit.SECONDS));
    }
}
