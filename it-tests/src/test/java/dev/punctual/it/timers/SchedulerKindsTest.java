package dev.punctual.it.timers;

import dev.punctual.it.apps.SchedulerZoo;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything built on a ScheduledThreadPoolExecutor is measured, with a readable scheduler name and
 * the application's task class: newScheduledThreadPool, newSingleThreadScheduledExecutor, a custom
 * thread factory, one-shot callables, fixed rate, fixed delay, CompletableFuture.delayedExecutor (on
 * JDK 25 a ForkJoinPool delayed task).
 */
public class SchedulerKindsTest {
    static Recording recording;

    @BeforeAll
    static void run() throws Exception {
        Path jfr = Jvm.file("scheduler-kinds.jfr");
        Jvm.Result r = Jvm.named("scheduler-kinds").agent("timers.lag.threshold=0").recording(jfr)
                .main(SchedulerZoo.class).run().assertExitCode(0);
        assertEquals("called\ndone\n", r.stdout);
        assertEquals("", r.stderr);
        recording = Recording.read(jfr);
    }

    private static List<RecordedEvent> of(Class<?> task) {
        return recording.events("punctual.TimerLag").stream()
                .filter(e -> task.getName().equals(e.getString("task")))
                .collect(Collectors.toList());
    }

    @Test
    void fixedRateOnAPool() {
        assertFixedRateOnAPool(of(SchedulerZoo.FixedRate.class));
    }

    /** SchedulerZoo's FixedRate task: every 3 ms on the first default-named pool. */
    public static void assertFixedRateOnAPool(List<RecordedEvent> events) {
        assertTrue(events.size() >= 5, events.toString());
        for (RecordedEvent e : events) {
            assertEquals("ScheduledThreadPoolExecutor", e.getString("timerKind"));
            assertEquals("pool-1", e.getString("scheduler"));
            assertTrue(e.getBoolean("periodic"));
            assertEquals(3_000_000, Recording.nanos(e, "period"));
        }
    }

    @Test
    void fixedDelayOnASingleThreadExecutor() {
        List<RecordedEvent> events = of(SchedulerZoo.FixedDelay.class);
        assertTrue(events.size() >= 5, events.toString());
        for (RecordedEvent e : events) {
            assertEquals("pool-2", e.getString("scheduler"));
            assertTrue(e.getBoolean("periodic"));
            assertEquals(4_000_000, Recording.nanos(e, "period"), "a fixed delay reads as a positive period");
        }
    }

    @Test
    void oneShotCallableOnACustomThreadFactory() {
        List<RecordedEvent> events = of(SchedulerZoo.OneShotCallable.class);
        assertEquals(1, events.size());
        assertEquals("heartbeat", events.get(0).getString("scheduler"));
        assertFalse(events.get(0).getBoolean("periodic"));
        assertEquals(0, Recording.nanos(events.get(0), "period"));
    }

    @Test
    void completableFutureDelayedExecutor() {
        List<RecordedEvent> events = of(SchedulerZoo.Delayed.class);
        assertEquals(1, events.size(), "the application's Runnable, unwrapped from CompletableFuture's submitter");
        RecordedEvent e = events.get(0);
        if (Jvm.javaFeatureVersion() >= 25) {
            assertEquals("ForkJoinPool", e.getString("timerKind"));
            assertEquals("ForkJoinPool.commonPool", e.getString("scheduler"));
        } else {
            assertEquals("ScheduledThreadPoolExecutor", e.getString("timerKind"));
            assertEquals("CompletableFutureDelayScheduler", e.getString("scheduler"));
        }
    }

    @Test
    void everySchedulerHasASummary() {
        List<String> names = recording.events("punctual.TimerLagSummary").stream()
                .map(e -> e.getString("scheduler")).collect(Collectors.toList());
        assertTrue(names.containsAll(List.of("pool-1", "pool-2", "heartbeat")), names.toString());
    }
}
