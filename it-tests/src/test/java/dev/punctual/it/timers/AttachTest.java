package dev.punctual.it.timers;

import dev.punctual.it.support.Attach;
import dev.punctual.it.support.GroundTruth;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.LagMatch;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ticker that started without the agent, whose executor and task classes are loaded and running:
 * after the attach, every tick of that same executor is measured.
 */
class AttachTest {
    @Test
    void tasksOfAnExistingExecutorAreMeasuredFromTheAttachOn() throws Exception {
        Path jfr = Jvm.file("attach.jfr");
        Path gt = Jvm.file("attach.truth");
        Jvm.Started ticker = Jvm.named("attach")
                .recording(jfr)
                .ticker("--period", "1ms", "--duration", "7s", "--stall", "500ms:12ms", "--ground-truth", gt.toString())
                .timeout(Duration.ofSeconds(60))
                .start();
        long pid = Long.parseLong(ticker.awaitLine("ticker: pid ", Duration.ofSeconds(20)).substring("ticker: pid ".length()).trim());
        ticker.awaitLine("ticker: period", Duration.ofSeconds(20));
        Thread.sleep(1500); // let the executor run for a while without the agent
        Attach.load(pid, "timers.lag.threshold=0,timers.summary.interval=1h");
        Jvm.Result r = ticker.await().assertExitCode(0);

        GroundTruth truth = GroundTruth.read(gt);
        List<RecordedEvent> ticks = Recording.read(jfr).events("punctual.TimerLag").stream()
                .filter(e -> TickerRecordingTest.TICK.equals(e.getString("task")))
                .collect(Collectors.toList());
        int before = truth.lags.length - ticks.size();
        assertTrue(before > 1000, "ticks before the attach are not measured: " + before + " of " + truth.lags.length + "\n" + r);
        assertTrue(ticks.size() > 2500, "ticks after the attach are measured: " + ticks.size());
        // From the attach on, every tick: the events are the ground truth's last executions, one by one.
        LagMatch.assertMatches(ticks, truth.lags, before);
        long late = 0;
        for (int i = 0; i < ticks.size(); i++) {
            late += truth.lags[before + i] > 5_000_000 ? 1 : 0;
        }
        assertTrue(late >= 5, "stalls after the attach made late ticks: " + late);
        assertEquals("pool-1", ticks.get(0).getString("scheduler"));
    }
}
