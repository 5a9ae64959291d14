package dev.punctual.it.timers;

import dev.punctual.it.apps.AllTimers;
import dev.punctual.it.support.Attach;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every timer kind, with its classes loaded and its threads running before the agent comes: after
 * the attach, each is measured, and periodic tasks that die are reported; a java.util.Timer created
 * after the attach too.
 */
class AttachLateTest {
    static Recording recording;
    static Instant attached;

    @BeforeAll
    static void attachLate() throws Exception {
        Path jfr = Jvm.file("attach-late.jfr");
        Jvm.Started app = Jvm.named("attach-late").recording(jfr).main(AllTimers.class, "5000", "3000")
                .timeout(Duration.ofSeconds(60)).start();
        long pid = Long.parseLong(app.awaitLine("pid ", Duration.ofSeconds(20)).substring(4).trim());
        Thread.sleep(1000); // every timer has run for a while without the agent
        // The moment the attach began: its first events come while it still weaves (beside another
        // agent, loading and weaving take longer than a second).
        attached = Instant.now();
        Attach.load(pid, "timers.lag.threshold=0");
        Jvm.Result r = app.await().assertExitCode(0);
        assertTrue(r.stdout.endsWith("done\n"), r.toString());
        recording = Recording.read(jfr);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ScheduledThreadPoolExecutor,all-executor,AllTimers$ExecutorTick",
            "java.util.Timer,all-timer,AllTimers$TimerTick",
            "java.util.Timer,all-late-timer,AllTimers$LateTimerTick",
            "HashedWheelTimer,all-wheel,AllTimers$WheelTick",
            "NettyEventLoop,all-loop-1,AllTimers$LoopTick"})
    void eachTimerKindIsMeasuredFromTheAttachOn(String kind, String scheduler, String task) {
        List<RecordedEvent> events = recording.events("punctual.TimerLag").stream()
                .filter(e -> ("dev.punctual.it.apps." + task).equals(e.getString("task")))
                .collect(Collectors.toList());
        assertTrue(events.size() > 100, kind + ": " + events.size() + " events");
        assertTrue(events.size() < 3000, kind + ": one event per run, " + events.size() + " events");
        for (RecordedEvent e : events) {
            assertEquals(kind, e.getString("timerKind"));
            assertEquals(scheduler, e.getString("scheduler"));
        }
        assertTrue(events.get(0).getStartTime().isAfter(attached.minusMillis(200)), "nothing before the attach (JFR and Instant.now read the wall clock apart by milliseconds)");
    }

    @Test
    void periodicTasksThatDieAfterTheAttachAreReported() {
        Set<String> died = recording.events("punctual.PeriodicTaskDied").stream()
                .map(e -> e.getString("timerKind") + " " + e.getString("task") + " " + e.getString("message"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(
                "ScheduledThreadPoolExecutor " + AllTimers.DiesAfterAttach.class.getName() + " died after the attach",
                "java.util.Timer " + AllTimers.TimerDiesAfterAttach.class.getName() + " timer died after the attach"), died);
    }
}
