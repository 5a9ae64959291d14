package dev.punctual.it.timers;

import dev.punctual.it.apps.NettyWheels;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.LagMatch;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Netty's HashedWheelTimer, plain and as shaded inside grpc-netty-shaded: every timeout's lag agrees
 * with what the task measured itself, and the event carries the wheel's tick.
 */
class NettyWheelTest {
    static Recording recording;
    static Path plainTruth;
    static Path shadedTruth;

    @BeforeAll
    static void runWheels() throws Exception {
        Path jfr = Jvm.file("netty-wheel.jfr");
        plainTruth = Jvm.file("netty-wheel-plain.truth");
        shadedTruth = Jvm.file("netty-wheel-shaded.truth");
        Jvm.Result r = Jvm.named("netty-wheel").agent("timers.lag.threshold=0").recording(jfr)
                .main(NettyWheels.class, plainTruth.toString(), shadedTruth.toString()).run().assertExitCode(0);
        assertEquals("timeouts: " + NettyWheels.TIMEOUTS + " + " + NettyWheels.TIMEOUTS + "\n", r.stdout);
        recording = Recording.read(jfr);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"plain,dev.punctual.it.apps.NettyWheels$PlainTask,plain-wheel", "shaded,dev.punctual.it.apps.NettyWheels$ShadedTask,shaded-wheel"})
    void everyTimeoutMatchesItsOwnMeasurement(String copy, String task, String scheduler) throws Exception {
        List<String> lines = Files.readAllLines(copy.equals("plain") ? plainTruth : shadedTruth);
        long[] lowest = lines.stream().mapToLong(l -> Long.parseLong(l.split(" ")[0])).toArray();
        long[] highest = lines.stream().mapToLong(l -> Long.parseLong(l.split(" ")[1])).toArray();
        List<RecordedEvent> events = recording.events("punctual.TimerLag").stream()
                .filter(e -> task.equals(e.getString("task"))).collect(Collectors.toList());
        assertEquals(lowest.length, events.size(), "one event per timeout");
        LagMatch.assertMatches(events, lowest, highest, 0, LagMatch.TOLERANCE);
        for (RecordedEvent e : events) {
            assertEquals("HashedWheelTimer", e.getString("timerKind"));
            assertEquals(scheduler, e.getString("scheduler"));
            assertEquals(1_000_000L, Recording.nanos(e, "tick"));
        }
    }
}
