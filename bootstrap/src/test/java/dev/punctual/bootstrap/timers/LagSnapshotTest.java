package dev.punctual.bootstrap.timers;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LagSnapshotTest {
    @Test
    void bucketsAreContiguousAndEveryValueFallsInsideItsBucket() {
        int previous = -1;
        for (long v = 0; v < 1 << 20; v += 1 + v / 97) {
            int i = Buckets.index(v);
            assertTrue(i >= previous, "monotonic at " + v);
            previous = i;
            assertTrue(Buckets.lowest(i) <= v && v < Buckets.lowest(i) + Buckets.width(i), "value " + v + " in bucket " + i);
        }
        for (int i = 1; i < Buckets.COUNT; i++) {
            assertEquals(Buckets.lowest(i - 1) + Buckets.width(i - 1), Buckets.lowest(i), "bucket " + i + " follows on");
        }
        assertEquals(Buckets.COUNT - 1, Buckets.index(Long.MAX_VALUE));
        assertEquals(0, Buckets.index(-5));
    }

    @Test
    void percentilesAreWithinTheBucketPrecisionOfExactNearestRank() {
        SplittableRandom random = new SplittableRandom(42);
        long[] values = new long[100_000];
        Scheduler s = new Scheduler("test", "test", null);
        LagRecorder r = new LagRecorder(s, Thread.currentThread());
        for (int i = 0; i < values.length; i++) {
            // Log-uniform from 1 us to 1 s, like real lags: most small, a long tail.
            values[i] = (long) Math.exp(random.nextDouble(Math.log(1_000), Math.log(1_000_000_000)));
            r.record(values[i]);
        }
        LagSnapshot snap = new LagSnapshot();
        snap.add(r);
        snap.seal();
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        assertEquals(values.length, snap.count());
        assertEquals(sorted[sorted.length - 1], snap.max(), "the max is exact");
        for (double p : new double[]{0.5, 0.9, 0.99, 0.999}) {
            long exact = sorted[(int) Math.ceil(p * sorted.length) - 1];
            long approx = snap.percentile(p);
            assertTrue(Math.abs(approx - exact) <= exact / 64 + 1, "p" + p + ": " + approx + " vs exact " + exact);
        }
    }

    @Test
    void eachDrainReportsOnlyWhatCameSinceThePreviousOne() {
        LagRecorder r = new LagRecorder(new Scheduler("test", "test", null), Thread.currentThread());
        r.record(5_000_000);
        LagSnapshot first = new LagSnapshot();
        first.add(r);
        first.seal();
        r.record(1_000);
        r.record(2_000);
        LagSnapshot second = new LagSnapshot();
        second.add(r);
        second.seal();
        assertEquals(1, first.count());
        assertEquals(5_000_000, first.max());
        assertEquals(2, second.count());
        assertEquals(2_000, second.max());
        LagSnapshot empty = new LagSnapshot();
        empty.add(r);
        empty.seal();
        assertEquals(0, empty.count());
        assertEquals(0, empty.percentile(0.99));
    }

    @Test
    void sharedRecorderCountsEveryWriter() throws Exception {
        LagRecorder shared = new LagRecorder(new Scheduler("test", "test", null), null);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            long lag = 1000L * (t + 1);
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    shared.record(lag);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        LagSnapshot snap = new LagSnapshot();
        snap.add(shared);
        snap.seal();
        assertEquals(400_000, snap.count());
        assertEquals(4000, snap.max());
    }

    @Test
    void schedulerNamesDropTheThreadCounter() {
        assertEquals("pool-3", SchedulerNames.fromThreadName("pool-3-thread-1"));
        assertEquals("ticker", SchedulerNames.fromThreadName("ticker-7"));
        assertEquals("ticker", SchedulerNames.fromThreadName("ticker#7"));
        assertEquals("heartbeat", SchedulerNames.fromThreadName("heartbeat"));
        assertEquals("CompletableFutureDelayScheduler", SchedulerNames.fromThreadName("CompletableFutureDelayScheduler"));
        assertEquals("ForkJoinPool.commonPool", SchedulerNames.fromThreadName("ForkJoinPool.commonPool-worker-3"));
        assertEquals("ForkJoinPool.commonPool", SchedulerNames.fromThreadName("ForkJoinPool.commonPool-delayScheduler"));
        assertEquals(null, SchedulerNames.fromThreadName("42"));
        assertEquals(null, SchedulerNames.fromThreadName(""));
    }

    @Test
    void explicitBucketsCountEachLagOnceOnTheSideOfItsCellsMidpoint() {
        Scheduler s = new Scheduler("test", "test", null);
        LagRecorder r = new LagRecorder(s, Thread.currentThread());
        long[] lags = {0, 50_000, 99_000, 101_500, 400_000, 2_000_000, 70_000_000_000L};
        for (long lag : lags) {
            r.record(lag);
        }
        LagSnapshot snap = new LagSnapshot();
        LagSnapshot also = new LagSnapshot();
        snap.add(r, also);
        also.seal();
        long[] bounds = {100_000, 1_000_000, 10_000_000};
        // 101.5 us lies in a cell that starts above 100 us; 99 us in one whose midpoint is below it.
        assertEquals(List.of(3L, 2L, 1L, 1L), toList(also.bucketCounts(bounds)));
        assertEquals(lags.length, also.count());
        long exact = Arrays.stream(lags).sum();
        assertTrue(Math.abs(also.sum() - exact) < exact * 0.02, also.sum() + " vs " + exact);
        snap.seal();
        assertEquals(also.count(), snap.count(), "both got the same lags");
    }

    private static List<Long> toList(long[] values) {
        return Arrays.stream(values).boxed().collect(java.util.stream.Collectors.toList());
    }
}
