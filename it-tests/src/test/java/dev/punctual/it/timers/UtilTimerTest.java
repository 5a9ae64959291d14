package dev.punctual.it.timers;

import dev.punctual.it.apps.TimerTicks;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.LagMatch;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * java.util.Timer: the runs of a fixed-rate task measured within 2 ms (the Timer's clock has
 * millisecond resolution) of the task's own measurement on that clock, judged as in {@link LagMatch},
 * the catch-up after a stall included; and a Timer killed by its task's exception is reported.
 */
class UtilTimerTest {
    static Recording recording;
    static long[] truth;
    static Jvm.Result run;

    @BeforeAll
    static void runTimers() throws Exception {
        Path jfr = Jvm.file("util-timer.jfr");
        Path gt = Jvm.file("util-timer.truth");
        run = Jvm.named("util-timer").agent("timers.lag.threshold=0").recording(jfr)
                .main(TimerTicks.class, gt.toString()).run().assertExitCode(0);
        truth = Files.readAllLines(gt).stream().mapToLong(Long::parseLong).toArray();
        recording = Recording.read(jfr);
    }

    @Test
    void everyRunMatchesTheTasksOwnMeasurement() {
        List<RecordedEvent> ticks = recording.events("punctual.TimerLag").stream()
                .filter(e -> TimerTicks.Tick.class.getName().equals(e.getString("task")))
                .collect(Collectors.toList());
        assertEquals(truth.length, ticks.size(), "one event per run");
        long[] truthNanos = java.util.Arrays.stream(truth).map(ms -> ms * 1_000_000L).toArray();
        LagMatch.assertMatches(ticks, truthNanos, 0, 2_000_000L);
        long late = 0;
        for (int i = 0; i < ticks.size(); i++) {
            RecordedEvent e = ticks.get(i);
            late += truthNanos[i] >= 10_000_000L ? 1 : 0;
            assertEquals("java.util.Timer", e.getString("timerKind"));
            assertEquals("tick-timer", e.getString("scheduler"));
            assertTrue(e.getBoolean("periodic"));
            assertEquals(2_000_000L, Recording.nanos(e, "period"));
        }
        assertTrue(late >= 5, "the stall made a catch-up staircase: " + late + " runs at least 10 ms late");
    }

    @Test
    void aTimerKilledByItsTaskIsReported() {
        List<RecordedEvent> died = recording.events("punctual.PeriodicTaskDied");
        assertEquals(1, died.size(), died.toString());
        RecordedEvent e = died.get(0);
        assertEquals("java.util.Timer", e.getString("timerKind"));
        assertEquals("dying-timer", e.getString("scheduler"));
        assertEquals(TimerTicks.Fails.class.getName(), e.getString("task"));
        assertEquals(IllegalArgumentException.class.getName(), e.getString("exception"));
        assertEquals("the timer dies with me", e.getString("message"));
        // The application still sees what it sees without the agent: the exception kills the thread.
        assertTrue(run.stderr.contains("Exception in thread \"dying-timer\" java.lang.IllegalArgumentException: the timer dies with me"), run.stderr);
        assertEquals("ticks: 200\n", run.stdout);
    }
}
