package dev.punctual.it.timers;

import dev.punctual.it.apps.DyingTasks;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A periodic task that throws on its 5th run is reported once; a one-shot failure and a cancel are not. */
class PeriodicTaskDiedTest {
    @Test
    void aPeriodicTaskThatThrowsIsReportedOnce() throws Exception {
        Path jfr = Jvm.file("periodic-task-died.jfr");
        Jvm.Result r = Jvm.named("periodic-task-died").agent("").recording(jfr).main(DyingTasks.class).run().assertExitCode(0);
        // The application sees exactly what it sees without the agent: the task silently stopped.
        assertEquals("one-shot failed: one-shot failure\nperiodic runs: 5, done: true\nterminated: true\n", r.stdout);
        assertEquals("", r.stderr);

        List<RecordedEvent> died = Recording.read(jfr).events("punctual.PeriodicTaskDied");
        assertEquals(1, died.size(), died.toString());
        RecordedEvent e = died.get(0);
        assertEquals("ScheduledThreadPoolExecutor", e.getString("timerKind"));
        assertEquals("pool-1", e.getString("scheduler"));
        assertEquals(DyingTasks.FailsOnFifthRun.class.getName(), e.getString("task"));
        assertEquals(IllegalStateException.class.getName(), e.getString("exception"));
        assertEquals("boom on run 5", e.getString("message"));
        String trace = e.getString("exceptionStackTrace");
        assertTrue(trace.startsWith("java.lang.IllegalStateException: boom on run 5\n\tat " + DyingTasks.FailsOnFifthRun.class.getName() + ".run("),
                trace);
    }
}
