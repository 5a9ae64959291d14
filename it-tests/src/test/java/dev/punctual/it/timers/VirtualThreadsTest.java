package dev.punctual.it.timers;

import dev.punctual.it.apps.SchedulerZoo;
import dev.punctual.it.apps.VirtualSleeps;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wake-ups of sleeping virtual threads are measured under the scheduler name "virtual-threads",
 * and punctual.timers.virtual-threads=false leaves them out. On JDK 17, which has no virtual threads,
 * nothing may be reported under that name. Telling the JDK's virtual-thread schedulers from the
 * application's must not set virtual threads up in an application that has none.
 */
class VirtualThreadsTest {
    private static final boolean HAS_VIRTUAL_THREADS = Jvm.javaFeatureVersion() >= 21;

    private static List<RecordedEvent> virtualThreadEvents(String settings, String name) throws Exception {
        Path jfr = Jvm.file(name + ".jfr");
        Jvm.Result r = Jvm.named(name).agent(settings).recording(jfr).main(VirtualSleeps.class).run().assertExitCode(0);
        assertEquals("virtual threads: " + (HAS_VIRTUAL_THREADS ? "yes" : "none") + "\n", r.stdout);
        assertEquals("", r.stderr);
        Recording recording = Recording.read(jfr);
        List<RecordedEvent> events = recording.events("punctual.TimerLagSummary");
        events.addAll(recording.events("punctual.TimerLag"));
        return events.stream().filter(e -> "virtual-threads".equals(e.getString("scheduler"))).collect(Collectors.toList());
    }

    @Test
    void sleepsOfVirtualThreadsAreMeasuredUnderTheirOwnName() throws Exception {
        List<RecordedEvent> events = virtualThreadEvents("timers.lag.threshold=0", "virtual-threads");
        if (!HAS_VIRTUAL_THREADS) {
            assertEquals(List.of(), events);
            return;
        }
        long sleeps = events.stream().filter(e -> e.getEventType().getName().equals("punctual.TimerLagSummary"))
                .mapToLong(e -> e.getLong("count")).sum();
        assertTrue(sleeps >= 200, "every timed wake-up of the 4 x 50 sleeps: " + sleeps);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("punctual.TimerLag")));
    }

    @Test
    void theSettingLeavesThemOut() throws Exception {
        assertEquals(List.of(), virtualThreadEvents("timers.lag.threshold=0,timers.virtual-threads=false", "virtual-threads-off"));
    }

    /**
     * java.lang.VirtualThread's initialization makes a ForkJoinPool and starts a thread: the agent once
     * did it on the application's first timer thread, to read that class's schedulers, and every other
     * timer thread waited for it (seconds, on a full heap beside another agent).
     */
    @Test
    void anApplicationWithoutVirtualThreadsDoesNotGetThemSetUp() throws Exception {
        Path jfr = Jvm.file("virtual-threads-unused.jfr");
        List<String> withAgent = virtualThreadInitializations("virtual-threads-unused", Jvm.named("virtual-threads-unused").agent("timers.lag.threshold=0").recording(jfr));
        List<String> without = virtualThreadInitializations("virtual-threads-unused-baseline", Jvm.named("virtual-threads-unused-baseline"));
        assertEquals(List.of(), without, "the application itself has no virtual thread");
        assertEquals(List.of(), withAgent, "nor with the agent");
        // Every scheduler of the application measured meanwhile, under its own name.
        List<String> schedulers = Recording.read(jfr).events("punctual.TimerLag").stream().map(e -> e.getString("scheduler")).distinct().sorted()
                .collect(Collectors.toList());
        assertTrue(schedulers.size() >= 3 && !schedulers.contains("virtual-threads"), schedulers.toString());
    }

    /** "java/lang/VirtualThread initialized" for each line of -Xlog:class+init that says so, running SchedulerZoo. */
    private static List<String> virtualThreadInitializations(String name, Jvm jvm) throws Exception {
        Path log = Jvm.file(name + ".init");
        Jvm.Result r = jvm.option("-Xlog:class+init=info:file=" + log).main(SchedulerZoo.class).run().assertExitCode(0);
        assertEquals("called\ndone\n", r.stdout);
        return Files.readAllLines(log).stream().filter(l -> l.contains("Initializing 'java/lang/VirtualThread'"))
                .map(l -> l.replaceFirst("^.*Initializing '([^']*)'.*$", "$1 initialized"))
                .collect(Collectors.toList());
    }
}
