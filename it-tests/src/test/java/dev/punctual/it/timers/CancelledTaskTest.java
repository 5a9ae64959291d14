package dev.punctual.it.timers;

import dev.punctual.it.apps.CancelledTasks;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancelled task that its executor still takes from the queue does not run, so it is not measured:
 * one punctual.TimerLag event per run of the application's code, and the scheduler's summary counts
 * the same. An extra event there would be a wake-up that never happened, with a lag of its own.
 */
class CancelledTaskTest {
    @Test
    void onlyRunsOfTheApplicationsCodeAreMeasured() throws Exception {
        Path jfr = Jvm.file("cancelled-tasks.jfr");
        Jvm.Result r = Jvm.named("cancelled-tasks").agent("timers.lag.threshold=0").recording(jfr)
                .main(CancelledTasks.class).run().assertExitCode(0);
        assertEquals("", r.stderr);
        int queued = runs(r.stdout, "cancelled while queued");
        int oneShot = runs(r.stdout, "cancelled before its time");
        int afterShutdown = runs(r.stdout, "goes on after shutdown");
        assertTrue(queued >= 20 && afterShutdown >= 10, r.stdout);
        assertEquals(0, oneShot, r.stdout);

        Recording recording = Recording.read(jfr);
        assertEquals(queued, events(recording, CancelledTasks.CancelledWhileQueued.class).size());
        assertEquals(0, events(recording, CancelledTasks.CancelledBeforeItsTime.class).size());
        assertEquals(afterShutdown, events(recording, CancelledTasks.GoesOnAfterShutdown.class).size());
        // A cancelled task's run, had it been measured, would be named after the JDK's wrapper, which
        // lets go of the application's task on cancel: so count every event of each pool too.
        assertEquals(queued, recording.events("punctual.TimerLag").stream().filter(e -> "pool-1".equals(e.getString("scheduler"))).count());
        assertEquals(afterShutdown, recording.events("punctual.TimerLag").stream().filter(e -> "pool-2".equals(e.getString("scheduler"))).count());
        assertEquals(queued, executions(recording, "pool-1"), "pool-1's summaries");
        assertEquals(afterShutdown, executions(recording, "pool-2"), "pool-2's summaries");
    }

    private static int runs(String stdout, String task) {
        Matcher m = Pattern.compile(task + ": ran (\\d+) times").matcher(stdout);
        assertTrue(m.find(), stdout);
        return Integer.parseInt(m.group(1));
    }

    private static List<RecordedEvent> events(Recording recording, Class<?> task) {
        return recording.events("punctual.TimerLag").stream()
                .filter(e -> task.getName().equals(e.getString("task")))
                .collect(Collectors.toList());
    }

    private static long executions(Recording recording, String scheduler) {
        return recording.events("punctual.TimerLagSummary").stream()
                .filter(e -> scheduler.equals(e.getString("scheduler")))
                .mapToLong(e -> e.getLong("count"))
                .sum();
    }
}
