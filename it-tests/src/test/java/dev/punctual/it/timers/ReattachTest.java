package dev.punctual.it.timers;

import dev.punctual.it.support.AgentBuilds;
import dev.punctual.it.support.Attach;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The boot loader's classes cannot be removed: attaching the same build again reuses them and applies
 * the new settings; attaching another build is refused with one line, and the first one runs on.
 */
class ReattachTest {
    @Test
    void sameBuildAppliesNewSettingsAndAnotherBuildIsRefused() throws Exception {
        Path jfr = Jvm.file("reattach.jfr");
        Jvm.Started ticker = Jvm.named("reattach").recording(jfr)
                .ticker("--period", "1ms", "--duration", "5s", "--quiet")
                .timeout(Duration.ofSeconds(60)).start();
        long pid = Long.parseLong(ticker.awaitLine("ticker: pid ", Duration.ofSeconds(20)).substring("ticker: pid ".length()).trim());

        Attach.load(pid, "timers.lag.threshold=0");
        Thread.sleep(1000);
        Attach.load(pid, "timers.lag.threshold=off");
        Instant thresholdOff = Instant.now();
        Path otherBuild = AgentBuilds.anotherBuild();
        Attach.loadJar(pid, otherBuild, "timers.lag.threshold=0");
        Jvm.Result r = ticker.await().assertExitCode(0);

        List<String> lines = r.stderrLines().stream().filter(l -> l.startsWith("punctual:")).toList();
        assertEquals(1, lines.size(), r.stderr);
        assertTrue(lines.get(0).contains("already runs another build of Punctual"), lines.get(0));

        Recording recording = Recording.read(jfr);
        List<RecordedEvent> lag = recording.events("punctual.TimerLag");
        assertTrue(lag.size() > 500, "the first attach recorded every tick: " + lag.size());
        Instant last = lag.get(lag.size() - 1).getStartTime();
        assertTrue(last.isBefore(thresholdOff), "threshold off took effect: last event " + last + ", off at " + thresholdOff);
        // Another build's threshold of 0 was refused with the build: no event came after it either.
        assertTrue(recording.events("punctual.TimerLagSummary").stream().anyMatch(e -> e.getLong("count") > 3000),
                "the summary still counts every tick of the run");
    }
}
