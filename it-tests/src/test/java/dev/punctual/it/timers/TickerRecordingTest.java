package dev.punctual.it.timers;

import dev.punctual.it.support.GroundTruth;
import dev.punctual.it.support.JmcTypes;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.LagMatch;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ticker app with the agent (threshold 0) and a recording with JFR's default settings, with a
 * stall that makes ticks late and then catch up: what the agent recorded is checked against what
 * the app measured itself, execution by execution.
 */
class TickerRecordingTest {
    static final String TICK = "dev.punctual.sample.ticker.Ticker$Tick";

    static Path jfr;
    static Jvm.Result run;
    static GroundTruth truth;
    static Recording recording;

    @BeforeAll
    static void runTicker() throws Exception {
        jfr = Jvm.file("ticker-recording.jfr");
        Path gt = Jvm.file("ticker-recording.truth");
        run = Jvm.named("ticker-recording")
                .agent("timers.lag.threshold=0,timers.summary.interval=1h")
                .recording(jfr)
                .ticker("--period", "1ms", "--duration", "4s", "--stall", "700ms:15ms", "--ground-truth", gt.toString())
                .timeout(Duration.ofSeconds(60))
                .run()
                .assertExitCode(0);
        truth = GroundTruth.read(gt);
        recording = Recording.read(jfr);
    }

    @Test
    void everyTickIsAnEventWhoseLagMatchesTheAppsOwnMeasurement() {
        List<RecordedEvent> ticks = recording.events("punctual.TimerLag").stream()
                .filter(e -> TICK.equals(e.getString("task")))
                .collect(Collectors.toList());
        assertTrue(truth.lags.length > 3000, "ticker ran " + truth.lags.length + " ticks");
        assertEquals(truth.lags.length, ticks.size(), "one event per tick execution");
        LagMatch.assertMatches(ticks, truth.lags, 0);
        long late = 0;
        for (int i = 0; i < ticks.size(); i++) {
            RecordedEvent e = ticks.get(i);
            if (truth.lags[i] > 5_000_000) {
                late++;
            }
            assertEquals("ScheduledThreadPoolExecutor", e.getString("timerKind"));
            assertTrue(e.getBoolean("periodic"));
            assertEquals(1_000_000, Recording.nanos(e, "period"));
        }
        // The stall must have made catch-up runs, or this test would prove little.
        assertTrue(late >= 10, "only " + late + " ticks were over 5 ms late");
    }

    @Test
    void summaryPercentilesAgreeWithTheAppsStatistics() {
        String scheduler = recording.events("punctual.TimerLag").stream()
                .filter(e -> TICK.equals(e.getString("task"))).findFirst().orElseThrow().getString("scheduler");
        assertEquals("pool-1", scheduler);
        List<RecordedEvent> summaries = recording.events("punctual.TimerLagSummary").stream()
                .filter(e -> scheduler.equals(e.getString("scheduler")))
                .collect(Collectors.toList());
        assertEquals(1, summaries.size(), "one summary covers the whole run: " + summaries);
        RecordedEvent s = summaries.get(0);
        // The scheduler also ran the stall task, a handful of executions next to thousands of ticks.
        long stalls = recording.events("punctual.TimerLag").stream().filter(e -> !TICK.equals(e.getString("task"))).count();
        assertEquals(truth.lags.length + stalls, s.getLong("count"));
        assertEquals(truth.lags.length, GroundTruth.printedCount(run.stdout));
        assertClose("p50", GroundTruth.printedNanos(run.stdout, "p50"), Recording.nanos(s, "lagP50"));
        assertClose("p99", GroundTruth.printedNanos(run.stdout, "p99"), Recording.nanos(s, "lagP99"));
        assertClose("max", GroundTruth.printedNanos(run.stdout, "max"), Recording.nanos(s, "lagMax"));
        assertTrue(Recording.nanos(s, "lagP999") >= Recording.nanos(s, "lagP99"));
    }

    private static void assertClose(String what, long own, long agent) {
        long tolerance = Math.max(100_000, own / 20);
        assertTrue(Math.abs(own - agent) <= tolerance,
                what + ": the app measured " + own + " ns, the agent's summary says " + agent + " ns");
    }

    @Test
    void jmcParserReadsBothEventTypesWithLabelsAndTimespanUnits() throws Exception {
        JmcTypes jmc = JmcTypes.read(jfr);
        jmc.assertType("punctual.TimerLag", "Timer Lag", List.of("lag", "period"));
        jmc.assertType("punctual.TimerLagSummary", "Timer Lag Summary", List.of("lagP50", "lagP99", "lagP999", "lagMax"));
    }
}
