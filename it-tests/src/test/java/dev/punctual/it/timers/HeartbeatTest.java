package dev.punctual.it.timers;

import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtherAgent;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heartbeat app with the agent (default settings: threshold 1 ms) and a recording: with
 * {@code --load stall}, a task on the sender's executor holds its thread, a heartbeat starts late, and
 * the peer declares a false death; every death it prints must be a punctual.TimerLag event of that
 * heartbeat in the recording. Without load: no death, and no heartbeat anywhere near that late.
 */
class HeartbeatTest {
    static final String BEAT = "dev.punctual.sample.heartbeat.Heartbeat$SendHeartbeat";
    static final String SENDER = "heartbeat-sender";
    // The app's defaults, which these runs use.
    static final long INTERVAL = 100_000_000;
    static final long TIMEOUT = 300_000_000;
    static final long STALL_FOR = 450_000_000;
    /**
     * Slack between the app's Instant.now() and JFR's timestamps (both the wall clock), the whole
     * milliseconds the app prints, and the small lag of the heartbeat before the silence.
     */
    static final long TOLERANCE = 25_000_000;
    /**
     * Beside another agent, the first heartbeat runs while that agent weaves each class the beat loads
     * for the first time: with OpenTelemetry loaded last on JDK 25 that first run took about 250 ms, so
     * the next two beats started 156 and 56 ms late. That is the other agent's start-up, not timer lag;
     * the no-load check starts once it is over. Alone, it covers every beat.
     */
    static final Duration WARM_UP = OtherAgent.present() ? Duration.ofSeconds(1) : Duration.ZERO;

    static final Pattern DEATH = Pattern.compile(
            "^false death at \\+(\\d+) ms: silent for (\\d+) ms \\(at (\\S+)\\)$", Pattern.MULTILINE);
    static final Pattern END = Pattern.compile("^heartbeat: (\\d+) beats, (\\d+) false deaths$", Pattern.MULTILINE);

    /** One "false death" line: when the peer declared it (wall clock), and the silence it saw. */
    record Death(Instant at, long silentNanos) {
        /** When the last heartbeat before the silence arrived. */
        Instant lastBeat() {
            return at.minusNanos(silentNanos);
        }
    }

    static Jvm.Result stalled;
    static Jvm.Result control;
    static Recording stalledRecording;
    static Recording controlRecording;
    /** When the test saw the control run's settings line, printed just before its first heartbeat. */
    static Instant controlBeatsFrom;

    @BeforeAll
    static void runHeartbeats() throws Exception {
        Path stalledJfr = Jvm.file("heartbeat-stall.jfr");
        Path controlJfr = Jvm.file("heartbeat-none.jfr");
        // Both at once, to halve the wall time: the stalled run spins one CPU for a quarter of the
        // time, which is far from the 200 ms hiccup it would take to fail the control run.
        Jvm.Started stalledJvm = Jvm.named("heartbeat-stall")
                .agent(null)
                .recording(stalledJfr)
                .heartbeat("--load", "stall", "--duration", "7s")
                .timeout(Duration.ofSeconds(60))
                .start();
        Jvm.Started controlJvm = Jvm.named("heartbeat-none")
                .agent(null)
                .recording(controlJfr)
                .heartbeat("--load", "none", "--duration", "7s")
                .timeout(Duration.ofSeconds(60))
                .start();
        controlJvm.awaitLine("heartbeat: interval", Duration.ofSeconds(60));
        controlBeatsFrom = Instant.now();
        stalled = stalledJvm.await().assertExitCode(0);
        control = controlJvm.await().assertExitCode(0);
        stalledRecording = Recording.read(stalledJfr);
        controlRecording = Recording.read(controlJfr);
    }

    @Test
    void stallsMakeThePeerDeclareFalseDeaths() {
        assertTrue(stalled.stdout.startsWith("heartbeat: pid "), stalled.toString());
        List<Death> deaths = deaths(stalled);
        // Stalls at 2 s, 4 s and 6 s of a 7 s run.
        assertTrue(deaths.size() >= 2, "false deaths: " + deaths.size() + "\n" + stalled);
        assertEquals(deaths.size(), printedDeaths(stalled), "the final count agrees with the lines");
        assertTrue(printedBeats(stalled) >= 50, stalled.toString());
    }

    @Test
    void eachFalseDeathIsAHeartbeatThatStartedLateInTheRecording() {
        List<RecordedEvent> beats = beats(stalledRecording);
        List<Death> deaths = deaths(stalled);
        assertTrue(deaths.size() >= 2, stalled.toString());
        Set<Instant> matched = new HashSet<>();
        for (Death death : deaths) {
            // The heartbeat the peer waited for: due one interval after the last one that came, the
            // executor's own schedule (fixed rate) give or take the last one's small lag.
            Instant due = death.lastBeat().plusNanos(INTERVAL);
            List<RecordedEvent> candidates = beats.stream()
                    .filter(e -> Math.abs(Duration.between(due, scheduled(e)).toNanos()) <= TOLERANCE)
                    .collect(Collectors.toList());
            assertEquals(1, candidates.size(), "one TimerLag event of the heartbeat due at " + due + " for " + death
                    + "; heartbeat events: " + describe(beats));
            RecordedEvent late = candidates.get(0);
            String what = death + " <-> " + describe(List.of(late));

            // Late by more than the peer's patience left after one interval: that is the death.
            assertTrue(Recording.nanos(late, "lag") >= TIMEOUT - INTERVAL, what);
            // It started after the peer had given up, in the window the stall leaves: the stall held
            // the thread from at the earliest the last heartbeat and at the latest this one's due time,
            // so it ended between STALL_FOR - TIMEOUT and that plus one INTERVAL after the death.
            long afterDeath = Duration.between(death.at(), late.getStartTime()).toNanos();
            assertTrue(afterDeath > 0, what);
            assertTrue(afterDeath >= STALL_FOR - TIMEOUT - TOLERANCE
                    && afterDeath <= STALL_FOR - TIMEOUT + INTERVAL + TOLERANCE,
                    "started " + afterDeath / 1_000_000 + " ms after the death: " + what);
            assertEquals("ScheduledThreadPoolExecutor", late.getString("timerKind"));
            assertTrue(late.getBoolean("periodic"), what);
            assertEquals(INTERVAL, Recording.nanos(late, "period"), what);
            assertTrue(matched.add(late.getStartTime()), "each death its own late heartbeat: " + what);
        }
    }

    @Test
    void withoutLoadNoFalseDeathAndNoLateHeartbeat() {
        assertEquals(0, deaths(control).size(), control.toString());
        assertEquals(0, printedDeaths(control), control.toString());
        assertTrue(printedBeats(control) >= 50, control.toString());
        Instant checkFrom = controlBeatsFrom.plus(WARM_UP);
        List<RecordedEvent> late = beats(controlRecording).stream()
                .filter(e -> WARM_UP.isZero() || !scheduled(e).isBefore(checkFrom))
                .filter(e -> Recording.nanos(e, "lag") >= 100_000_000)
                .collect(Collectors.toList());
        assertEquals(List.of(), late.stream().map(e -> describe(List.of(e))).collect(Collectors.toList()));
    }

    private static List<RecordedEvent> beats(Recording recording) {
        return recording.events("punctual.TimerLag").stream()
                .filter(e -> SENDER.equals(e.getString("scheduler")) && BEAT.equals(e.getString("task")))
                .collect(Collectors.toList());
    }

    private static Instant scheduled(RecordedEvent e) {
        return e.getStartTime().minus(e.getDuration("lag"));
    }

    private static String describe(List<RecordedEvent> events) {
        return events.stream()
                .map(e -> "[start " + e.getStartTime() + " lag " + Recording.nanos(e, "lag") / 1000 + " us]")
                .collect(Collectors.joining(" "));
    }

    private static List<Death> deaths(Jvm.Result run) {
        List<Death> deaths = new ArrayList<>();
        Matcher m = DEATH.matcher(run.stdout);
        while (m.find()) {
            deaths.add(new Death(Instant.parse(m.group(3)), Long.parseLong(m.group(2)) * 1_000_000));
        }
        return deaths;
    }

    private static long printedBeats(Jvm.Result run) {
        return Long.parseLong(end(run).group(1));
    }

    private static int printedDeaths(Jvm.Result run) {
        return Integer.parseInt(end(run).group(2));
    }

    private static Matcher end(Jvm.Result run) {
        Matcher m = END.matcher(run.stdout);
        assertTrue(m.find(), "no final line: " + run);
        return m;
    }
}
