package dev.punctual.it.clock;

import dev.punctual.it.apps.ClockWatcher;
import dev.punctual.it.support.DebianPackage;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real wall clock step, seen by a JVM whose monotonic clock does not jump: libfaketime, preloaded
 * into the child JVM, adds the offset in a file it re-reads on every call (FAKETIME_NO_CACHE) to the
 * wall clock only (FAKETIME_DONT_FAKE_MONOTONIC: without it CLOCK_MONOTONIC takes the same offset, so
 * both clocks step together, and a backward step would even run the monotonic clock backward). The
 * test steps one JVM's wall clock an hour forward, then an hour and a half backward; a second JVM, the
 * control, gets the same library and no step, but is stopped (SIGSTOP) for 2 s: a pause moves both
 * clocks alike and must not read as a step. The two run side by side to keep the test short.
 */
public class ClockStepTest {
    static final String EVENT = "punctual.ClockStep";
    static final String WATCHER_THREAD = "punctual-clock-watch";
    static final long FORWARD_SECONDS = 3_600;
    static final long BACKWARD_TO_SECONDS = -1_800;
    static final Duration STEP_TOLERANCE = Duration.ofSeconds(1);
    static final long RUN_MILLIS = 8_000;

    static Path steppedJfr;
    static Recording stepped;
    static Recording control;

    @BeforeAll
    static void run() throws Exception {
        Path lib = libfaketime();
        assertTrue(System.getenv("FAKETIME") == null,
                "FAKETIME is set in this environment: libfaketime would prefer it to the test's timestamp file; unset it");

        Path steppedOffset = offsetFile("clock-step.faketimerc");
        Path controlOffset = offsetFile("clock-control.faketimerc");
        steppedJfr = Jvm.file("clock-step.jfr");
        Path controlJfr = Jvm.file("clock-control.jfr");
        Jvm.Started steps = faked("clock-step", lib, steppedOffset, steppedJfr).start();
        Jvm.Started ctl = null;
        try {
            ctl = faked("clock-control", lib, controlOffset, controlJfr).start();
            String stepsPid = pid(steps);
            String ctlPid = pid(ctl);
            long t0 = System.nanoTime();

            // The watcher samples about once a second: each change lands between two of its samples,
            // with at least two samples before the next change and before the JVM exits.
            sleepUntil(t0, 2_500);
            setOffset(steppedOffset, "+" + FORWARD_SECONDS);
            signal("STOP", ctlPid);
            sleepUntil(t0, 4_500);
            signal("CONT", ctlPid);
            sleepUntil(t0, 5_500);
            setOffset(steppedOffset, Long.toString(BACKWARD_TO_SECONDS));

            assertQuiet(steps.await(), stepsPid);
            assertQuiet(ctl.await(), ctlPid);
        } finally {
            steps.process.destroyForcibly();
            if (ctl != null) {
                ctl.process.destroyForcibly();
            }
        }
        stepped = Recording.read(steppedJfr);
        control = Recording.read(controlJfr);
    }

    @Test
    void aForwardAndABackwardStepAreEachOneEventOfTheRightSignAndSize() {
        List<RecordedEvent> events = stepped.events(EVENT);
        assertEquals(2, events.size(), events.toString());

        RecordedEvent forward = events.get(0);
        assertNear(Duration.ofSeconds(FORWARD_SECONDS), forward.getDuration("step"), forward);
        RecordedEvent backward = events.get(1);
        assertNear(Duration.ofSeconds(BACKWARD_TO_SECONDS - FORWARD_SECONDS), backward.getDuration("step"), backward);
    }

    @Test
    void theWallClockReadingsAroundEachStepAreTheSamplesThatFramedIt() {
        for (RecordedEvent e : stepped.events(EVENT)) {
            Instant before = e.getInstant("wallBefore");
            Instant after = e.getInstant("wallAfter");
            // What the wall clock moved, less the step, is the time that really passed between the two
            // samples: about the 1 s sampling period, and the event's own duration (JFR's clock).
            Duration passed = Duration.between(before, after).minus(e.getDuration("step"));
            assertTrue(passed.compareTo(Duration.ofMillis(500)) > 0 && passed.compareTo(Duration.ofSeconds(4)) < 0, passed + " in " + e);
            assertTrue(passed.minus(e.getDuration()).abs().compareTo(Duration.ofMillis(250)) < 0,
                    "duration " + e.getDuration() + ", wall clock moved " + passed + " beyond the step: " + e);
        }
        RecordedEvent forward = stepped.events(EVENT).get(0);
        RecordedEvent backward = stepped.events(EVENT).get(1);
        // The first sample after the forward step is an hour ahead of the event's own (unstepped) JFR time.
        assertNear(Duration.ofSeconds(FORWARD_SECONDS), Duration.between(forward.getEndTime(), forward.getInstant("wallAfter")), forward);
        assertNear(Duration.ofSeconds(FORWARD_SECONDS), Duration.between(backward.getStartTime(), backward.getInstant("wallBefore")), backward);
        assertNear(Duration.ofSeconds(BACKWARD_TO_SECONDS), Duration.between(backward.getEndTime(), backward.getInstant("wallAfter")), backward);
        assertEquals(WATCHER_THREAD, forward.getThread().getJavaName());
    }

    @Test
    void aStoppedJvmIsNoStepAndTheWatcherSampledThroughout() {
        assertEquals(List.of(), control.events(EVENT));
        // The watcher's own parks (JFR's jdk.ThreadPark, over 20 ms by default): it kept sampling about
        // once a second for the whole run, and one of its waits held the 2 s stop, after which it compared
        // the clocks again and found them moved alike.
        List<Duration> parks = control.events("jdk.ThreadPark").stream()
                .filter(e -> e.getThread() != null && WATCHER_THREAD.equals(e.getThread().getJavaName()))
                .map(RecordedEvent::getDuration)
                .collect(Collectors.toList());
        assertTrue(parks.size() >= 4, "the watcher parked " + parks);
        // The stop lands inside a 1 s park, which returns as soon as the JVM runs again.
        assertTrue(parks.stream().anyMatch(d -> d.compareTo(Duration.ofMillis(1_800)) > 0), "one park held the 2 s stop: " + parks);
    }

    @Test
    void jmcReadsTheEventsLabelUnitsAndSignedSteps() throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(steppedJfr.toFile()).apply(ItemFilters.type(EVENT));
        List<Long> stepSeconds = new ArrayList<>();
        for (IItemIterable iterable : items) {
            IType<IItem> type = iterable.getType();
            assertEquals("Clock Step", type.getName());
            assertFalse(type.getDescription() == null || type.getDescription().isEmpty(), "a description");
            Map<String, IAccessorKey<?>> keys = type.getAccessorKeys().keySet().stream()
                    .collect(Collectors.toMap(IAccessorKey::getIdentifier, k -> k, (a, b) -> a));
            assertEquals(UnitLookup.TIMESPAN, keys.get("step").getContentType(), "step is a timespan in JMC");
            assertEquals(UnitLookup.TIMESTAMP, keys.get("wallBefore").getContentType(), "wallBefore is a timestamp in JMC");
            assertEquals(UnitLookup.TIMESTAMP, keys.get("wallAfter").getContentType(), "wallAfter is a timestamp in JMC");
            @SuppressWarnings("unchecked")
            IMemberAccessor<IQuantity, IItem> step = type.getAccessor((IAccessorKey<IQuantity>) keys.get("step"));
            for (IItem item : iterable) {
                stepSeconds.add(Math.round(step.getMember(item).doubleValueIn(UnitLookup.SECOND)));
            }
        }
        stepSeconds.sort(null);
        assertEquals(List.of(BACKWARD_TO_SECONDS - FORWARD_SECONDS, FORWARD_SECONDS), stepSeconds);
    }

    private static void assertNear(Duration expected, Duration actual, RecordedEvent e) {
        assertTrue(actual.minus(expected).abs().compareTo(STEP_TOLERANCE) <= 0, "expected " + expected + ", was " + actual + ": " + e);
    }

    /**
     * A JVM with the agent, a recording and libfaketime. Two more settings keep libfaketime from hanging
     * the JVM (both seen here, on Debian 12's libfaketime 0.9.10):
     * <ul>
     * <li>FAKETIME_FORCE_MONOTONIC_FIX=0: the "monotonic fix", which libfaketime turns on by itself for
     * this glibc, makes every timed wait on a CLOCK_MONOTONIC condition variable (all of HotSpot's)
     * return at once: every JVM thread spins, start-up takes seconds and the JFR dump longer.</li>
     * <li>no execution sampling in the recording: with FAKETIME_NO_CACHE each clock read opens the
     * timestamp file; JFR's sampler suspends a thread with a signal, possibly inside that fopen, holding
     * glibc's stream-list lock, then reads the clock itself and waits for that lock for ever.</li>
     * </ul>
     */
    private static Jvm faked(String name, Path lib, Path offset, Path jfr) {
        return Jvm.named(name).agent("")
                .option("-XX:StartFlightRecording:settings=default,jdk.ExecutionSample#enabled=false,"
                        + "jdk.NativeMethodSample#enabled=false,filename=" + jfr)
                .env("LD_PRELOAD", lib.toString())
                .env("FAKETIME_TIMESTAMP_FILE", offset.toString())
                .env("FAKETIME_NO_CACHE", "1")
                .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
                .env("FAKETIME_FORCE_MONOTONIC_FIX", "0")
                .timeout(Duration.ofSeconds(40))
                .main(ClockWatcher.class, Long.toString(RUN_MILLIS));
    }

    private static String pid(Jvm.Started jvm) throws IOException, InterruptedException {
        return jvm.awaitLine("pid ", Duration.ofSeconds(20)).substring("pid ".length()).trim();
    }

    /** The app prints its pid and nothing else; the agent and libfaketime print nothing. */
    private static void assertQuiet(Jvm.Result r, String pid) {
        r.assertExitCode(0);
        assertEquals("pid " + pid + "\n", r.stdout);
        assertEquals("", r.stderr);
    }

    private static Path offsetFile(String name) throws IOException {
        Path p = Jvm.file(name);
        setOffset(p, "+0");
        return p;
    }

    /** Replaces the offset at once (a rename), so that libfaketime never reads a half-written file. */
    private static void setOffset(Path file, String offset) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, offset + "\n");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void sleepUntil(long t0, long millis) throws InterruptedException {
        long left = t0 + millis * 1_000_000L - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new AssertionError("kill -" + signal + " " + pid + " did not finish");
        }
        String out = new String(kill.getInputStream().readAllBytes());
        assertEquals(0, kill.exitValue(), "kill -" + signal + " " + pid + ": " + out);
    }

    /**
     * Debian's libfaketime, installed when missing (the tests run as root, like CI). A machine where it
     * cannot be installed fails this test: a skipped test would pass unseen.
     */
    public static Path libfaketime() throws IOException, InterruptedException {
        DebianPackage.ensure("libfaketime", () -> {
            try {
                return findLibfaketime() != null;
            } catch (IOException e) {
                return false;
            }
        });
        return findLibfaketime();
    }

    private static Path findLibfaketime() throws IOException {
        Path usrLib = Path.of("/usr/lib");
        if (!Files.isDirectory(usrLib)) {
            return null;
        }
        // /usr/lib/<multiarch triplet>/faketime/libfaketime.so.1, e.g. x86_64-linux-gnu
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(usrLib)) {
            for (Path d : dirs) {
                Path lib = d.resolve("faketime").resolve("libfaketime.so.1");
                if (Files.isReadable(lib)) {
                    return lib;
                }
            }
        }
        return null;
    }

}
