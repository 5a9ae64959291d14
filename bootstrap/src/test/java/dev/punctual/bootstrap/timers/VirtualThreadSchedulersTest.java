package dev.punctual.bootstrap.timers;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertFalse;

class VirtualThreadSchedulersTest {
    @Test
    void theApplicationsSchedulersAreNotTheVirtualThreadsOnes() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        ScheduledThreadPoolExecutor named = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "VirtualThread-unparker"));
        ForkJoinPool forkJoin = new ForkJoinPool(1);
        try {
            assertFalse(VirtualThreadSchedulers.isOne(pool));
            assertFalse(VirtualThreadSchedulers.isOne(named), "a thread's name is the application's to choose");
            assertFalse(VirtualThreadSchedulers.isOne(forkJoin));
            assertFalse(VirtualThreadSchedulers.isOne(ForkJoinPool.commonPool()));
            assertFalse(VirtualThreadSchedulers.isOne(Thread.currentThread()), "a java.util.Timer's owner");
            assertFalse(VirtualThreadSchedulers.isOne(null));
        } finally {
            pool.shutdownNow();
            named.shutdownNow();
            forkJoin.shutdownNow();
        }
    }
}
