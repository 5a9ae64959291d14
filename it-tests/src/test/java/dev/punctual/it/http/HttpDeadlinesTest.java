package dev.punctual.it.http;

import dev.punctual.it.apps.OwnTraffic;
import dev.punctual.it.support.JmcTypes;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtherAgent;
import dev.punctual.it.support.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Default deadlines on loopback, with the http-client sample app's server whose endpoints hang or answer
 * late, and its calls through every client kind: HttpClient send, sendAsync (both forms),
 * HttpURLConnection, URL.openStream and URL.getContent.
 */
class HttpDeadlinesTest {
    private static final Set<String> ALL_KINDS = Set.of("send", "async", "async-push", "url", "stream", "content");
    private static final String CALLS = "dev.punctual.sample.http.Calls";

    private static HttpCalls run(String name, String agentArgs, Path jfr, String... appArgs) throws Exception {
        Jvm jvm = Jvm.named(name);
        if (agentArgs != null) {
            jvm.agent(agentArgs);
        }
        if (jfr != null) {
            jvm.recording(jfr);
        }
        Jvm.Result r = jvm.sampleApp("http-client", appArgs).run().assertExitCode(0);
        assertEquals("", r.stderr, r.toString());
        return HttpCalls.of(r);
    }

    /** The app's own measure of a call: beside another agent, with that agent's {@link OtherAgent#lateAllowance()}. */
    private static void assertWithin(HttpCalls.Call call, long from, long to) {
        to += OtherAgent.lateAllowance().toMillis();
        assertTrue(call.elapsedMillis() >= from && call.elapsedMillis() <= to, call + ", expected " + from + ".." + to + " ms");
    }

    @Test
    void enforceEndsAHangingCallWithTheClientsOwnTimeout() throws Exception {
        Path jfr = Jvm.file("http-enforce.jfr");
        HttpCalls calls = run("http-enforce", "http.timeout=700ms", jfr, "--endpoint", "hang", "--give-up", "5s");
        assertEquals(ALL_KINDS, calls.calls().stream().map(HttpCalls.Call::client).collect(Collectors.toSet()));
        for (HttpCalls.Call c : calls.calls()) {
            assertEquals(HttpCalls.timeoutOf(c.client(), false), c.outcome(), c.toString());
            assertWithin(c, 700, 1200);
        }
        Recording recording = Recording.read(jfr);
        List<RecordedEvent> injected = recording.events("punctual.DeadlineInjected");
        // Each call missed both timeouts: 6 calls, 12 events, 6 of each client kind's...
        assertEquals(12, injected.size(), injected.toString());
        for (RecordedEvent e : injected) {
            boolean connect = e.getString("kind").equals("connect");
            assertEquals(connect ? 10_000_000_000L : 700_000_000L, Recording.nanos(e, "timeout"));
            assertEquals(connect ? "punctual.http.connect-timeout" : "punctual.http.timeout", e.getString("rule"));
            assertTrue(e.getString("target").startsWith("127.0.0.1:"), e.toString());
            assertTrue(Set.of("connect", "request", "read").contains(e.getString("kind")));
        }
        List<RecordedEvent> exceeded = recording.events("punctual.DeadlineExceeded");
        assertEquals(6, exceeded.size(), exceeded.toString());
        for (RecordedEvent e : exceeded) {
            assertTrue(e.getBoolean("injected"), e.toString());
            assertEquals(700_000_000L, Recording.nanos(e, "timeout"));
            long elapsed = Recording.nanos(e, "elapsed");
            assertTrue(elapsed >= 690_000_000L && elapsed < 1_200_000_000L, e.toString());
            assertEquals(e.getString("client").equals("HttpURLConnection") ? "read" : "request", e.getString("kind"));
        }
        JmcTypes jmc = JmcTypes.read(jfr);
        jmc.assertType("punctual.DeadlineInjected", "Deadline Injected", List.of("timeout"));
        jmc.assertType("punctual.DeadlineExceeded", "Deadline Exceeded", List.of("timeout", "elapsed"));
        jmc.assertType("punctual.DeadlineSummary", "Deadline Summary", List.of());
    }

    @Test
    void enforceBoundsAConnectThatNeverCompletes() throws Exception {
        Path jfr = Jvm.file("http-connect.jfr");
        HttpCalls calls = run("http-connect", "http.connect-timeout=600ms", jfr, "--endpoint", "connect-hang",
                "--client", "send", "--give-up", "5s");
        HttpCalls.Call c = calls.calls().get(0);
        assertEquals("HttpConnectTimeoutException", c.outcome(), c.toString());
        assertWithin(c, 600, 1100);
        RecordedEvent e = Recording.read(jfr).events("punctual.DeadlineExceeded").get(0);
        assertEquals("connect", e.getString("kind"));
        assertTrue(e.getBoolean("injected"));
    }

    @Test
    void aBodyThatStopsComingEndsAtTheReadTimeoutAndIsReported() throws Exception {
        Path jfr = Jvm.file("http-body.jfr");
        HttpCalls calls = run("http-body", "http.timeout=500ms", jfr, "--client", "url", "--endpoint", "trickle:3:2s",
                "--give-up", "5s");
        HttpCalls.Call c = calls.calls().get(0);
        assertEquals("SocketTimeoutException", c.outcome(), "headers at once, then no byte for 2 s: " + c);
        assertWithin(c, 500, 1000);
        List<RecordedEvent> exceeded = Recording.read(jfr).events("punctual.DeadlineExceeded");
        assertEquals(1, exceeded.size(), exceeded.toString());
        assertEquals("read", exceeded.get(0).getString("kind"));
        assertTrue(exceeded.get(0).getBoolean("injected"));
    }

    @Test
    void aTimeoutTheApplicationSetStays() throws Exception {
        Path jfr = Jvm.file("http-explicit.jfr");
        HttpCalls longer = run("http-explicit-longer", "http.timeout=700ms", null,
                "--endpoint", "delay:1500ms", "--timeout", "3s", "--connect-timeout", "3s");
        for (HttpCalls.Call c : longer.calls()) {
            assertEquals("ok", c.outcome(), c.toString());
            assertWithin(c, 1500, 2500);
        }
        HttpCalls shorter = run("http-explicit-shorter", "http.timeout=700ms", jfr,
                "--endpoint", "hang", "--timeout", "300ms", "--connect-timeout", "3s");
        for (HttpCalls.Call c : shorter.calls()) {
            assertEquals(HttpCalls.timeoutOf(c.client(), false), c.outcome(), c.toString());
            assertWithin(c, 300, 650);
        }
        Recording recording = Recording.read(jfr);
        assertEquals(List.of(), recording.events("punctual.DeadlineInjected"));
        List<RecordedEvent> exceeded = recording.events("punctual.DeadlineExceeded");
        assertEquals(6, exceeded.size(), exceeded.toString());
        for (RecordedEvent e : exceeded) {
            assertFalse(e.getBoolean("injected"), e.toString());
            assertEquals(300_000_000L, Recording.nanos(e, "timeout"));
        }
    }

    @Test
    void theMostSpecificPerTargetRuleWins() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String rules = "http.timeout=5s,http.timeout.127.0.0.1=900ms,http.timeout.localhost=800ms,http.timeout.localhost:" + port + "=400ms";
        Map<String, long[]> expected = Map.of("127.0.0.1", new long[]{900, 1400}, "localhost", new long[]{400, 900});
        for (Map.Entry<String, long[]> host : expected.entrySet()) {
            HttpCalls calls = run("http-target-" + host.getKey(), rules, null, "--port", Integer.toString(port),
                    "--host", host.getKey(), "--endpoint", "hang", "--give-up", "6s");
            for (HttpCalls.Call c : calls.calls()) {
                assertEquals(host.getKey() + ":" + port, c.target());
                assertEquals(HttpCalls.timeoutOf(c.client(), false), c.outcome(), c.toString());
                assertWithin(c, host.getValue()[0], host.getValue()[1]);
            }
        }
    }

    @Test
    void offForOneTargetLeavesItsCallsAsTheyAre() throws Exception {
        Path jfr = Jvm.file("http-target-off.jfr");
        HttpCalls calls = run("http-target-off", "http.timeout=500ms,http.timeout.localhost=off", jfr,
                "--host", "localhost", "--client", "url", "--endpoint", "hang", "--give-up", "2s");
        assertEquals("hung", calls.calls().get(0).outcome(), calls.calls().toString());
        List<RecordedEvent> injected = Recording.read(jfr).events("punctual.DeadlineInjected");
        assertEquals(List.of("connect"), injected.stream().map(e -> e.getString("kind")).collect(Collectors.toList()),
                "the connect timeout still applies: only punctual.http.timeout is off for localhost");
    }

    @Test
    void observeChangesNothingAndReportsEachCallWhereItWasMade() throws Exception {
        Path jfr = Jvm.file("http-observe.jfr");
        String[] args = {"--endpoint", "delay:1200ms", "--give-up", "5s"};
        HttpCalls without = run("http-observe-baseline", null, null, args);
        HttpCalls observed = run("http-observe", "mode=observe,http.timeout=300ms", jfr, args);
        assertEquals(without.calls().size(), observed.calls().size());
        for (int i = 0; i < observed.calls().size(); i++) {
            assertEquals(without.calls().get(i).outcome(), observed.calls().get(i).outcome(), observed.calls().get(i).toString());
            assertEquals("ok", observed.calls().get(i).outcome(), "a 300 ms default would have failed it");
        }
        Recording recording = Recording.read(jfr);
        assertEquals(List.of(), recording.events("punctual.DeadlineInjected"));
        assertEquals(List.of(), recording.events("punctual.DeadlineExceeded"));
        List<RecordedEvent> missing = recording.events("punctual.DeadlineMissing");
        // Once per call and missing timeout: 6 calls, each without a connect and a request/read timeout.
        assertEquals(12, missing.size(), missing.toString());
        Map<String, List<String>> kindsByCaller = missing.stream().collect(Collectors.groupingBy(
                HttpDeadlinesTest::topApplicationFrame, Collectors.mapping(e -> e.getString("kind"), Collectors.toList())));
        Map<String, Set<String>> expected = Map.of(
                CALLS + ".send", Set.of("connect", "request"), CALLS + ".sendAsync", Set.of("connect", "request"),
                CALLS + ".sendAsyncWithPushHandler", Set.of("connect", "request"),
                CALLS + ".urlConnection", Set.of("connect", "read"), CALLS + ".openStream", Set.of("connect", "read"),
                CALLS + ".getContent", Set.of("connect", "read"));
        assertEquals(expected.keySet(), kindsByCaller.keySet(), "the calling method is the top application frame");
        for (Map.Entry<String, List<String>> e : kindsByCaller.entrySet()) {
            assertEquals(2, e.getValue().size(), "once per missing timeout: " + e);
            assertEquals(expected.get(e.getKey()), Set.copyOf(e.getValue()), e.getKey());
        }
        for (RecordedEvent e : missing) {
            assertEquals(e.getString("kind").equals("connect") ? 10_000_000_000L : 300_000_000L, Recording.nanos(e, "timeout"));
        }
    }

    /** The first frame of the event's stack trace that is neither the JDK's nor Punctual's. */
    static String topApplicationFrame(RecordedEvent e) {
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")
                    && !type.startsWith("dev.punctual.bootstrap.")) {
                return type + "." + f.getMethod().getName();
            }
        }
        return "none";
    }

    @Test
    void aBurstOfCallsStaysWithinTheEventBoundAndTheSummaryCountsThemAll() throws Exception {
        Path jfr = Jvm.file("http-burst.jfr");
        HttpCalls calls = run("http-burst", "http.timeout=5s", jfr, "--client", "url", "--endpoint", "ok", "--calls", "20000");
        assertEquals(20_000, calls.calls().size());
        Recording recording = Recording.read(jfr);
        List<RecordedEvent> injected = recording.events("punctual.DeadlineInjected");
        assertTrue(injected.size() <= 5 * 2, "at most 5 per call site per minute (the run may straddle a minute): " + injected.size());
        long counted = recording.events("punctual.DeadlineSummary").stream()
                .filter(e -> e.getString("client").equals("HttpURLConnection"))
                .mapToLong(e -> e.getLong("injected")).sum();
        assertEquals(40_000, counted, "both timeouts of every call");
    }

    @Test
    void theAgentsOwnTrafficIsNeverTouched() throws Exception {
        Path jfr = Jvm.file("http-own-traffic.jfr");
        Jvm.Result r = Jvm.named("http-own-traffic").agent("http.timeout=500ms").recording(jfr).main(OwnTraffic.class)
                .run().assertExitCode(0);
        assertEquals("application-caller SocketTimeoutException\npunctual-exporter hung\n", r.stdout);
        Recording recording = Recording.read(jfr);
        assertEquals(2, recording.events("punctual.DeadlineInjected").size(), "the application's call only");
    }
}
