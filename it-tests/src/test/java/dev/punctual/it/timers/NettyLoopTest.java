package dev.punctual.it.timers;

import dev.punctual.it.apps.NettyLoopTicks;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.LagMatch;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fixed-rate task on a Netty event loop: each run measured as the task measured itself. */
class NettyLoopTest {
    @Test
    void everyRunMatchesItsOwnMeasurement() throws Exception {
        Path jfr = Jvm.file("netty-loop.jfr");
        Path gt = Jvm.file("netty-loop.truth");
        Jvm.Result r = Jvm.named("netty-loop").agent("timers.lag.threshold=0").recording(jfr)
                .main(NettyLoopTicks.class, gt.toString()).run().assertExitCode(0);
        assertEquals("runs: 300\n", r.stdout);
        long[] truth = Files.readAllLines(gt).stream().mapToLong(Long::parseLong).toArray();
        List<RecordedEvent> events = Recording.read(jfr).events("punctual.TimerLag").stream()
                .filter(e -> NettyLoopTicks.Tick.class.getName().equals(e.getString("task")))
                .collect(Collectors.toList());
        assertTrue(events.size() >= truth.length, "every run: " + events.size());
        // The loop may run the task once more before the cancel lands: compare the runs the task recorded.
        LagMatch.assertMatches(events.subList(0, truth.length), truth, 0);
        long late = 0;
        for (RecordedEvent e : events) {
            assertEquals("NettyEventLoop", e.getString("timerKind"));
            assertEquals("ticks-1", e.getString("scheduler"));
            assertTrue(e.getBoolean("periodic"));
            assertEquals(2_000_000L, Recording.nanos(e, "period"));
            late += Recording.nanos(e, "lag") > 5_000_000L ? 1 : 0;
        }
        assertTrue(late >= 3, "the stall made a catch-up: " + late);
    }
}
