package dev.punctual.it.timers;

import dev.punctual.it.support.Attach;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.LagMatch;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timers sample app runs a tick on each timer kind under a periodic stall, every tick measuring its
 * own lag: each kind's punctual.TimerLag events match that ground truth execution by execution (within
 * 100 us, within 2 ms on java.util.Timer's millisecond clock; judged as in {@link LagMatch}), with the
 * agent there from start-up and attached to the running app. A virtual thread's own measurement also
 * holds its wait for a carrier thread after the JDK's timer woke it, which is not timer lag.
 */
class TimersAppTest {
    private static final boolean VIRTUAL = Jvm.javaFeatureVersion() >= 21;
    private static final boolean FORK_JOIN_DELAYS = Jvm.javaFeatureVersion() >= 25;
    private static final String APP = "dev.punctual.sample.timers.";
    private static final String[] RUN = {"--period", "2ms", "--stall", "15ms", "--stall-every", "700ms"};

    static Run atStartUp;
    static Run attached;

    /** One run of the app: its recording and its ground truth. */
    record Run(Recording recording, List<String> truth) {
        long[] truth(String kind, int column) {
            return truth.stream().filter(l -> l.startsWith(kind + " "))
                    .mapToLong(l -> Long.parseLong(l.split(" ")[column])).toArray();
        }
    }

    @BeforeAll
    static void runTheApp() throws Exception {
        Path jfr = Jvm.file("timers-app.jfr");
        Path truth = Jvm.file("timers-app.truth");
        Jvm.Result r = Jvm.named("timers-app").agent("timers.lag.threshold=0").recording(jfr)
                .sampleApp("timers", args("3s", truth)).run().assertExitCode(0);
        assertEquals("", r.stderr);
        atStartUp = new Run(Recording.read(jfr), truthLines(truth));

        Path lateJfr = Jvm.file("timers-app-attached.jfr");
        Path lateTruth = Jvm.file("timers-app-attached.truth");
        Jvm.Started app = Jvm.named("timers-app-attached").recording(lateJfr).sampleApp("timers", args("5s", lateTruth))
                .timeout(Duration.ofSeconds(60)).start();
        long pid = Long.parseLong(app.awaitLine("timers: pid ", Duration.ofSeconds(20)).substring("timers: pid ".length()).trim());
        app.awaitLine("timers: running", Duration.ofSeconds(20));
        Thread.sleep(1500); // every tick has run for a while without the agent
        Attach.load(pid, "timers.lag.threshold=0");
        app.await().assertExitCode(0);
        attached = new Run(Recording.read(lateJfr), truthLines(lateTruth));
    }

    private static String[] args(String duration, Path truth) {
        List<String> a = new ArrayList<>(List.of(RUN));
        a.addAll(List.of("--duration", duration, "--truth", truth.toString()));
        return a.toArray(new String[0]);
    }

    private static List<String> truthLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).collect(Collectors.toList());
    }

    /** kind in the app, timerKind, scheduler, the task as Punctual names it, tolerance in ns */
    static Stream<Arguments> kinds() {
        List<Arguments> kinds = new ArrayList<>(List.of(
                Arguments.of("executor", "ScheduledThreadPoolExecutor", "timers-executor", APP + "ExecutorKind$ExecutorTick", LagMatch.TOLERANCE),
                Arguments.of("delayed", FORK_JOIN_DELAYS ? "ForkJoinPool" : "ScheduledThreadPoolExecutor",
                        FORK_JOIN_DELAYS ? "ForkJoinPool.commonPool" : "CompletableFutureDelayScheduler",
                        APP + "DelayedKind$DelayedTick", LagMatch.TOLERANCE),
                Arguments.of("timer", "java.util.Timer", "timers-timer", APP + "UtilTimerKind$TimerTick", 2_000_000L),
                Arguments.of("wheel", "HashedWheelTimer", "timers-wheel", APP + "WheelKind$WheelTick", LagMatch.TOLERANCE),
                Arguments.of("loop", "NettyEventLoop", "timers-loop", APP + "LoopKind$LoopTick", LagMatch.TOLERANCE)));
        if (VIRTUAL) {
            kinds.add(Arguments.of("virtual", FORK_JOIN_DELAYS ? "ForkJoinPool" : "ScheduledThreadPoolExecutor", "virtual-threads", null, LagMatch.TOLERANCE));
        }
        return kinds.stream();
    }

    private static List<RecordedEvent> eventsOf(Run run, String timerKind, String scheduler, String task) {
        List<RecordedEvent> events = run.recording.events("punctual.TimerLag").stream()
                .filter(e -> scheduler.equals(e.getString("scheduler")))
                .filter(e -> task == null || task.equals(e.getString("task")))
                .collect(Collectors.toList());
        for (RecordedEvent e : events) {
            assertEquals(timerKind, e.getString("timerKind"));
        }
        return events;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void fromStartUpEveryTickMatchesTheAppsOwnMeasurement(String kind, String timerKind, String scheduler, String task,
                                                           long tolerance) {
        Matched m = match(atStartUp, kind, timerKind, scheduler, task, tolerance, kind.equals("virtual"));
        assertEquals(0, m.before, kind + ": one event per tick");
        assertTrue(m.events > 500, kind + ": " + m.events + " ticks");
        assertTrue(Arrays.stream(atStartUp.truth(kind, 1)).filter(lag -> lag >= 5_000_000L).count() >= 3 || !stalls(kind),
                kind + ": the stalls made late ticks");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void attachedLateEveryTickFromTheAttachOnMatches(String kind, String timerKind, String scheduler, String task,
                                                      long tolerance) {
        if (kind.equals("virtual")) {
            assertVirtualSleepsAfterTheAttach(timerKind, scheduler);
            return;
        }
        // A Timer whose thread ran before the attach is measured before the run: see LagMatch's handOff.
        Matched m = match(attached, kind, timerKind, scheduler, task, tolerance, kind.equals("timer"));
        assertTrue(m.before > 300, kind + ": ticks before the attach are not measured: " + m.before);
        assertTrue(m.events > 500, kind + ": ticks after the attach are: " + m.events);
    }

    /**
     * A virtual thread's sleep is one timed park, but a park that ends early (the attach itself can wake
     * it) parks again for the rest, and each park is a wake-up of the JDK's scheduler: around the attach
     * the events are not one per tick, so they are not matched one by one. They are measured from the
     * attach on, and their lags agree with the app's in the median.
     */
    private static void assertVirtualSleepsAfterTheAttach(String timerKind, String scheduler) {
        List<RecordedEvent> events = eventsOf(attached, timerKind, scheduler, null);
        long[] lowest = attached.truth("virtual", 1);
        assertTrue(events.size() > 500 && events.size() < lowest.length - 300,
                "wake-ups measured from the attach on: " + events.size() + " of " + lowest.length + " ticks");
        long[] agent = events.stream().mapToLong(e -> Recording.nanos(e, "lag")).sorted().toArray();
        long[] app = Arrays.stream(lowest, lowest.length - events.size(), lowest.length).sorted().toArray();
        long agentMedian = agent[agent.length / 2];
        long appMedian = app[app.length / 2];
        assertTrue(agentMedian <= appMedian + LagMatch.TOLERANCE && appMedian - agentMedian <= LagMatch.TOLERANCE,
                "median lag: agent " + agentMedian + " ns, app " + appMedian + " ns");
    }

    /** How many ticks ran before the first event, and how many events matched. */
    record Matched(int before, int events) {
    }

    /** The events are the ground truth's last ticks (all of them without an attach), one by one. */
    private static Matched match(Run run, String kind, String timerKind, String scheduler, String task, long tolerance,
                                 boolean handOff) {
        List<RecordedEvent> events = eventsOf(run, timerKind, scheduler, task);
        long[] lowest = run.truth(kind, 1);
        long[] highest = run.truth(kind, 2);
        int before = lowest.length - events.size();
        assertTrue(before >= 0, kind + ": " + events.size() + " events for " + lowest.length + " ticks");
        LagMatch.assertMatches(events, lowest, highest, before, tolerance, handOff);
        return new Matched(before, events.size());
    }

    /** The kinds whose scheduler thread the app's stall task holds. */
    private static boolean stalls(String kind) {
        return !kind.equals("delayed") && !kind.equals("virtual");
    }
}
