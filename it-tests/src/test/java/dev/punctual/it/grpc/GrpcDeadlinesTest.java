package dev.punctual.it.grpc;

import dev.punctual.it.support.JmcTypes;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtherAgent;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Default deadlines for gRPC calls, with the grpc sample app's real server on loopback, on the newest
 * gRPC (the app's own jar) and on the oldest line still common (the app's classes on that gRPC).
 */
class GrpcDeadlinesTest {
    private static final String HANG = "punctual.sample.Slow/Hang";
    private static final String CALLS = "dev.punctual.sample.grpc.Calls";
    private static final Pattern LINE = Pattern.compile(
            "^call style=(\\S+) method=(\\S+) deadline=\\S+ context-deadline=\\S+ outcome=(\\S+) elapsed=(\\d+)ms", Pattern.MULTILINE);

    record Call(String style, String method, String outcome, long elapsedMillis) {
    }

    private static List<Call> run(String grpc, String name, String agentArgs, Path jfr, String... appArgs) {
        Jvm jvm = Jvm.named("grpc-" + grpc + "-" + name);
        if (agentArgs != null) {
            jvm.agent(agentArgs);
        }
        if (jfr != null) {
            jvm.recording(jfr);
        }
        if (grpc.equals("current")) {
            jvm.sampleApp("grpc", appArgs);
        } else {
            if (Jvm.javaFeatureVersion() >= 23) {
                // The older gRPC's Guava uses sun.misc.Unsafe, which JDK 24+ warns about on stderr: that
                // old library's noise, not the agent's, which the tests require to be silent.
                jvm.option("--sun-misc-unsafe-memory-access=allow");
            }
            jvm.classPath(legacyClassPath(), "dev.punctual.sample.grpc.GrpcApp", appArgs);
        }
        Jvm.Result r;
        try {
            r = jvm.run().assertExitCode(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals("", r.stderr, r.toString());
        List<Call> calls = new ArrayList<>();
        Matcher m = LINE.matcher(r.stdout);
        while (m.find()) {
            calls.add(new Call(m.group(1), m.group(2), m.group(3), Long.parseLong(m.group(4))));
        }
        assertFalse(calls.isEmpty(), r.toString());
        return calls;
    }

    /** The app's own classes, the sample apps' common classes, and the older gRPC with what it needs. */
    private static String legacyClassPath() {
        Path app = Jvm.sampleJar("grpc").resolveSibling("original-grpc.jar");
        Path legacy = Path.of(System.getProperty("punctual.grpc.legacy"));
        try (Stream<Path> common = Files.list(app.getParent().getParent().getParent().resolve("common/target"));
             Stream<Path> jars = Files.list(legacy)) {
            List<String> path = new ArrayList<>(List.of(app.toString()));
            common.filter(p -> p.getFileName().toString().matches("sample-common-.*\\.jar")).forEach(p -> path.add(p.toString()));
            jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> path.add(p.toString()));
            assertTrue(path.size() > 5, "the older gRPC's jars are in " + legacy + ": " + path);
            return String.join(java.io.File.pathSeparator, path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app's own measure of a call: beside another agent, with that agent's {@link OtherAgent#lateAllowance()}. */
    private static void assertWithin(Call c, long from, long to) {
        to += OtherAgent.lateAllowance().toMillis();
        assertTrue(c.elapsedMillis() >= from && c.elapsedMillis() <= to, c + ", expected " + from + ".." + to + " ms");
    }

    @ParameterizedTest(name = "gRPC {0}")
    @ValueSource(strings = {"current", "legacy"})
    void enforceEndsAHangingCallInEveryStyle(String grpc) throws Exception {
        Path jfr = Jvm.file("grpc-" + grpc + "-enforce.jfr");
        List<Call> calls = run(grpc, "enforce", "grpc.timeout=700ms", jfr, "--method", "hang", "--give-up", "5s");
        assertEquals(Set.of("blocking", "future", "async", "intercepted"), calls.stream().map(Call::style).collect(Collectors.toSet()));
        for (Call c : calls) {
            assertEquals("DEADLINE_EXCEEDED", c.outcome(), c.toString());
            assertWithin(c, 700, 1200);
        }
        Recording recording = Recording.read(jfr);
        List<RecordedEvent> injected = recording.events("punctual.DeadlineInjected");
        assertEquals(4, injected.size(), injected.toString());
        for (RecordedEvent e : injected) {
            assertEquals("gRPC", e.getString("client"));
            assertEquals(HANG, e.getString("target"));
            assertEquals("unary", e.getString("kind"));
            assertEquals(700_000_000L, Recording.nanos(e, "timeout"));
            assertEquals("punctual.grpc.timeout", e.getString("rule"));
        }
        List<RecordedEvent> exceeded = recording.events("punctual.DeadlineExceeded");
        assertEquals(4, exceeded.size(), exceeded.toString());
        for (RecordedEvent e : exceeded) {
            assertTrue(e.getBoolean("injected"));
            assertEquals(HANG, e.getString("target"));
            long elapsed = Recording.nanos(e, "elapsed");
            assertTrue(elapsed >= 690_000_000L && elapsed < 1_200_000_000L, e.toString());
        }
        long summarized = recording.events("punctual.DeadlineSummary").stream()
                .filter(e -> e.getString("client").equals("gRPC")).mapToLong(e -> e.getLong("exceeded")).sum();
        assertEquals(4, summarized);
        JmcTypes jmc = JmcTypes.read(jfr);
        jmc.assertType("punctual.DeadlineInjected", "Deadline Injected", List.of("timeout"));
        jmc.assertType("punctual.DeadlineExceeded", "Deadline Exceeded", List.of("timeout", "elapsed"));
    }

    @ParameterizedTest(name = "gRPC {0}")
    @ValueSource(strings = {"current", "legacy"})
    void theInProcessTransportGetsTheDefaultToo(String grpc) {
        for (Call c : run(grpc, "inprocess", "grpc.timeout=700ms", null, "--transport", "inprocess", "--method", "hang",
                "--give-up", "5s")) {
            assertEquals("DEADLINE_EXCEEDED", c.outcome(), c.toString());
            assertWithin(c, 700, 1200);
        }
    }

    @ParameterizedTest(name = "gRPC {0}")
    @ValueSource(strings = {"current", "legacy"})
    void aDeadlineTheCallerSetStays(String grpc) throws Exception {
        for (Call c : run(grpc, "longer", "grpc.timeout=700ms", null, "--method", "delay:1500ms", "--deadline", "3s")) {
            assertEquals("OK", c.outcome(), c.toString());
            assertWithin(c, 1500, 2500);
        }
        Path jfr = Jvm.file("grpc-" + grpc + "-shorter.jfr");
        for (Call c : run(grpc, "shorter", "grpc.timeout=700ms", jfr, "--method", "hang", "--deadline", "300ms")) {
            assertEquals("DEADLINE_EXCEEDED", c.outcome(), c.toString());
            assertWithin(c, 300, 800);
        }
        Recording recording = Recording.read(jfr);
        assertEquals(List.of(), recording.events("punctual.DeadlineInjected"));
        List<RecordedEvent> exceeded = recording.events("punctual.DeadlineExceeded");
        assertEquals(4, exceeded.size());
        for (RecordedEvent e : exceeded) {
            assertFalse(e.getBoolean("injected"), e.toString());
        }
        for (Call c : run(grpc, "context", "grpc.timeout=5s", null, "--method", "hang", "--context-deadline", "300ms")) {
            assertEquals("DEADLINE_EXCEEDED", c.outcome(), "a deadline on the Context counts as the caller's: " + c);
            assertWithin(c, 300, 800);
        }
    }

    @ParameterizedTest(name = "gRPC {0}")
    @ValueSource(strings = {"current", "legacy"})
    void aCallInsideAServerHandlerKeepsTheInboundDeadline(String grpc) {
        // Relay's handler calls Hang with no deadline of its own, within the caller's 1.5 s: a default of
        // 300 ms applied to it would end the relay at 300 ms.
        Call c = run(grpc, "relay", "grpc.timeout=300ms", null, "--method", "relay", "--deadline", "1500ms",
                "--style", "blocking", "--give-up", "5s").get(0);
        assertEquals("DEADLINE_EXCEEDED", c.outcome(), c.toString());
        assertWithin(c, 1500, 2200);
    }

    @ParameterizedTest(name = "gRPC {0}")
    @ValueSource(strings = {"current", "legacy"})
    void theMostSpecificServiceOrMethodRuleWins(String grpc) {
        String rules = "grpc.timeout=5s,grpc.timeout.punctual.sample.Slow=900ms,grpc.timeout.punctual.sample.Slow/Hang=400ms";
        for (Call c : run(grpc, "method-rule", rules, null, "--method", "hang", "--style", "blocking")) {
            assertWithin(c, 400, 900);
        }
        for (Call c : run(grpc, "service-rule", rules, null, "--method", "delay:3s", "--style", "blocking")) {
            assertEquals("DEADLINE_EXCEEDED", c.outcome(), c.toString());
            assertWithin(c, 900, 1400);
        }
    }

    @ParameterizedTest(name = "gRPC {0}")
    @ValueSource(strings = {"current", "legacy"})
    void aServerStreamIsCutOnlyWhenTheStreamingPolicySaysSo(String grpc) {
        Call untouched = run(grpc, "stream-none", "grpc.timeout=700ms", null, "--method", "stream:2s").get(0);
        assertEquals("OK", untouched.outcome(), untouched.toString());
        assertWithin(untouched, 2000, 3500);
        Call cut = run(grpc, "stream-server", "grpc.timeout=700ms,grpc.streaming=server", null, "--method", "stream:2s").get(0);
        assertEquals("DEADLINE_EXCEEDED", cut.outcome(), cut.toString());
        assertWithin(cut, 700, 1200);
    }

    @ParameterizedTest(name = "gRPC {0}")
    @ValueSource(strings = {"current", "legacy"})
    void observeChangesNothingAndShowsTheCallingMethod(String grpc) throws Exception {
        String[] args = {"--method", "delay:1200ms"};
        List<Call> without = run(grpc, "observe-baseline", null, null, args);
        Path jfr = Jvm.file("grpc-" + grpc + "-observe.jfr");
        List<Call> observed = run(grpc, "observe", "mode=observe,grpc.timeout=300ms", jfr, args);
        assertEquals(without.stream().map(Call::outcome).collect(Collectors.toList()),
                observed.stream().map(Call::outcome).collect(Collectors.toList()));
        assertTrue(observed.stream().allMatch(c -> c.outcome().equals("OK")), observed.toString());
        Recording recording = Recording.read(jfr);
        assertEquals(List.of(), recording.events("punctual.DeadlineInjected"));
        // The calling method is on each event's stack; above it may be the application's own interceptors.
        Map<String, Long> byCaller = recording.events("punctual.DeadlineMissing").stream()
                .collect(Collectors.groupingBy(GrpcDeadlinesTest::callingMethod, Collectors.counting()));
        assertEquals(Map.of(CALLS + ".blocking", 1L, CALLS + ".future", 1L, CALLS + ".async", 1L, CALLS + ".intercepted", 1L),
                byCaller);
    }

    /** The first frame of the sample app's Calls class. */
    private static String callingMethod(RecordedEvent e) {
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (f.getMethod().getType().getName().equals(CALLS)) {
                return CALLS + "." + f.getMethod().getName();
            }
        }
        return "none";
    }
}
